package dev.readaloud.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The quotas AWS enforces on one execution: history events, payload size, inline Map concurrency. */
@Timeout(60) // a concurrency bug must fail the build, not hang it
class ExecutionLimitsTest {

    /**
     * A loop of 4 events per round (PassStateEntered/Exited, ChoiceStateEntered/Exited) that
     * stops after {@code rounds}: 1 (ExecutionStarted) + 4 x rounds + 2 (Succeed) + 1
     * (ExecutionSucceeded) events in all.
     */
    private static StateMachine counter(int rounds) {
        return StateMachine.load("""
                {"StartAt": "Inc", "States": {
                  "Inc": {"Type": "Pass", "Parameters": {"n.$": "States.MathAdd($.n, 1)"}, "Next": "Check"},
                  "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": %d, "Next": "Done"}],
                    "Default": "Inc"},
                  "Done": {"Type": "Succeed"}}}""".formatted(rounds), Map.of());
    }

    private static ExecutionResult run(StateMachine machine, JsonNode input, TaskResource resource) {
        return new Engine((state, arn) -> resource, EngineOptions.instant(), EngineClock.SYSTEM).run(machine, "e", input, null);
    }

    @Test
    void historyLimit_event25000MayBeExecutionSucceeded() {
        // AWS docs: "Avoid reaching the history quota": if event number 25,000 is ExecutionSucceeded,
        // the execution finishes successfully. 1 + 4 x 6249 + 2 + 1 = 25,000.
        ExecutionResult result = run(counter(6249), Json.parse("{\"n\": 0}", "input"), null);

        assertThat(result.status()).as("%s %s", result.error(), result.cause()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
        assertThat(result.history()).hasSize(ExecutionLimits.MAX_HISTORY_EVENTS);
        assertThat(result.history().getLast().type()).isEqualTo(HistoryEventType.EXECUTION_SUCCEEDED);
    }

    @Test
    void historyLimit_anyOtherEvent25000FailsTheExecution() {
        // AWS docs: "Avoid reaching the history quota": if event number 25,000 isn't ExecutionSucceeded,
        // ExecutionFailed is logged and the execution fails. One more round needs 25,004 events.
        ExecutionResult result = run(counter(6250), Json.parse("{\"n\": 0}", "input"), null);

        assertThat(result.status()).isEqualTo(ExecutionResult.Status.FAILED);
        assertThat(result.error()).isEqualTo(ExecutionLimits.HISTORY_LIMIT_ERROR);
        assertThat(result.cause()).contains("25000");
        assertThat(result.history()).hasSize(ExecutionLimits.MAX_HISTORY_EVENTS);
        assertThat(result.history().getLast().type()).isEqualTo(HistoryEventType.EXECUTION_FAILED);
        assertThat(result.history().getLast().id()).isEqualTo(ExecutionLimits.MAX_HISTORY_EVENTS);
    }

    @Test
    void historyLimit_isNotCaughtByStatesAll_andStopsConcurrentIterations() {
        // An inline Map whose iterations loop forever, each Task behind a Catch on States.ALL.
        StateMachine machine = StateMachine.load("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 4, "End": true,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
                  "ItemProcessor": {"StartAt": "T", "States": {
                    "T": {"Type": "Task", "Resource": "arn:aws:lambda:x:1:function:f",
                      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught2"}], "Next": "T"},
                    "Caught2": {"Type": "Pass", "End": true}}}},
                  "Caught": {"Type": "Pass", "End": true}}}""", Map.of());

        ExecutionResult result = run(machine, Json.parse("[1, 2, 3, 4, 5, 6, 7, 8]", "input"), (input, context) -> input);

        assertThat(result.error()).isEqualTo(ExecutionLimits.HISTORY_LIMIT_ERROR);
        assertThat(result.history()).hasSize(ExecutionLimits.MAX_HISTORY_EVENTS);
        assertThat(result.history()).extracting(HistoryEvent::stateName).doesNotContain("Caught", "Caught2");
        assertThat(result.history().getLast().type()).isEqualTo(HistoryEventType.EXECUTION_FAILED);
    }

    @Test
    void payloadLimit_mapResultOver256KiB_isDataLimitExceeded_notCaughtByStatesAll() {
        // AWS docs: "Handling errors" > States.DataLimitExceeded: a state's output over the payload
        // quota; "a terminal error that can't be caught by the States.ALL error type".
        String tenKiB = "x".repeat(10 * 1024);
        StateMachine machine = StateMachine.load("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}],
                  "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task",
                    "Resource": "arn:aws:lambda:x:1:function:f", "End": true}}}},
                  "Caught": {"Type": "Pass", "End": true}}}""", Map.of());
        JsonNode thirtyItems = Json.parse("[" + "0,".repeat(29) + "0]", "input");

