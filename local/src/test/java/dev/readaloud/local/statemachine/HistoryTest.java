package dev.readaloud.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The execution history: AWS event types, ids, live listener, Map iteration indexes. */
@Timeout(30) // a concurrency bug must fail the build, not hang it
class HistoryTest {

    @Test
    void lambdaArnTask_recordsLambdaFunctionEventsInOrder() {
        // AWS docs: "GetExecutionHistory" API reference (HistoryEvent types for a Lambda task).
        StateMachine machine = StateMachine.load("""
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F", "End": true}}}""", Map.of());
        List<HistoryEvent> live = new CopyOnWriteArrayList<>();

        ExecutionResult result = new Engine(arn -> (input, context) -> TextNode.valueOf("x"), EngineOptions.instant())
                .run(machine, "e", null, live::add);

        assertThat(result.history()).extracting(HistoryEvent::type).containsExactly(
                "ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded");
        assertThat(live).isEqualTo(result.history());
        assertThat(result.history()).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(result.history()).extracting(HistoryEvent::previousEventId).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(result.history().get(4).details().get("output").asText()).isEqualTo("x");
    }

    @Test
    void lambdaInvokeAndOtherResources_recordTaskEvents() {
        StateMachine machine = StateMachine.load("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "F", "Payload": {}}, "End": true}}}""", Map.of());

        ExecutionResult result = new Engine(arn -> (input, context) -> TextNode.valueOf("x"), EngineOptions.instant())
                .run(machine, "e", null, null);

        assertThat(result.history()).extracting(HistoryEvent::type).contains("TaskScheduled", "TaskStarted", "TaskSucceeded")
                .doesNotContain("LambdaFunctionScheduled");
        assertThat(result.output().get("Payload").asText()).isEqualTo("x");
        assertThat(result.output().get("StatusCode").asInt()).isEqualTo(200);
    }

    @Test
    void mapIterations_carryTheirIndex_andFailuresTheirErrors() {
        StateMachine machine = StateMachine.load("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 2, "End": true,
                  "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task",
                    "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F",
                    "Retry": [{"ErrorEquals": ["Flaky"], "MaxAttempts": 1}], "End": true}}}}}}""", Map.of());
        java.util.concurrent.atomic.AtomicBoolean failedOnce = new java.util.concurrent.atomic.AtomicBoolean();
        TaskResource resource = (input, context) -> {
            if (input.asInt() == 2 && failedOnce.compareAndSet(false, true)) {
                throw new TaskFailedException("Flaky", "first try");
            }
            return input;
        };

        ExecutionResult result = new Engine(arn -> resource, EngineOptions.instant())
                .run(machine, "e", Json.parse("[0,1,2]", "input"), null);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.history()).filteredOn(e -> e.type().equals("MapIterationStarted"))
                .extracting(HistoryEvent::mapIndex).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(result.history()).filteredOn(e -> e.type().equals("MapIterationSucceeded"))
                .extracting(e -> e.details().get("index").asInt()).containsExactlyInAnyOrder(0, 1, 2);
        HistoryEvent retry = result.history().stream().filter(e -> e.type().equals(HistoryEventType.RETRY_SCHEDULED)).findFirst().orElseThrow();
        assertThat(retry.mapIndex()).isEqualTo(2);
        assertThat(retry.stateName()).isEqualTo("T");
        assertThat(retry.details().get("error").asText()).isEqualTo("Flaky");
        assertThat(retry.details().get("attempt").asInt()).isEqualTo(2);
        assertThat(HistoryEventType.LOCAL_ONLY).contains(retry.type());
        // events of one iteration chain to each other through previousEventId
        List<HistoryEvent> iteration2 = result.history().stream().filter(e -> Integer.valueOf(2).equals(e.mapIndex())).toList();
        for (int i = 1; i < iteration2.size(); i++) {
            assertThat(iteration2.get(i).previousEventId()).isEqualTo(iteration2.get(i - 1).id());
        }
    }

    @Test
    void failedExecution_endsWithExecutionFailed() {
        StateMachine machine = StateMachine.load("""
                {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "C"}}}""", Map.of());

        ExecutionResult result = new Engine(arn -> null, EngineOptions.instant()).run(machine, "e", null, null);

        assertThat(result.history()).extracting(HistoryEvent::type).containsExactly("ExecutionStarted", "FailStateEntered", "ExecutionFailed");
        assertThat(result.history().getLast().details().get("error").asText()).isEqualTo("E");
    }
}
