package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One Map Run of a Distributed Map state (AWS developer guide, "Using Map state in Distributed
 * mode"): reads the items (ItemReader from S3, or ItemsPath), applies ItemSelector with
 * {@code $$.Map.Item}, groups them with ItemBatcher, and runs one child execution per item or
 * batch, at most MaxConcurrency at a time, in item order. Failed children count against
 * ToleratedFailureCount/Percentage; past them the Map fails with
 * States.ExceedToleratedFailureThreshold. The parent's history gets MapRunStarted and
 * MapRunSucceeded/MapRunFailed only: every child keeps its own history, which is dropped when the
 * child ends, so the parent's history and memory do not grow with the number of items.
 *
 * <p>The result is the children's outputs in item order, one per child (per batch with
 * ItemBatcher). A failed child within tolerance contributes {@code {"Error": ..., "Cause": ...}}
 * at its place (ResultWriter, which AWS offers to store results in S3, is not supported).
 */
final class DistributedMapRun {

    /** Runs one child execution to its end. */
    @FunctionalInterface
    interface Children {
        /** @param childIndex the child's place in the Map Run (item index, or batch index with ItemBatcher) */
        ExecutionResult run(int childIndex, String childName, JsonNode childInput);
    }

    /** One child's input and how many items it carries (1 without ItemBatcher). */
    private record ChildInput(JsonNode input, int itemCount) {
    }

    private final State.MapState state;
    private final DistributedMap config;
    private final JsonNode effective;
    private final JsonNode context;
    private final DataFlow dataFlow;
    private final History history;
    private final ItemSource itemSource;
    private final Children children;

    /**
     * @param effective the Map's input after InputPath
     * @param context   the Map state's context object
     */
    DistributedMapRun(State.MapState state, JsonNode effective, JsonNode context, DataFlow dataFlow, History history,
                      ItemSource itemSource, Children children) {
        this.state = state;
        this.config = state.distributed();
        this.effective = effective;
        this.context = context;
        this.dataFlow = dataFlow;
        this.history = history;
        this.itemSource = itemSource;
        this.children = children;
    }

    ArrayNode run(History.Frame frame) {
        JsonNode items = items();
        List<ChildInput> inputs = childInputs(items);
        int concurrency = concurrency();
        Tolerance tolerance = new Tolerance(items.size(), inputs);
        String mapRunId = UUID.randomUUID().toString().substring(0, 8);
        String mapRunArn = ContextObject.mapRunArn(config.label(), mapRunId);
        history.record(frame, HistoryEventType.MAP_RUN_STARTED, state.name(), Json.NODES.objectNode()
                .put("mapRunArn", mapRunArn).put("itemCount", items.size()).put("childExecutionCount", inputs.size()));
        Branches.Outcome outcome;
        try {
            outcome = Branches.run("maprun-" + config.label(), inputs.size(), concurrency, index -> {
                JsonNode childInput = inputs.get(index).input();
                Payloads.check(childInput, "the input of child execution " + index + " of state '" + state.name() + "'");
                String childName = mapRunId + "-" + index;
                return () -> {
                    ExecutionResult result = children.run(index, childName, childInput);
                    if (!result.succeeded()) {
                        throw new StatesError(result.error(), result.cause());
                    }
                    return result.output();
                };
            }, tolerance);
        } catch (StatesError e) {
            history.record(frame, HistoryEventType.MAP_RUN_FAILED, state.name(),
                    ErrorHandling.errorDetails(e.error(), e.cause()).put("mapRunArn", mapRunArn));
            throw e;
        }
        ArrayNode result = Json.NODES.arrayNode();
        int failed = 0;
        for (int i = 0; i < inputs.size(); i++) {
            StatesError failure = outcome.failures()[i];
            if (failure == null) {
                result.add(outcome.results()[i]);
            } else {
                failed++;
                result.add(Json.NODES.objectNode().put("Error", failure.error()).put("Cause", failure.cause()));
            }
        }
        history.record(frame, HistoryEventType.MAP_RUN_SUCCEEDED, state.name(), Json.NODES.objectNode()
                .put("mapRunArn", mapRunArn).put("succeeded", inputs.size() - failed).put("failed", failed));
        return result;
    }

    // ---------------------------------------------------------------- items