        ExecutionResult result = run(machine, thirtyItems, (input, context) -> TextNode.valueOf(tenKiB));

        assertThat(result.error()).isEqualTo(StatesError.DATA_LIMIT_EXCEEDED);
        assertThat(result.cause()).contains("the result of state 'M'");
        assertThat(result.history()).extracting(HistoryEvent::stateName).doesNotContain("Caught");
    }

    @Test
    void payloadLimit_parallelResultOver256KiB_isDataLimitExceeded() {
        String hundredKiB = "x".repeat(100 * 1024);
        StateMachine machine = StateMachine.load("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"v.$": "$.v"}, "End": true}}},
                  {"StartAt": "B", "States": {"B": {"Type": "Pass", "Parameters": {"v.$": "$.v"}, "End": true}}},
                  {"StartAt": "C", "States": {"C": {"Type": "Pass", "Parameters": {"v.$": "$.v"}, "End": true}}}]}}}""",
                Map.of());

        ExecutionResult result = run(machine, Json.parse("{\"v\": \"" + hundredKiB + "\"}", "input"), null);

        assertThat(result.error()).isEqualTo(StatesError.DATA_LIMIT_EXCEEDED);
        assertThat(result.cause()).contains("the result of state 'P'");
    }

    @Test
    void payloadLimit_executionInputOver256KiB_isRefusedBeforeTheExecutionStarts() {
        StateMachine machine = StateMachine.load("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}""", Map.of());
        JsonNode input = TextNode.valueOf("x".repeat(ExecutionLimits.MAX_PAYLOAD_BYTES));

        assertThatThrownBy(() -> run(machine, input, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("execution input").hasMessageContaining("262144");
    }

    @Test
    void inlineMap_runsAtMost40IterationsAtOnce_whateverItsMaxConcurrency() throws Exception {
        // AWS docs: "Using Map state in Inline mode": "the Map state supports up to 40 concurrent iterations".
        for (String concurrency : List.of("\"MaxConcurrency\": 100,", "\"MaxConcurrency\": 0,", "")) {
            StateMachine machine = StateMachine.load("""
                    {"StartAt": "M", "States": {"M": {"Type": "Map", %s "End": true,
                      "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task",
                        "Resource": "arn:aws:lambda:x:1:function:f", "End": true}}}}}}""".formatted(concurrency), Map.of());
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            // Each task waits until 40 run at once (or 5 s): with the quota, exactly 40 ever do.
            CountDownLatch forty = new CountDownLatch(ExecutionLimits.MAX_INLINE_MAP_CONCURRENCY);
            TaskResource resource = (input, context) -> {
                peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                forty.countDown();
                try {
                    forty.await(5, TimeUnit.SECONDS);
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inFlight.decrementAndGet();
                }
                return input;
            };

            ExecutionResult result = run(machine, Json.parse("[" + "1,".repeat(59) + "1]", "input"), resource);

            assertThat(result.status()).as(concurrency).isEqualTo(ExecutionResult.Status.SUCCEEDED);
            assertThat(result.output()).hasSize(60);
            assertThat(peak).as(concurrency).hasValue(ExecutionLimits.MAX_INLINE_MAP_CONCURRENCY);
        }
    }
}
