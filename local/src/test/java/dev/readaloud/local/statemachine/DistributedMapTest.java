package dev.readaloud.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.readaloud.local.s3.EmbeddedS3;
import dev.readaloud.local.s3.S3ItemSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Distributed Map (AWS developer guide, "Using Map state in Distributed mode", "ItemReader",
 * "ItemBatcher", "Setting failure thresholds for Distributed Map states"): items read from a real
 * (embedded) S3, batching, tolerated failures, child executions with their own history.
 */
@Timeout(120) // a concurrency bug must fail the build, not hang it
class DistributedMapTest {

    private static final String BUCKET = "plans";
    private static EmbeddedS3 s3;

    @BeforeAll
    static void startS3() {
        s3 = EmbeddedS3.start(null);
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    private static void put(String key, String json) {
        s3.client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(json));
    }

    private static String numbers(int count) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append(i);
        }
        return json.append("]").toString();
    }

    private static ExecutionResult run(String definition, String input, TaskResource task) {
        Engine engine = new Engine((state, resource) -> task, EngineOptions.instant(), EngineClock.SYSTEM,
                new S3ItemSource(s3.client()));
        return engine.run(StateMachine.load(definition, Map.of()), "parent", Json.parse(input, "input"), null);
    }

    /** A Distributed Map state {@code M} with the given extra fields and processor states. */
    private static String machine(String mapFields, String processorStates, String otherStates) {
        return """
                {"StartAt": "M", "States": {"M": {"Type": "Map", %s
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "C", "States": {%s}}, "End": true}%s}}""".formatted(mapFields, processorStates, otherStates);
    }

    private static final String ECHO_TASK = "\"C\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:lambda:x:1:function:f\", \"End\": true}";
    private static final String PASS = "\"C\": {\"Type\": \"Pass\", \"End\": true}";
    private static final String S3_READER = """
            "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON"%s},
              "Parameters": {"Bucket.$": "$.bucket", "Key.$": "$.key"}},""";

    @Test
    void itemReader_readsTheJsonArrayFromS3_andItemSelectorSeesMapItemContext() {
        // AWS docs: "ItemReader (Map)" > JSON file in S3; "ItemSelector (Map)" > $$.Map.Item.Index/Value.
        put("renders/r1/plan.json", "[{\"t\": \"a\"}, {\"t\": \"b\"}, {\"t\": \"c\"}, {\"t\": \"d\"}, {\"t\": \"e\"}]");

        ExecutionResult result = run(machine(S3_READER.formatted(", \"MaxItems\": 4") + """
                "ItemSelector": {"index.$": "$$.Map.Item.Index", "text.$": "$$.Map.Item.Value.t", "render.$": "$.id"},""", PASS, ""),
                "{\"bucket\": \"plans\", \"key\": \"renders/r1/plan.json\", \"id\": \"r1\"}", null);

        assertThat(result.status()).as("%s %s", result.error(), result.cause()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("""
                [{"index": 0, "text": "a", "render": "r1"}, {"index": 1, "text": "b", "render": "r1"},
                 {"index": 2, "text": "c", "render": "r1"}, {"index": 3, "text": "d", "render": "r1"}]""", "expected"));
        // The parent's history has the Map Run, not the children's events.
        assertThat(result.history()).extracting(HistoryEvent::type).containsExactly(
                "ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunSucceeded",
                "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded");
    }

    @Test
    void itemReader_aMissingObjectOrANonArray_isStatesItemReaderFailed_whichCatchCanRoute() {
        // AWS docs: "Handling errors" > States.ItemReaderFailed.
        put("renders/r2/plan.json", "{\"not\": \"an array\"}");
        String catching = machine(S3_READER.formatted("") + """
                "Catch": [{"ErrorEquals": ["States.ItemReaderFailed"], "Next": "Failed"}],""", PASS,
                ", \"Failed\": {\"Type\": \"Pass\", \"End\": true}");

        ExecutionResult missing = run(machine(S3_READER.formatted(""), PASS, ""),
                "{\"bucket\": \"plans\", \"key\": \"renders/none/plan.json\"}", null);
        ExecutionResult notArray = run(machine(S3_READER.formatted(""), PASS, ""),
                "{\"bucket\": \"plans\", \"key\": \"renders/r2/plan.json\"}", null);
        ExecutionResult caught = run(catching, "{\"bucket\": \"plans\", \"key\": \"renders/none/plan.json\"}", null);

        assertThat(missing.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(missing.cause()).contains("s3://plans/renders/none/plan.json").contains("NoSuchKey");
        assertThat(notArray.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(notArray.cause()).contains("not the JSON array");
        assertThat(caught.status()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
        assertThat(caught.output().get("Error").asText()).isEqualTo("States.ItemReaderFailed");
    }

    @Test
    void itemBatcher_givesEachChildItemsAndBatchInput() {
        // AWS docs: "ItemBatcher (Map)": each child execution's input is {"Items": [...], "BatchInput": {...}}.
        put("renders/r3/plan.json", numbers(10));
        List<JsonNode> childInputs = new CopyOnWriteArrayList<>();
        TaskResource record = (input, context) -> {
            childInputs.add(input);
            return IntNode.valueOf(input.get("Items").size());
        };

        ExecutionResult result = run(machine(S3_READER.formatted("") + """
                "ItemBatcher": {"MaxItemsPerBatch": 3, "BatchInput": {"render.$": "$.id", "kind": "chunks"}},
                "MaxConcurrency": 1,""", ECHO_TASK, ""),
                "{\"bucket\": \"plans\", \"key\": \"renders/r3/plan.json\", \"id\": \"r3\"}", record);

        assertThat(result.status()).as("%s %s", result.error(), result.cause()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
        assertThat(result.output()).isEqualTo(Json.parse("[3, 3, 3, 1]", "expected"));
        assertThat(childInputs.getFirst()).isEqualTo(Json.parse(
                "{\"Items\": [0, 1, 2], \"BatchInput\": {\"render\": \"r3\", \"kind\": \"chunks\"}}", "expected"));
        assertThat(childInputs.getLast().get("Items")).isEqualTo(Json.parse("[9]", "expected"));
    }

    @Test
    void itemBatcher_maxInputBytesPerBatch_boundsEveryChildInput() {
        // 40 items of 22 bytes each ("\"xxxxxxxxxxxxxxxxxxxx\""): a 100-byte batch input holds 3 of them
        // ({"Items":[]} is 12 bytes; 12 + 22 + 23 + 23 = 80, a fourth would make 103).
        put("renders/r4/plan.json", "[" + String.join(",", java.util.Collections.nCopies(40, "\"" + "x".repeat(20) + "\"")) + "]");
        List<JsonNode> childInputs = new CopyOnWriteArrayList<>();
        TaskResource record = (input, context) -> {
            childInputs.add(input);
            return IntNode.valueOf(input.get("Items").size());
        };

        ExecutionResult result = run(machine(S3_READER.formatted("") + """
                "ItemBatcher": {"MaxInputBytesPerBatch": 100}, "MaxConcurrency": 1,""", ECHO_TASK, ""),
                "{\"bucket\": \"plans\", \"key\": \"renders/r4/plan.json\"}", record);

        assertThat(result.status()).as("%s %s", result.error(), result.cause()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
        assertThat(childInputs).allSatisfy(input -> assertThat(Json.sizeInBytes(input)).isLessThanOrEqualTo(100));
        assertThat(childInputs).extracting(input -> input.get("Items").size()).containsOnly(3, 1);
        assertThat(childInputs.stream().mapToInt(input -> input.get("Items").size()).sum()).isEqualTo(40);
    }

    /** Items 0-9; the children for items 2 and 5 fail with Boom. */
    private static ExecutionResult withTolerance(String tolerance) {
        put("renders/tolerance/plan.json", numbers(10));
        TaskResource failTwoAndFive = (input, context) -> {
            if (Set.of(2, 5).contains(input.asInt())) {
                throw new TaskFailedException("Boom", "item " + input.asInt());
            }
            return input;
        };
        return run(machine(S3_READER.formatted("") + tolerance + " \"MaxConcurrency\": 1,", ECHO_TASK, ""),
                "{\"bucket\": \"plans\", \"key\": \"renders/tolerance/plan.json\"}", failTwoAndFive);
    }

    @Test
    void toleratedFailures_withinTheThreshold_theMapSucceedsWithTheFailuresInPlace() {
        // AWS docs: "Setting failure thresholds for Distributed Map states": the Map Run fails only when
        // failed items exceed ToleratedFailureCount or ToleratedFailurePercentage (failed / total items).
        for (String tolerance : List.of("\"ToleratedFailureCount\": 2,", "\"ToleratedFailurePercentage\": 20,",
                "\"ToleratedFailureCount\": 2, \"ToleratedFailurePercentage\": 100,")) {
            ExecutionResult result = withTolerance(tolerance);

            assertThat(result.status()).as(tolerance + " %s %s", result.error(), result.cause())
                    .isEqualTo(ExecutionResult.Status.SUCCEEDED);
            assertThat(result.output()).hasSize(10);
            assertThat(result.output().get(2)).isEqualTo(Json.parse("{\"Error\": \"Boom\", \"Cause\": \"item 2\"}", "expected"));
            assertThat(result.output().get(3)).isEqualTo(IntNode.valueOf(3));
        }
    }

    @Test
    void toleratedFailures_overTheThreshold_isStatesExceedToleratedFailureThreshold() {
        // AWS docs: "Step Functions returns the States.ExceedToleratedFailureThreshold error when the
        // Map Run fails because it exceeded the specified threshold"; with neither field, the
        // default is zero: one failed child fails the Map Run.
        for (String tolerance : List.of("\"ToleratedFailureCount\": 1,", "\"ToleratedFailurePercentage\": 10,",
                "\"ToleratedFailureCount\": 5, \"ToleratedFailurePercentage\": 10,", "")) {
            ExecutionResult result = withTolerance(tolerance);

            assertThat(result.status()).as(tolerance).isEqualTo(ExecutionResult.Status.FAILED);
            assertThat(result.error()).as(tolerance).isEqualTo("States.ExceedToleratedFailureThreshold");
            assertThat(result.history()).extracting(HistoryEvent::type).contains("MapRunFailed", "MapStateFailed");
        }
    }

    @Test
    void childExecutionFailure_surfacesAsTheThresholdError_whichTheMapsCatchCanRoute() {
        ExecutionResult result = run(machine("""
                "Catch": [{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Next": "Handled"}],""",
                "\"C\": {\"Type\": \"Fail\", \"Error\": \"ChunkFailed\", \"Cause\": \"no audio\"}",
                ", \"Handled\": {\"Type\": \"Pass\", \"End\": true}"), "[1, 2, 3]", null);

        assertThat(result.status()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
        assertThat(result.output().get("Error").asText()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(result.output().get("Cause").asText()).contains("ChunkFailed").contains("no audio");
    }

    @Test
    void eachChild_isItsOwnExecution_withItsOwnNameArnAndHistoryQuota() {
        // Three children of 4 x 3,000 + 4 events each: 36,000 events in all, more than one history
        // may hold, yet every child stays under its own 25,000 and the parent's history stays small.
        String loop = """
                "C": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)", "name.$": "$$.Execution.Name",
                  "id.$": "$$.Execution.Id"}, "Next": "Check"},
                "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 3000, "Next": "Done"}],
                  "Default": "C"},
                "Done": {"Type": "Pass", "Parameters": {"name.$": "$.name", "id.$": "$.id"}, "End": true}""";

        ExecutionResult result = run(machine("\"Label\": \"chunks\", \"ItemSelector\": {\"n\": 0},", loop, ""),
                "[1, 2, 3]", null);

        assertThat(result.status()).as("%s %s", result.error(), result.cause()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
        assertThat(result.history()).hasSizeLessThan(10);
        List<String> names = result.output().findValuesAsText("name");
        assertThat(names).doesNotHaveDuplicates().hasSize(3).noneMatch(name -> name.equals("parent"));
        assertThat(result.output().get(0).get("id").asText())
                .startsWith("arn:aws:states:local:000000000000:execution:local/chunks:").endsWith(names.getFirst());
    }

    @Test
    void childHistoryQuota_failsTheChild_andExpressChildrenHaveNone() {
        // 4 x 6,250 + 4 events: over 25,000 for a Standard child; Express keeps no history quota.
        String loop = """
                "C": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Check"},
                "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 6250, "Next": "Done"}],
                  "Default": "C"},
                "Done": {"Type": "Succeed"}""";
        String standard = machine("\"ItemSelector\": {\"n\": 0},", loop, "");
        String express = standard.replace("\"STANDARD\"", "\"EXPRESS\"");

        ExecutionResult standardResult = run(standard, "[1]", null);
        ExecutionResult expressResult = run(express, "[1]", null);

        assertThat(standardResult.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(standardResult.cause()).contains(ExecutionLimits.HISTORY_LIMIT_ERROR).contains("25000");
        assertThat(expressResult.status()).as("%s %s", expressResult.error(), expressResult.cause())
                .isEqualTo(ExecutionResult.Status.SUCCEEDED);
    }

    @Test
    void childEvents_reachTheListenerAsChildEvents_neverTheParentsHistory() {
        List<String> parentEvents = new CopyOnWriteArrayList<>();
        List<String> childEvents = new CopyOnWriteArrayList<>();
        ExecutionListener listener = new ExecutionListener() {
            @Override
            public void onEvent(HistoryEvent event) {
                parentEvents.add(event.type());
            }

            @Override
            public void onChildEvent(String childExecutionName, int childIndex, HistoryEvent event) {
                childEvents.add(childIndex + ":" + event.type());
            }
        };
        Engine engine = new Engine((state, resource) -> (input, context) -> input, EngineOptions.instant(), EngineClock.SYSTEM);

        ExecutionResult result = engine.run(StateMachine.load(machine("\"MaxConcurrency\": 1,", ECHO_TASK, ""), Map.of()),
                "parent", Json.parse("[10, 20]", "input"), listener);

        assertThat(result.status()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
        assertThat(parentEvents).isEqualTo(result.history().stream().map(HistoryEvent::type).toList());
        assertThat(childEvents).containsExactly(
                "0:ExecutionStarted", "0:TaskStateEntered", "0:LambdaFunctionScheduled", "0:LambdaFunctionStarted",
                "0:LambdaFunctionSucceeded", "0:TaskStateExited", "0:ExecutionSucceeded",
                "1:ExecutionStarted", "1:TaskStateEntered", "1:LambdaFunctionScheduled", "1:LambdaFunctionStarted",
                "1:LambdaFunctionSucceeded", "1:TaskStateExited", "1:ExecutionSucceeded");
    }

    @Test
    void maxConcurrencyOne_processesItemsOneAtATimeInOrder() {
        put("renders/r5/plan.json", numbers(20));
        List<Integer> order = new CopyOnWriteArrayList<>();
        TaskResource record = (input, context) -> {
            order.add(input.asInt());
            return input;
        };

        ExecutionResult result = run(machine(S3_READER.formatted("") + "\"MaxConcurrencyPath\": \"$.concurrency\",", ECHO_TASK, ""),
                "{\"bucket\": \"plans\", \"key\": \"renders/r5/plan.json\", \"concurrency\": 1}", record);

        assertThat(result.status()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
        assertThat(order).isEqualTo(java.util.stream.IntStream.range(0, 20).boxed().toList());
    }

    @Test
    void fiveThousandItems_keepTheParentHistorySmall() {
        // Per-item events in the parent would be at least 5,000; a Map Run records a fixed handful.
        put("renders/big/plan.json", numbers(5000));
        TaskResource small = (input, context) -> TextNode.valueOf("ok");

        ExecutionResult result = run(machine(S3_READER.formatted("") + """
                "ItemSelector": {"chunk.$": "$$.Map.Item.Value"}, "MaxConcurrency": 200,""",
                ECHO_TASK.replace("\"End\": true", "\"ResultSelector\": {\"r.$\": \"$\"}, \"OutputPath\": \"$.r\", \"End\": true"),
                ""), "{\"bucket\": \"plans\", \"key\": \"renders/big/plan.json\"}", small);

        assertThat(result.status()).as("%s %s", result.error(), result.cause()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
        assertThat(result.output()).hasSize(5000);
        assertThat(result.history()).hasSizeLessThanOrEqualTo(8);
        assertThat(result.history()).filteredOn(event -> event.type().equals("MapRunStarted")).singleElement()
                .satisfies(event -> assertThat(event.details().get("itemCount").asInt()).isEqualTo(5000));
    }
}
