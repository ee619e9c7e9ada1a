package dev.readaloud.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Retry counting, backoff, MaxDelaySeconds and jitter, asserted on computed delays, never on time. */
@Timeout(30) // a concurrency bug must fail the build, not hang it
class RetryTest {

    private static String machine(String retrier) {
        return """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F",
                  "Parameters": {"retryCount.$": "$$.State.RetryCount"},
                  "Retry": [%s], "End": true}}}""".formatted(retrier);
    }

    private static TaskResource failing(int times, List<JsonNode> inputs) {
        AtomicInteger calls = new AtomicInteger();
        return (input, context) -> {
            inputs.add(input);
            if (calls.incrementAndGet() <= times) {
                throw new TaskFailedException("States.Timeout", "slow");
            }
            return TextNode.valueOf("done");
        };
    }

    private static List<Double> delays(ExecutionResult result) {
        return result.history().stream().filter(e -> e.type().equals(HistoryEventType.RETRY_SCHEDULED))
                .map(e -> e.details().get("delaySeconds").asDouble()).toList();
    }

    @Test
    void backoff_multipliesTheIntervalPerRetry() {
        // AWS docs: "Handling errors in Step Functions workflows" > "Retrier examples":
        // IntervalSeconds 3, MaxAttempts 2, BackoffRate 1.5 retries after 3 and then 4.5 seconds.
        StateMachine machine = StateMachine.load(machine("""
                {"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 3, "MaxAttempts": 2, "BackoffRate": 1.5}"""), Map.of());
        RecordingClock clock = new RecordingClock();
        List<JsonNode> inputs = new CopyOnWriteArrayList<>();

        ExecutionResult result = new Engine((s, r) -> failing(2, inputs), new EngineOptions(1.0, 1), clock)
                .run(machine, "e", null, null);

        assertThat(result.succeeded()).isTrue();
        assertThat(delays(result)).containsExactly(3.0, 4.5);
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(3000), Duration.ofMillis(4500));
        // AWS docs: "Accessing execution data from the Context object" > "$$.State.RetryCount".
        assertThat(inputs).extracting(i -> i.get("retryCount").asInt()).containsExactly(0, 1, 2);
    }

    @Test
    void maxDelaySeconds_capsTheBackoff() {
        // AWS docs: "Handling errors in Step Functions workflows" > "Retrying after an error" > MaxDelaySeconds.
        StateMachine machine = StateMachine.load(machine("""
                {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 4, "BackoffRate": 3, "MaxDelaySeconds": 10}"""), Map.of());

        ExecutionResult result = new Engine((s, r) -> failing(4, new CopyOnWriteArrayList<>()), EngineOptions.instant(), new RecordingClock())
                .run(machine, "e", null, null);

        assertThat(result.succeeded()).isTrue();
        assertThat(delays(result)).containsExactly(2.0, 6.0, 10.0, 10.0);
    }

    @Test
    void timeScaleZero_recordsDelaysButNeverWaits() {
        StateMachine machine = StateMachine.load(machine("""
                {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 60, "MaxAttempts": 2}"""), Map.of());
        RecordingClock clock = new RecordingClock();

        ExecutionResult result = new Engine((s, r) -> failing(2, new CopyOnWriteArrayList<>()), EngineOptions.instant(), clock)
                .run(machine, "e", null, null);

        assertThat(delays(result)).containsExactly(60.0, 120.0);
        assertThat(clock.sleeps()).containsOnly(Duration.ZERO);
    }

    @Test
    void fullJitter_staysUnderTheCappedDelayAndRepeatsWithTheSameSeed() {
        // AWS docs: "Handling errors in Step Functions workflows" > "Retrying after an error" > JitterStrategy FULL.
        StateMachine machine = StateMachine.load(machine("""
                {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 4, "MaxAttempts": 5, "BackoffRate": 2,
                 "MaxDelaySeconds": 20, "JitterStrategy": "FULL"}"""), Map.of());

        List<Double> first = delays(new Engine((s, r) -> failing(5, new CopyOnWriteArrayList<>()), new EngineOptions(0, 7), new RecordingClock())
                .run(machine, "e", null, null));
        List<Double> again = delays(new Engine((s, r) -> failing(5, new CopyOnWriteArrayList<>()), new EngineOptions(0, 7), new RecordingClock())
                .run(machine, "e", null, null));
        List<Double> otherSeed = delays(new Engine((s, r) -> failing(5, new CopyOnWriteArrayList<>()), new EngineOptions(0, 8), new RecordingClock())
                .run(machine, "e", null, null));

        List<Double> caps = List.of(4.0, 8.0, 16.0, 20.0, 20.0);
        assertThat(first).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(first.get(i)).isBetween(0.0, caps.get(i));
        }
        assertThat(again).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void eachRetrierCountsItsOwnAttempts() {
        // AWS docs: "Handling errors in Step Functions workflows" > "Complex retry scenarios":
        // retriers keep separate counts; the first matching retrier applies.
        String definition = """
                {"StartAt": "T", "States": {"T": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F",
                  "Retry": [{"ErrorEquals": ["A"], "MaxAttempts": 1, "IntervalSeconds": 1},
                            {"ErrorEquals": ["B"], "MaxAttempts": 1, "IntervalSeconds": 5}], "End": true}}}""";
        List<String> errors = List.of("A", "B", "ok");
        AtomicInteger calls = new AtomicInteger();
        TaskResource resource = (input, context) -> {
            String next = errors.get(calls.getAndIncrement());
            if (!next.equals("ok")) {
                throw new TaskFailedException(next, "");
            }
            return TextNode.valueOf("ok");
        };

        ExecutionResult result = new Engine((s, r) -> resource, EngineOptions.instant(), new RecordingClock())
                .run(StateMachine.load(definition, Map.of()), "e", null, null);

        assertThat(result.output().asText()).isEqualTo("ok");
        assertThat(delays(result)).containsExactly(1.0, 5.0);
        assertThat(calls).hasValue(3);
    }
}
