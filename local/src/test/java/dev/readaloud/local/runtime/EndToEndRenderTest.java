package dev.readaloud.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.readaloud.local.worker.FaultPlan;
import dev.readaloud.local.worker.LatencyModel;
import dev.readaloud.local.worker.WorkerStats;
import dev.readaloud.render.RenderStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole renders on one machine: the real state machine file run by the local engine, the Lambda
 * handler classes, S3Proxy and the local RunPod-compatible worker (synthetic voice).
 */
@Timeout(120)
class EndToEndRenderTest {

    private static final String TEXT = RuntimeFixture.reading(1, 24);

    @TempDir
    Path temp;

    @Test
    void render_atConcurrencyOneAndFour_givesByteIdenticalAudio_andTheWorkerSeesExactlyTheLimit() throws Exception {
        LatencyModel latency = LatencyModel.parse("base=150ms,per-char=0ms,jitter=0");
        LocalRender.Outcome sequential;
        WorkerStats sequentialStats;
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("c1"), RuntimeFixture.worker(8).withLatency(latency))) {
            sequential = RuntimeFixture.render(runtime, TEXT, 1, temp.resolve("c1.wav"));
            sequentialStats = runtime.worker().stats();
        }
        LocalRender.Outcome parallel;
        WorkerStats parallelStats;
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("c4"), RuntimeFixture.worker(8).withLatency(latency))) {
            parallel = RuntimeFixture.render(runtime, TEXT, 4, temp.resolve("c4.wav"));
            parallelStats = runtime.worker().stats();
        }

        assertThat(sequential.result().chunkCount()).isGreaterThanOrEqualTo(9).isEqualTo(parallel.result().chunkCount());
        assertThat(Files.readAllBytes(parallel.output())).isEqualTo(Files.readAllBytes(sequential.output()));
        assertThat(parallel.result().sha256()).isEqualTo(sequential.result().sha256());
        assertThat(sequentialStats.maxInProgress()).isEqualTo(1);
        assertThat(parallelStats.maxInProgress()).isEqualTo(4);
        assertThat(parallelStats.jobsSubmitted()).isEqualTo(parallel.result().chunkCount());
    }

    @Test
    void render_inTextOrder_atConcurrencyOne() throws Exception {
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("data"), RuntimeFixture.worker(4))) {
            LocalRender.Outcome outcome = RuntimeFixture.render(runtime, TEXT, 1, temp.resolve("out.wav"));

            List<ChunkSpan> spans = outcome.timeline().spans();
            assertThat(spans).hasSize(outcome.result().chunkCount());
            for (int i = 1; i < spans.size(); i++) {
                assertThat(spans.get(i).startMillis()).isGreaterThanOrEqualTo(spans.get(i - 1).endMillis());
            }
        }
    }

    @Test
    void render_withRateLimitsDyingJobsStallsBadAudioAndLostResults_succeedsWithTheCleanRendersBytes() throws Exception {
        Path clean;
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("clean"), RuntimeFixture.worker(4))) {
            clean = RuntimeFixture.render(runtime, TEXT, 3, temp.resolve("clean.wav")).output();
        }
        FaultPlan faults = FaultPlan.parse("rate-limit=0.3,job-failure=0.2,stall=0.1,bad-audio=0.05,oversize=0.05,"
                + "retry-after=0");
        Map<String, String> env = Map.of("CHUNK_SAFETY_MARGIN_MS", "1000", "RUNPOD_EXECUTION_TIMEOUT_SECONDS", "5");
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("faulty"),
                RuntimeFixture.worker(4).withFaults(faults).withSeed(11), Duration.ofSeconds(6), env)) {
            LocalRender.Outcome outcome = RuntimeFixture.render(runtime, TEXT, 3, temp.resolve("faulty.wav"));
            WorkerStats stats = runtime.worker().stats();

            assertThat(Files.readAllBytes(outcome.output())).isEqualTo(Files.readAllBytes(clean));
            assertThat(stats.rateLimited()).as("429 answers").isPositive();
            assertThat(stats.jobsFailed()).as("jobs whose worker died").isPositive();
            assertThat(stats.jobsTimedOut()).as("stalled jobs timed out").isPositive();
            // Every chunk's job that delivered bad audio or nothing was replaced by a new one: more jobs than chunks
            // beyond the failed and timed-out ones.
            assertThat(stats.jobsSubmitted() - stats.jobsFailed() - stats.jobsTimedOut())
                    .as("jobs beyond one per chunk that completed with bad audio or no output")
                    .isGreaterThan(outcome.result().chunkCount());
            assertThat(outcome.timeline().spans()).anySatisfy(span -> assertThat(span.attempts()).isGreaterThan(1));
            assertThat(runtime.s3().client().listObjectsV2(b -> b.bucket(LocalRuntime.BUCKET)
                    .prefix(RenderStore.jobsPrefix(outcome.renderId()))).keyCount())
                    .as("job records left once every chunk is stored").isZero();
        }
    }

    @Test
    void render_withBadAudio_failsNamingTheChunk_andLeavesNoOutput() throws Exception {
        Path output = temp.resolve("bad.wav");
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("data"),
                RuntimeFixture.worker(4).withFaults(FaultPlan.parse("bad-audio=1")))) {
            assertThatThrownBy(() -> RuntimeFixture.render(runtime, TEXT, 3, output))
                    .isInstanceOf(RenderFailedException.class)
                    .hasMessageContaining("dev.readaloud.runpod.BadAudioException")
                    .hasMessageMatching("(?s).*chunk \\d+ of render [0-9a-f]{32}.*")
                    .satisfies(e -> {
                        String renderId = ((RenderFailedException) e).renderId();
                        assertThat(runtime.s3().client().listObjectsV2(b -> b.bucket(LocalRuntime.BUCKET)
                                .prefix(RenderStore.outputKey(renderId))).keyCount()).isZero();
                        assertThat(runtime.s3().client().listObjectsV2(b -> b.bucket(LocalRuntime.BUCKET)
                                .prefix(RenderStore.failureKey(renderId))).keyCount()).isOne();
                    });
        }
        assertThat(output).doesNotExist();
        try (var files = Files.list(temp)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("bad.wav"));
        }
    }

    @Test
    void aFailedRender_cancelsTheRunPodJobsOfEveryChunkStillRunning_andKeepsNoJobRecord() throws Exception {
        String threeChunks = RuntimeFixture.reading(5, 9);
        // Every job stalls: the first chunk given up fails the render while the others still wait on theirs.
        Map<String, String> env = Map.of("CHUNK_SAFETY_MARGIN_MS", "1000", "RUNPOD_EXECUTION_TIMEOUT_SECONDS", "600");
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("data"),
                RuntimeFixture.worker(8).withFaults(FaultPlan.parse("stall=1")), Duration.ofSeconds(4), env)) {
            RenderFailedException failure = (RenderFailedException) catchThrowable(() ->
                    RuntimeFixture.render(runtime, threeChunks, 8, temp.resolve("out.wav")));
            WorkerStats stats = runtime.worker().stats();

            assertThat(failure).hasMessageContaining("dev.readaloud.runpod.JobStillRunningException");
            assertThat(stats.jobsSubmitted()).as("one job per chunk, resumed by every retry").isGreaterThan(1);
            assertThat(stats.jobsCancelled()).as("every chunk's job cancelled, not only the one given up")
                    .isEqualTo(stats.jobsSubmitted());
            assertThat(runtime.s3().client().listObjectsV2(b -> b.bucket(LocalRuntime.BUCKET)
                    .prefix(RenderStore.jobsPrefix(failure.renderId()))).keyCount()).isZero();
        }
    }

    @Test
    void aChunkThatStaysStalled_isResumedNotResubmitted_thenGivenUpAndItsJobCancelled() throws Exception {
        String oneChunk = "A single short sentence that fits in one chunk.";
        // Every job stalls; the chunk function's time runs out after 1 s of waiting each attempt.
        Map<String, String> env = Map.of("CHUNK_SAFETY_MARGIN_MS", "1000", "RUNPOD_EXECUTION_TIMEOUT_SECONDS", "600");
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("data"),
                RuntimeFixture.worker(1).withFaults(FaultPlan.parse("stall=1")), Duration.ofSeconds(4), env)) {
            assertThatThrownBy(() -> RuntimeFixture.render(runtime, oneChunk, 1, temp.resolve("out.wav")))
                    .isInstanceOf(RenderFailedException.class)
                    .hasMessageContaining("dev.readaloud.runpod.JobStillRunningException")
                    .hasMessageContaining("chunk 0 of render");
            WorkerStats stats = runtime.worker().stats();

            assertThat(stats.jobsSubmitted()).as("every retry resumed the one job").isOne();
            assertThat(stats.jobsCancelled()).as("the job given up was cancelled").isOne();
        }
        assertThat(temp.resolve("out.wav")).doesNotExist();
    }

    @Test
    void eightRendersAtOnce_stayIsolated() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            texts.add(RuntimeFixture.reading(100 + i, 6 + i));
        }
        List<LocalRender.Outcome> together = new ArrayList<>();
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("together"), RuntimeFixture.worker(8));
             ExecutorService users = Executors.newFixedThreadPool(8)) {
            List<Future<LocalRender.Outcome>> renders = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                Path output = temp.resolve("together-" + i + ".wav");
                renders.add(users.submit(() -> RuntimeFixture.render(runtime, text, 2, output)));
            }
            for (Future<LocalRender.Outcome> render : renders) {
                together.add(render.get());
            }
        }
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("alone"), RuntimeFixture.worker(2))) {
            for (int i = 0; i < texts.size(); i++) {
                LocalRender.Outcome alone = RuntimeFixture.render(runtime, texts.get(i), 2, temp.resolve("alone-" + i + ".wav"));
                assertThat(Files.readAllBytes(together.get(i).output()))
                        .as("render %d", i).isEqualTo(Files.readAllBytes(alone.output()));
            }
        }
        assertThat(together).extracting(LocalRender.Outcome::renderId).doesNotHaveDuplicates();
    }

    @Test
    void rerun_afterAFailure_regeneratesOnlyTheMissingChunks() throws Exception {
        Path data = temp.resolve("data");
        Path output = temp.resolve("out.wav");
        // The worker's 'oversize' fault drops results (COMPLETED without output); each chunk gets three jobs, and
        // at this rate some chunk loses all three, so the render fails part-way.
        try (LocalRuntime runtime = RuntimeFixture.start(data,
                RuntimeFixture.worker(1).withFaults(FaultPlan.parse("oversize=0.6")).withSeed(3))) {
            assertThatThrownBy(() -> RuntimeFixture.render(runtime, TEXT, 1, output))
                    .isInstanceOf(RenderFailedException.class)
                    .hasMessageContaining("dev.readaloud.runpod.EmptyOutputException");
        }
        int present;
        try (LocalRuntime runtime = RuntimeFixture.start(data, RuntimeFixture.worker(2))) {
            String renderId = runtime.s3().client().listObjectsV2(b -> b.bucket(LocalRuntime.BUCKET).prefix("renders/"))
                    .contents().getFirst().key().split("/")[1];
            present = runtime.s3().client().listObjectsV2(b -> b.bucket(LocalRuntime.BUCKET)
                    .prefix(RenderStore.chunksPrefix(renderId))).keyCount();

            LocalRender.Outcome outcome = RuntimeFixture.render(runtime, TEXT, 1, output);

            assertThat(outcome.renderId()).isEqualTo(renderId);
            assertThat(present).isBetween(1, outcome.result().chunkCount() - 1);
            assertThat(runtime.worker().stats().jobsSubmitted()).isEqualTo(outcome.result().chunkCount() - present);
            assertThat(outcome.timeline().spans().stream().filter(ChunkSpan::reused).count()).isEqualTo(present);
        }
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("clean"), RuntimeFixture.worker(2))) {
            Path clean = RuntimeFixture.render(runtime, TEXT, 1, temp.resolve("clean.wav")).output();
            assertThat(Files.readAllBytes(output)).isEqualTo(Files.readAllBytes(clean));
        }
    }
}
