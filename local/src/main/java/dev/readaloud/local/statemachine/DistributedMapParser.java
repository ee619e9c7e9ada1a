package dev.readaloud.local.statemachine;

import static dev.readaloud.local.statemachine.DefinitionFields.checkFields;
import static dev.readaloud.local.statemachine.DefinitionFields.positiveInt;
import static dev.readaloud.local.statemachine.DefinitionFields.referencePath;
import static dev.readaloud.local.statemachine.DefinitionFields.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the Distributed Map fields of a Map state into {@link DistributedMap}, rejecting by name
 * what the engine does not run (ResultWriter, other readers and input types).
 */
final class DistributedMapParser {

    private static final Pattern LABEL = Pattern.compile("[^\\s?*<>{}\\[\\]\"#%\\\\^|~`$&,;:/\\p{Cntrl}]+");

    private DistributedMapParser() {
    }

    static DistributedMap distributed(DistributedMap.ExecutionType executionType, String name, JsonNode node, String where) {
        if (node.has("ResultWriter")) {
            throw new DefinitionException(where + ": field 'ResultWriter' is not supported by the local engine"
                    + " (the Map's result is its output, within the 256 KiB payload quota)");
        }
        DistributedMap.ItemReader reader = node.has("ItemReader") ? itemReader(node.get("ItemReader"), where) : null;
        DistributedMap.ItemBatcher batcher = node.has("ItemBatcher") ? itemBatcher(node.get("ItemBatcher"), where) : null;
        if (node.has("ToleratedFailureCount") && node.has("ToleratedFailureCountPath")) {
            throw new DefinitionException(where + ": has both 'ToleratedFailureCount' and 'ToleratedFailureCountPath'");
        }
        if (node.has("ToleratedFailurePercentage") && node.has("ToleratedFailurePercentagePath")) {
            throw new DefinitionException(where + ": has both 'ToleratedFailurePercentage' and 'ToleratedFailurePercentagePath'");
        }
        Integer count = null;
        if (node.has("ToleratedFailureCount")) {
            JsonNode value = node.get("ToleratedFailureCount");
            if (!value.isIntegralNumber() || value.longValue() < 0 || value.longValue() > Integer.MAX_VALUE) {
                throw new DefinitionException(where + ": field 'ToleratedFailureCount' must be an integer >= 0");
            }
            count = value.intValue();
        }
        BigDecimal percentage = null;
        if (node.has("ToleratedFailurePercentage")) {
            JsonNode value = node.get("ToleratedFailurePercentage");
            if (!value.isNumber() || value.doubleValue() < 0 || value.doubleValue() > 100) {
                throw new DefinitionException(where + ": field 'ToleratedFailurePercentage' must be a number from 0 to 100");
            }
            percentage = value.decimalValue();
        }
        String label = name;
        if (node.has("Label")) {
            JsonNode value = node.get("Label");
            // AWS developer guide, "Using Map state in Distributed mode" > Label: at most 40 characters,
            // none of them whitespace, wildcards, brackets, special characters or control characters.
            if (!value.isTextual() || value.textValue().isEmpty() || value.textValue().length() > 40
                    || !LABEL.matcher(value.textValue()).matches()) {
                throw new DefinitionException(where + ": field 'Label' must be 1 to 40 characters without whitespace,"
                        + " wildcards, brackets, control characters or any of \" # % \\ ^ | ~ ` $ & , ; : /");
            }
            label = value.textValue();
        }
        return new DistributedMap(executionType, reader, batcher, count, referencePath(node, "ToleratedFailureCountPath", where),
                percentage, referencePath(node, "ToleratedFailurePercentagePath", where), label);
    }

