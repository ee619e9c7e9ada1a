package dev.readaloud.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30) // a concurrency bug must fail the build, not hang it
class ParallelTest {

    @Test
    void failingBranch_stopsTheOtherBranchesAndFailsTheParallelState_lettingTheirTasksRunToTheEnd()
            throws InterruptedException {
        // AWS docs: "Parallel workflow state" > "Error Handling": if any branch fails, the entire
        // Parallel state fails and all its branches are stopped. Stopping never stops a Lambda
        // invocation already in flight: it runs to its end and its result is dropped.
        StateMachine machine = StateMachine.load("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "Slow", "States": {"Slow": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:slow", "Next": "After"},
                    "After": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:after", "End": true}}},
                  {"StartAt": "Bad", "States": {"Bad": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:bad", "End": true}}}]}}}""",
                Map.of());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch slowFinished = new CountDownLatch(1);
        AtomicBoolean slowInterrupted = new AtomicBoolean();
        AtomicBoolean afterRan = new AtomicBoolean();
        TaskResource slow = (input, context) -> {
            slowStarted.countDown();
            try {
                release.await();
                slowFinished.countDown();
                return TextNode.valueOf("dropped");
            } catch (InterruptedException e) {
                slowInterrupted.set(true);
                throw new TaskFailedException("Interrupted", "");
            }
        };
        TaskResource after = (input, context) -> {
            afterRan.set(true);
            return input;
        };
        TaskResource bad = (input, context) -> {
            try {
                slowStarted.await();
            } catch (InterruptedException e) {
                throw new TaskFailedException("Interrupted", "");
            }
            throw new TaskFailedException("BadBranch", "branch 2");
        };

        ExecutionResult result = new Engine((state, resource) -> switch (state) {
            case "Slow" -> slow;
            case "After" -> after;
            default -> bad;
        }, EngineOptions.instant(), EngineClock.SYSTEM).run(machine, "e", null, null);

        assertThat(result.error()).isEqualTo("BadBranch");
        assertThat(result.history()).extracting(HistoryEvent::type).contains(HistoryEventType.PARALLEL_STATE_FAILED);
        release.countDown();
        assertThat(slowFinished.await(10, TimeUnit.SECONDS)).as("the slow task ran to its end").isTrue();
        assertThat(slowInterrupted).as("the slow task was not interrupted").isFalse();
        Thread.sleep(100);
        assertThat(afterRan).as("the stopped branch went no further").isFalse();
    }
}
