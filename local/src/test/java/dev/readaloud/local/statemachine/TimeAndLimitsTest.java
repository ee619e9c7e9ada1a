package dev.readaloud.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Wait and time scale, task and heartbeat timeouts, the execution timeout, the payload quota. */
@Timeout(30) // a concurrency bug must fail the build, not hang it
class TimeAndLimitsTest {

    @Test
    void wait_sleepsTheScaledDuration() {
        // AWS docs: "Wait workflow state" > "Wait State Examples" (Seconds, Timestamp).
        StateMachine machine = StateMachine.load("""
                {"StartAt": "W1", "States": {
                  "W1": {"Type": "Wait", "Seconds": 10, "Next": "W2"},
                  "W2": {"Type": "Wait", "Timestamp": "2026-01-01T00:01:10Z", "End": true}}}""", Map.of());
        RecordingClock clock = new RecordingClock(); // starts at 2026-01-01T00:00:00Z

        ExecutionResult result = new Engine((s, r) -> null, new EngineOptions(0.5, 1), clock).run(machine, "e", null, null);

        assertThat(result.succeeded()).isTrue();
        // 10 s scaled to 5 s; then the clock reads 00:00:05, 65 s before the timestamp, scaled to 32.5 s
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(5), Duration.ofMillis(32_500));
    }

    @Test
    void taskTimeout_raisesStatesTimeout() {
        // AWS docs: "Handling errors in Step Functions workflows" > "States.Timeout"; TimeoutSecondsPath.
        StateMachine machine = StateMachine.load("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:x:1:function:f",
                  "TimeoutSecondsPath": "$.timeout", "End": true}}}""", Map.of());
        TaskResource slow = (input, context) -> {
            assertThat(context.timeout()).isEqualTo(Duration.ofSeconds(1));
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TextNode.valueOf("late");
        };

        ExecutionResult result = new Engine(arn -> slow, EngineOptions.instant()).run(machine, "e", Json.parse("{\"timeout\": 1}", "in"), null);

        assertThat(result.error()).isEqualTo("States.Timeout");
        assertThat(result.history()).extracting(HistoryEvent::type).contains("LambdaFunctionTimedOut");
    }

    @Test
    void timeoutSecondsPath_selectsFromTheStateInput_notFromWhatParametersBuild() {
        // AWS docs (Task state): TimeoutSecondsPath gives the timeout "from the state input"; a lambda:invoke
        // task's Parameters hold only FunctionName and Payload, so the timeout cannot come from them.
        StateMachine machine = StateMachine.load("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "arn:aws:lambda:x:1:function:f", "Payload": {"n.$": "$.n"}},
                  "InputPath": "$.job", "TimeoutSecondsPath": "$.timeout", "End": true}}}""", Map.of());
        TaskResource timed = (input, context) -> {
            assertThat(input.get("n").intValue()).isEqualTo(5);
            return TextNode.valueOf(context.timeout().toString());
        };

        ExecutionResult result = new Engine(arn -> timed, EngineOptions.instant()).run(machine, "e",
                Json.parse("{\"job\": {\"n\": 5, \"timeout\": 7}}", "in"), null);

        assertThat(result.output().get("Payload").textValue()).isEqualTo("PT7S");
    }

    @Test
    void heartbeat_keepsALongTaskAlive_andItsAbsenceTimesOut() {
        // AWS docs: "Handling errors in Step Functions workflows" > "States.HeartbeatTimeout";
        // SendTaskHeartbeat with the task token keeps the task alive.
        StateMachine machine = StateMachine.load("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:x:1:function:f",
                  "HeartbeatSeconds": 1, "End": true}}}""", Map.of());
        TaskResource beating = (input, context) -> {
            for (int i = 0; i < 6; i++) {
                Engine.sendTaskHeartbeat(context.taskToken());
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    throw new TaskFailedException("Interrupted", "");
                }
            }
            return TextNode.valueOf("alive");
        };
        TaskResource silent = (input, context) -> {
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TextNode.valueOf("late");
        };

        assertThat(new Engine(arn -> beating, EngineOptions.instant()).run(machine, "e", null, null).output().asText()).isEqualTo("alive");
        assertThat(new Engine(arn -> silent, EngineOptions.instant()).run(machine, "e", null, null).error()).isEqualTo("States.HeartbeatTimeout");
    }

    @Test
    void executionTimeout_endsTheExecutionAsTimedOut() {
        // AWS docs: "Amazon States Language" > "TimeoutSeconds" (top level: maximum execution time).
        StateMachine machine = StateMachine.load("""
                {"TimeoutSeconds": 1, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}""", Map.of());

        ExecutionResult result = new Engine((state, resource) -> null, new EngineOptions(1.0, 1), EngineClock.SYSTEM).run(machine, "e", null, null);

        assertThat(result.error()).isEqualTo("States.Timeout");
        assertThat(result.history().getLast().type()).isEqualTo("ExecutionTimedOut");
    }

    @Test
    void payloadOver256KiB_isDataLimitExceeded_whichStatesAllDoesNotCatch() {
        // AWS docs: "Handling errors in Step Functions workflows" > "States.DataLimitExceeded".
        String big = "x".repeat(100 * 1024);
        StateMachine machine = StateMachine.load("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:lambda:x:1:function:f",
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Pass", "End": true}}}""", Map.of());
        TaskResource triple = (input, context) -> Json.parse("[\"" + big + "\",\"" + big + "\",\"" + big + "\"]", "result");

        ExecutionResult result = new Engine(arn -> triple, EngineOptions.instant()).run(machine, "e", null, null);

        assertThat(result.error()).isEqualTo("States.DataLimitExceeded");

        StateMachine named = StateMachine.load("""
                {"StartAt": "T", "States": {
                  "T": {"Type": "Task", "Resource": "arn:aws:lambda:x:1:function:f",
                    "Catch": [{"ErrorEquals": ["States.DataLimitExceeded"], "ResultPath": null, "Next": "Caught"}], "End": true},
                  "Caught": {"Type": "Pass", "Result": "caught", "End": true}}}""", Map.of());
        assertThat(new Engine(arn -> triple, EngineOptions.instant()).run(named, "e", null, null).output().asText()).isEqualTo("caught");
    }

    @Test
    void interruptingTheCaller_abortsTheExecution() throws Exception {
        StateMachine machine = StateMachine.load("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:x:1:function:f", "End": true}}}""", Map.of());
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        TaskResource waiting = (input, context) -> {
            started.countDown();
            try {
                new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new TaskFailedException("Interrupted", "");
        };
        java.util.concurrent.atomic.AtomicReference<ExecutionResult> result = new java.util.concurrent.atomic.AtomicReference<>();
        Thread runner = Thread.ofVirtual().start(() -> result.set(new Engine(arn -> waiting, EngineOptions.instant()).run(machine, "e", null, null)));

        started.await();
        runner.interrupt();
        runner.join();

        assertThat(result.get().error()).isEqualTo("States.Aborted");
        assertThat(result.get().history().getLast().type()).isEqualTo(HistoryEventType.EXECUTION_ABORTED);
    }
}