    static DistributedMap.ItemReader itemReader(JsonNode node, String where) {
        String field = where + " field 'ItemReader'";
        if (node.isObject() && node.has("Arguments")) {
            throw new DefinitionException(field + ": 'Arguments' belongs to JSONata, which this engine does not support (use Parameters)");
        }
        checkFields(node, Set.of("Resource", "Parameters", "ReaderConfig"), field);
        JsonNode resource = node.get("Resource");
        if (resource == null || !resource.isTextual()) {
            throw new DefinitionException(field + ": 'Resource' is required and must be a string");
        }
        if (!resource.textValue().equals(DistributedMap.S3_GET_OBJECT)) {
            throw new DefinitionException(field + ": Resource '" + resource.textValue()
                    + "' is not supported by the local engine (only " + DistributedMap.S3_GET_OBJECT + " with InputType JSON)");
        }
        JsonNode config = node.get("ReaderConfig");
        if (config == null) {
            throw new DefinitionException(field + ": 'ReaderConfig' with InputType JSON is required for " + DistributedMap.S3_GET_OBJECT);
        }
        if (config.isObject() && config.has("InputType") && config.get("InputType").isTextual()
                && !config.get("InputType").textValue().equals("JSON")) {
            throw new DefinitionException(where + ": ItemReader with InputType " + config.get("InputType").textValue()
                    + " is not supported by the local engine (only JSON)");
        }
        checkFields(config, Set.of("InputType", "MaxItems", "MaxItemsPath"), field + " ReaderConfig");
        JsonNode inputType = config.get("InputType");
        if (inputType == null || !inputType.isTextual()) {
            throw new DefinitionException(field + ": 'ReaderConfig.InputType' is required (JSON)");
        }
        if (config.has("MaxItems") && config.has("MaxItemsPath")) {
            throw new DefinitionException(field + ": has both 'ReaderConfig.MaxItems' and 'ReaderConfig.MaxItemsPath'");
        }
        Integer maxItems = config.has("MaxItems") ? positiveInt(config.get("MaxItems"), field, "ReaderConfig.MaxItems") : null;
        JsonNode parameters = node.get("Parameters");
        if (parameters == null) {
            throw new DefinitionException(field + ": 'Parameters' with Bucket and Key is required");
        }
        PayloadTemplate template = template(parameters, where, "ItemReader.Parameters");
        for (String key : template.keys()) {
            String plain = key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
            if (!plain.equals("Bucket") && !plain.equals("Key")) {
                throw new DefinitionException(field + ": 'Parameters." + key + "' is not supported by the local engine (only Bucket and Key)");
            }
        }
        if (!template.hasField("Bucket") || !template.hasField("Key")) {
            throw new DefinitionException(field + ": 'Parameters' must set Bucket and Key");
        }
        return new DistributedMap.ItemReader(template, maxItems, referencePath(config, "MaxItemsPath", field + " ReaderConfig"));
    }

    static DistributedMap.ItemBatcher itemBatcher(JsonNode node, String where) {
        String field = where + " field 'ItemBatcher'";
        checkFields(node, Set.of("MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch",
                "MaxInputBytesPerBatchPath", "BatchInput"), field);
        if (node.has("MaxItemsPerBatch") && node.has("MaxItemsPerBatchPath")) {
            throw new DefinitionException(field + ": has both 'MaxItemsPerBatch' and 'MaxItemsPerBatchPath'");
        }
        if (node.has("MaxInputBytesPerBatch") && node.has("MaxInputBytesPerBatchPath")) {
            throw new DefinitionException(field + ": has both 'MaxInputBytesPerBatch' and 'MaxInputBytesPerBatchPath'");
        }
        if (!node.has("MaxItemsPerBatch") && !node.has("MaxItemsPerBatchPath") && !node.has("MaxInputBytesPerBatch")
                && !node.has("MaxInputBytesPerBatchPath")) {
            throw new DefinitionException(field + ": needs at least one of 'MaxItemsPerBatch', 'MaxInputBytesPerBatch' (or their Path forms)");
        }
        Integer items = node.has("MaxItemsPerBatch") ? positiveInt(node.get("MaxItemsPerBatch"), field, "MaxItemsPerBatch") : null;
        Integer bytes = null;
        if (node.has("MaxInputBytesPerBatch")) {
            bytes = positiveInt(node.get("MaxInputBytesPerBatch"), field, "MaxInputBytesPerBatch");
            if (bytes > ExecutionLimits.MAX_PAYLOAD_BYTES) {
                throw new DefinitionException(field + ": 'MaxInputBytesPerBatch' must be at most " + ExecutionLimits.MAX_PAYLOAD_BYTES
                        + " (256 KiB), got " + bytes);
            }
        }
        PayloadTemplate batchInput = node.has("BatchInput") ? template(node.get("BatchInput"), where, "ItemBatcher.BatchInput") : null;
        return new DistributedMap.ItemBatcher(items, referencePath(node, "MaxItemsPerBatchPath", field), bytes,
                referencePath(node, "MaxInputBytesPerBatchPath", field), batchInput);
    }
}
