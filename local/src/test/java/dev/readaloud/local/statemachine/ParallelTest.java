package dev.readaloud.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void failingBranch_stopsTheOtherBranchesAndFailsTheParallelState() {
        // AWS docs: "Parallel workflow state" > "Error Handling": if any branch fails, the entire
        // Parallel state fails and all its branches are stopped.
        StateMachine machine = StateMachine.load("""
                {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "Slow", "States": {"Slow": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:slow", "End": true}}},
                  {"StartAt": "Bad", "States": {"Bad": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:bad", "End": true}}}]}}}""",
                Map.of());
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean slowInterrupted = new AtomicBoolean();
        TaskResource slow = (input, context) -> {
            try {
                never.await();
                return TextNode.valueOf("unreachable");
            } catch (InterruptedException e) {
                slowInterrupted.set(true);
                throw new TaskFailedException("Interrupted", "");
            }
        };
        TaskResource bad = (input, context) -> {
            throw new TaskFailedException("BadBranch", "branch 2");
        };

        ExecutionResult result = new Engine((state, resource) -> state.equals("Slow") ? slow : bad, EngineOptions.instant(), EngineClock.SYSTEM)
                .run(machine, "e", null, null);

        assertThat(result.error()).isEqualTo("BadBranch");
        assertThat(slowInterrupted).isTrue();
        assertThat(result.history()).extracting(HistoryEvent::type).contains(HistoryEventType.PARALLEL_STATE_FAILED);
    }
}