    private JsonNode items() {
        if (config.itemReader() == null) {
            JsonNode items = state.itemsPath().select(effective, null);
            if (!items.isArray()) {
                throw new StatesError(StatesError.RUNTIME, "state '" + state.name() + "': ItemsPath '" + state.itemsPath().text()
                        + "' must select an array, got " + Json.describe(items));
            }
            return items;
        }
        DistributedMap.ItemReader reader = config.itemReader();
        JsonNode parameters = dataFlow.template(reader.parameters(), effective, context);
        String bucket = readerParameter(parameters, "Bucket");
        String key = readerParameter(parameters, "Key");
        byte[] bytes;
        try {
            bytes = itemSource.read(bucket, key);
        } catch (IOException e) {
            throw new StatesError(StatesError.ITEM_READER_FAILED, "state '" + state.name() + "': " + e.getMessage());
        }
        JsonNode items;
        try {
            items = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new StatesError(StatesError.ITEM_READER_FAILED, "state '" + state.name() + "': s3://" + bucket + "/" + key
                    + " is not valid JSON (ReaderConfig.InputType JSON needs a JSON array)");
        }
        if (items == null || !items.isArray()) {
            throw new StatesError(StatesError.ITEM_READER_FAILED, "state '" + state.name() + "': s3://" + bucket + "/" + key
                    + " holds " + Json.typeName(items) + ", not the JSON array ReaderConfig.InputType JSON needs");
        }
        Integer maxItems = positive(reader.maxItems(), reader.maxItemsPath(), "ReaderConfig.MaxItemsPath", Integer.MAX_VALUE);
        if (maxItems != null && maxItems < items.size()) {
            ArrayNode first = Json.NODES.arrayNode();
            for (int i = 0; i < maxItems; i++) {
                first.add(items.get(i));
            }
            return first;
        }
        return items;
    }

