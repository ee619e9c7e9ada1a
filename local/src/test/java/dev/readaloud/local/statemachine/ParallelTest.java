package dev.readaloud.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30) // a concurrency bug must fail the build, not hang it
class ParallelTest {

    @Test
    void failingBranch_stopsTheOtherBranchesAndFailsTheParallelState() throws InterruptedException {
        // AWS docs: "Parallel workflow state" > "Error Handling": if any branch fails, the entire
        // Parallel state fails and all its branches are stopped.
        StateMachine machine = StateMachine.load("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "Slow", "States": {"Slow": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:slow", "End": true}}},
                  {"StartAt": "Bad", "States": {"Bad": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:bad", "End": true}}}]}}}""",
                Map.of());
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch slowInterrupted = new CountDownLatch(1);
        TaskResource slow = (input, context) -> {
            slowStarted.countDown();
            try {
                never.await();
                return TextNode.valueOf("unreachable");
            } catch (InterruptedException e) {
                slowInterrupted.countDown();
                throw new TaskFailedException("Interrupted", "");
            }
        };
        TaskResource bad = (input, context) -> {
            try {
                slowStarted.await();
            } catch (InterruptedException e) {
                throw new TaskFailedException("Interrupted", "");
            }
            throw new TaskFailedException("BadBranch", "branch 2");
        };

        ExecutionResult result = new Engine((state, resource) -> state.equals("Slow") ? slow : bad, EngineOptions.instant(), EngineClock.SYSTEM)
                .run(machine, "e", null, null);

        assertThat(result.error()).isEqualTo("BadBranch");
        assertThat(slowInterrupted.await(10, TimeUnit.SECONDS)).as("the slow branch was stopped").isTrue();
        assertThat(result.history()).extracting(HistoryEvent::type).contains(HistoryEventType.PARALLEL_STATE_FAILED);
    }
}
