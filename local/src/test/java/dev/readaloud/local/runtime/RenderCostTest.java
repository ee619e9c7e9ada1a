package dev.readaloud.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readaloud.local.statemachine.HistoryEvent;
import dev.readaloud.local.worker.FaultPlan;
import dev.readaloud.local.worker.LatencyModel;
import dev.readaloud.local.worker.WorkerOptions;
import dev.readaloud.render.CostReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost a render reports, computed by the functions from what each invocation metered, against the
 * accounts kept by the parts that did the work: the local worker's of the RunPod jobs it ran (failed ones
 * included) and what it would bill, and the local engine's history of state transitions and Lambda tasks.
 */
@Timeout(240)
class RenderCostTest {

    private static final String TEXT = RuntimeFixture.reading(21, 14);

    @TempDir
    Path temp;

    /** Jobs that take about 1.2 s, a fifth of them failing: billed seconds round up, failed jobs are paid. */
    private static WorkerOptions worker() {
        return RuntimeFixture.worker(4).withLatency(LatencyModel.parse("base=1200ms,per-char=0ms,jitter=0"))
                .withFaults(FaultPlan.parse("job-failure=0.2"));
    }

    @Test
    void pollMode_costMatchesTheWorkersBillAndTheEnginesHistory() throws Exception {
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("poll"), worker())) {
            LocalRender.Outcome outcome = RuntimeFixture.render(runtime, TEXT, 3, temp.resolve("poll.wav"));

            assertAgreement(runtime, outcome, 0);
        }
    }

    @Test
    void callbackMode_costMatchesTheWorkersBillAndTheEnginesHistory_webhooksIncluded() throws Exception {
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("callback"), worker(), Duration.ofMinutes(2),
                Map.of("RUNPOD_WAIT_MODE", "callback"))) {
            LocalRender.Outcome outcome = RuntimeFixture.render(runtime, TEXT, 3, temp.resolve("callback.wav"));

            assertThat(runtime.worker().awaitWebhooks(Duration.ofSeconds(30))).isTrue();
            assertAgreement(runtime, outcome, runtime.worker().stats().webhooksDelivered());
        }
    }

    private static void assertAgreement(LocalRuntime runtime, LocalRender.Outcome outcome, long webhookInvocations) {
        CostReport cost = outcome.result().cost();
        var stats = runtime.worker().stats();
        var bill = runtime.worker().billing();
        assertThat(stats.jobsFailed()).as("the faults made some jobs fail").isPositive();

        assertThat(cost.runpodJobs()).as("every job that ran, failed ones included").isEqualTo(stats.jobsSubmitted())
                .isEqualTo(bill.jobs());
        assertThat(cost.runpodSeconds()).as("the worker's bill: each job rounded up to whole seconds")
                .isEqualTo(bill.billedSeconds());
        assertThat(cost.runpodSeconds()).as("a completed job of 1.2 s bills 2 s").isGreaterThanOrEqualTo(2 * stats.jobsCompleted());

        RenderHistories histories = runtime.histories();
        assertThat(cost.stateTransitions()).as("the engine's history").isEqualTo(histories.transitions(outcome.renderId()));
        long parentTasks = histories.of(outcome.renderId()).stream().map(HistoryEvent::type)
                .filter(RenderTimeline::isScheduled).count();
        long chunkTasks = histories.children(outcome.renderId()).values().stream()
                .mapToLong(RenderHistories.ChildChunk::attempts).sum();
        assertThat(cost.lambdaInvocations()).as("every task attempt the engine ran, and every webhook")
                .isEqualTo(parentTasks + chunkTasks + webhookInvocations);
        assertThat(cost.lambdaGbSeconds()).isPositive();
        assertThat(cost.s3Requests()).isGreaterThan(4L * outcome.result().chunkCount());
        assertThat(cost.usd().total()).isPositive();
    }
}