    private String readerParameter(JsonNode parameters, String field) {
        JsonNode value = parameters.get(field);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw new StatesError(StatesError.ITEM_READER_FAILED, "state '" + state.name() + "': ItemReader.Parameters." + field
                    + " must be a non-empty string, got " + (value == null ? "nothing" : Json.abbreviate(value)));
        }
        return value.textValue();
    }

    /** ItemSelector per item (with {@code $$.Map.Item}), then ItemBatcher. */
    private List<ChildInput> childInputs(JsonNode items) {
        List<JsonNode> selected = new ArrayList<>(items.size());
        for (int index = 0; index < items.size(); index++) {
            JsonNode item = items.get(index);
            selected.add(state.itemSelector() == null ? item
                    : dataFlow.template(state.itemSelector(), effective, ContextObject.withMapItem(context, index, item)));
        }
        DistributedMap.ItemBatcher batcher = config.itemBatcher();
        if (batcher == null) {
            return selected.stream().map(input -> new ChildInput(input, 1)).toList();
        }
        Integer maxItems = positive(batcher.maxItemsPerBatch(), batcher.maxItemsPerBatchPath(), "ItemBatcher.MaxItemsPerBatchPath",
                Integer.MAX_VALUE);
        Integer maxBytes = positive(batcher.maxInputBytesPerBatch(), batcher.maxInputBytesPerBatchPath(),
                "ItemBatcher.MaxInputBytesPerBatchPath", ExecutionLimits.MAX_PAYLOAD_BYTES);
        JsonNode batchInput = batcher.batchInput() == null ? null : dataFlow.template(batcher.batchInput(), effective, context);
        List<ChildInput> batches = new ArrayList<>();
        ObjectNode batch = null;
        int batchBytes = 0;
        for (int index = 0; index < selected.size(); index++) {
            JsonNode item = selected.get(index);
            int itemBytes = Json.sizeInBytes(item);
            if (batch != null) {
                boolean full = maxItems != null && batch.get("Items").size() >= maxItems
                        || maxBytes != null && batchBytes + 1 + itemBytes > maxBytes;
                if (full) {
                    batches.add(new ChildInput(batch, batch.get("Items").size()));
                    batch = null;
                }
            }
            if (batch == null) {
                batch = Json.NODES.objectNode();
                batch.putArray("Items");
                if (batchInput != null) {
                    batch.set("BatchInput", batchInput);
                }
                batchBytes = Json.sizeInBytes(batch);
                if (maxBytes != null && batchBytes + itemBytes > maxBytes) {
                    throw new StatesError(StatesError.RUNTIME, "state '" + state.name() + "': item " + index + " alone is "
                            + itemBytes + " bytes, more than ItemBatcher.MaxInputBytesPerBatch (" + maxBytes + ") allows");
                }
                batchBytes += itemBytes;
            } else {
                batchBytes += 1 + itemBytes;
            }
            ((ArrayNode) batch.get("Items")).add(item);
        }
        if (batch != null) {
            batches.add(new ChildInput(batch, batch.get("Items").size()));
        }
        return batches;
    }

    // ---------------------------------------------------------------- settings read at run time

    private int concurrency() {
        int max = Execution.maxConcurrency(state, effective);
        if (max > ExecutionLimits.MAX_DISTRIBUTED_MAP_CONCURRENCY) {
            throw new StatesError(StatesError.RUNTIME, "state '" + state.name() + "': MaxConcurrencyPath selected " + max
                    + ", more than the " + ExecutionLimits.MAX_DISTRIBUTED_MAP_CONCURRENCY + " child executions a Distributed Map runs at once");
        }
        return max == 0 ? ExecutionLimits.MAX_DISTRIBUTED_MAP_CONCURRENCY : max;
    }

    /** A constant, or a path into the input selecting an integer from 1 to {@code max}; null when neither is set. */
    private Integer positive(Integer constant, JsonPath path, String field, int max) {
        if (constant != null || path == null) {
            return constant;
        }
        JsonNode value = path.select(effective, null);
        if (!value.isIntegralNumber() || value.longValue() < 1 || value.longValue() > max) {
            throw new StatesError(StatesError.RUNTIME, "state '" + state.name() + "': " + field + " '" + path.text()
                    + "' must select an integer from 1 to " + max + ", got " + Json.describe(value));
        }
        return value.intValue();
    }

    /**
     * ToleratedFailureCount and ToleratedFailurePercentage (AWS developer guide, "Setting failure
     * thresholds for Distributed Map states"): failed items (a failed batch counts all its items)
     * above the count, or above the percentage of all items, fail the Map Run; with both, exceeding
     * either does; with neither, one failed item does.
     */
    private final class Tolerance implements Branches.FailurePolicy {
        private final int totalItems;
        private final List<ChildInput> inputs;
        private final Integer count;
        private final Double percentage;
        private int failedItems;

        Tolerance(int totalItems, List<ChildInput> inputs) {
            this.totalItems = totalItems;
            this.inputs = inputs;
            Integer toleratedCount = config.toleratedFailureCount();
            if (config.toleratedFailureCountPath() != null) {
                JsonNode value = config.toleratedFailureCountPath().select(effective, null);
                if (!value.isIntegralNumber() || value.longValue() < 0 || value.longValue() > Integer.MAX_VALUE) {
                    throw new StatesError(StatesError.RUNTIME, "state '" + state.name() + "': ToleratedFailureCountPath '"
                            + config.toleratedFailureCountPath().text() + "' must select an integer >= 0, got " + Json.describe(value));
                }
                toleratedCount = value.intValue();
            }
            Double toleratedPercentage = config.toleratedFailurePercentage() == null ? null
                    : config.toleratedFailurePercentage().doubleValue();
            if (config.toleratedFailurePercentagePath() != null) {
                JsonNode value = config.toleratedFailurePercentagePath().select(effective, null);
                if (!value.isNumber() || value.doubleValue() < 0 || value.doubleValue() > 100) {
                    throw new StatesError(StatesError.RUNTIME, "state '" + state.name() + "': ToleratedFailurePercentagePath '"
                            + config.toleratedFailurePercentagePath().text() + "' must select a number from 0 to 100, got "
                            + Json.describe(value));
                }
                toleratedPercentage = value.doubleValue();
            }
            this.count = toleratedCount == null && toleratedPercentage == null ? Integer.valueOf(0) : toleratedCount;
            this.percentage = toleratedPercentage;
        }

        @Override
        public StatesError onFailure(int index, StatesError failure) {
            failedItems += inputs.get(index).itemCount();
            boolean overCount = count != null && failedItems > count;
            boolean overPercentage = percentage != null && failedItems * 100.0 > percentage * totalItems;
            if (!overCount && !overPercentage) {
                return null;
            }
            return new StatesError(StatesError.EXCEED_TOLERATED_FAILURE_THRESHOLD, "The specified tolerated failure threshold was"
                    + " exceeded in state '" + state.name() + "': " + failedItems + " of " + totalItems + " items failed (tolerated: "
                    + (count == null ? "" : count + " items") + (count != null && percentage != null ? ", " : "")
                    + (percentage == null ? "" : percentage + "%") + "); last failure " + failure.error() + ": " + failure.cause());
        }
    }
}
