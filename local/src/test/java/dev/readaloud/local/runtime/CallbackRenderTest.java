package dev.readaloud.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readaloud.local.worker.FaultPlan;
import dev.readaloud.local.worker.LatencyModel;
import dev.readaloud.local.worker.WorkerOptions;
import dev.readaloud.render.RenderStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The callback wait mode end to end: the real state machine (SubmitChunk's .waitForTaskToken), the
 * handlers, S3Proxy, the local API's webhook route and the local worker calling it as RunPod does.
 * Poll mode's bytes are the reference: the wait mode changes who waits, never the audio.
 */
@Timeout(240)
class CallbackRenderTest {

    private static final String TEXT = RuntimeFixture.reading(11, 14);
    private static final Map<String, String> CALLBACK = Map.of("RUNPOD_WAIT_MODE", "callback",
            "RUNPOD_CALLBACK_TIMEOUT_SECONDS", "3");

    @TempDir
    Path temp;

    private byte[] pollModeBytes(int concurrency) throws Exception {
        try (LocalRuntime runtime = RuntimeFixture.start(temp.resolve("poll-" + concurrency), RuntimeFixture.worker(4))) {
            assertThat(runtime.webhookUrl()).as("poll mode needs no webhook receiver").isNull();
            return Files.readAllBytes(RuntimeFixture.render(runtime, TEXT, concurrency,
                    temp.resolve("poll-" + concurrency + ".wav")).output());
        }
    }

    private LocalRuntime callbackRuntime(String name, WorkerOptions worker) throws Exception {
        return RuntimeFixture.start(temp.resolve(name), worker, Duration.ofMinutes(2), CALLBACK);
    }

    @Test
    void callbackMode_givesPollModesBytes_atConcurrencyOneAndThree_everyChunkByItsWebhook() throws Exception {
        for (int concurrency : new int[] {1, 3}) {
            byte[] reference = pollModeBytes(concurrency);
            try (LocalRuntime runtime = callbackRuntime("callback-" + concurrency, RuntimeFixture.worker(4))) {
                LocalRender.Outcome outcome = RuntimeFixture.render(runtime, TEXT, concurrency,
                        temp.resolve("callback-" + concurrency + ".wav"));

                int chunks = outcome.result().chunkCount();
                assertThat(Files.readAllBytes(outcome.output())).as("concurrency " + concurrency).isEqualTo(reference);
                assertThat(runtime.worker().stats().jobsSubmitted()).isEqualTo(chunks);
                assertThat(runtime.worker().stats().webhooksDelivered()).isEqualTo(chunks);
                // Nothing polled: every chunk's audio came in its webhook.
                assertThat(runtime.worker().stats().requests("status")).isZero();
                assertThat(runtime.s3Client().listObjectsV2(b -> b.bucket(LocalRuntime.BUCKET)
                        .prefix(RenderStore.jobsPrefix(outcome.renderId()))).contents())
                        .as("no job record is left behind").isEmpty();
            }
        }
    }

    @Test
    void lostWebhooks_endInTheCallbackTimeout_andTheSameJobsAreResumedByPolling() throws Exception {
        byte[] reference = pollModeBytes(3);
        WorkerOptions losing = RuntimeFixture.worker(4).withFaults(FaultPlan.parse("webhook-loss=1"));
        try (LocalRuntime runtime = callbackRuntime("lost", losing)) {
            LocalRender.Outcome outcome = RuntimeFixture.render(runtime, TEXT, 3, temp.resolve("lost.wav"));

            int chunks = outcome.result().chunkCount();
            assertThat(Files.readAllBytes(outcome.output())).isEqualTo(reference);
            assertThat(runtime.worker().stats().webhooksLost()).isEqualTo(chunks);
            assertThat(runtime.worker().stats().webhooksDelivered()).isZero();
            // Resumed, not paid for twice: one job per chunk.
            assertThat(runtime.worker().stats().jobsSubmitted()).isEqualTo(chunks);
            assertThat(runtime.worker().stats().requests("status")).isGreaterThanOrEqualTo(chunks);
        }
    }

    @Test
    void forgedWebhooks_duringARender_areRefused_andTheRenderIsUntouched() throws Exception {
        byte[] reference = pollModeBytes(3);
        WorkerOptions slow = RuntimeFixture.worker(4).withLatency(LatencyModel.parse("base=300ms,per-char=0ms,jitter=0"));
        try (LocalRuntime runtime = callbackRuntime("forged", slow)) {
            HttpClient http = HttpClient.newHttpClient();
            Thread forger = Thread.ofVirtual().start(() -> {
                // Whoever guesses render ids and indexes still lacks the per-job secret.
                for (int i = 0; i < 40 && !Thread.currentThread().isInterrupted(); i++) {
                    try {
                        URI hook = URI.create(runtime.webhookUrl() + "/" + "0".repeat(32) + "/" + (i % 4)
                                + "?token=" + "A".repeat(43));
                        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(hook)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"x\",\"status\":\"FAILED\"}"))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(answer.statusCode()).isEqualTo(403);
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            LocalRender.Outcome outcome = RuntimeFixture.render(runtime, TEXT, 3, temp.resolve("forged.wav"));
            forger.join();

            assertThat(Files.readAllBytes(outcome.output())).isEqualTo(reference);
            assertThat(runtime.worker().stats().jobsSubmitted()).isEqualTo(outcome.result().chunkCount());
        }
    }

    @Test
    void failedJobs_reportedByWebhook_areRetriedWithNewJobs_andTheAudioIsTheSame() throws Exception {
        byte[] reference = pollModeBytes(3);
        WorkerOptions failing = RuntimeFixture.worker(4).withFaults(FaultPlan.parse("job-failure=0.3"));
        try (LocalRuntime runtime = callbackRuntime("failing", failing)) {
            LocalRender.Outcome outcome = RuntimeFixture.render(runtime, TEXT, 3, temp.resolve("failing.wav"));

            assertThat(Files.readAllBytes(outcome.output())).isEqualTo(reference);
            assertThat(runtime.worker().stats().jobsFailed()).isPositive();
            assertThat(runtime.worker().stats().jobsSubmitted())
                    .isEqualTo(outcome.result().chunkCount() + runtime.worker().stats().jobsFailed());
        }
    }

    @Test
    void aChunkWhoseJobsAlwaysFail_isAbandoned_andTheRenderFailsNamingIt() throws Exception {
        WorkerOptions broken = RuntimeFixture.worker(4).withFaults(FaultPlan.parse("job-failure=1"));
        try (LocalRuntime runtime = callbackRuntime("broken", broken)) {
            assertThatThrownBy(() -> RuntimeFixture.render(runtime, "One short sentence to speak.", 1,
                    temp.resolve("broken.wav")))
                    .isInstanceOf(RenderFailedException.class)
                    .hasMessageContaining("JobFailedException")
                    .hasMessageContaining("chunk 0");
            assertThat(Files.exists(temp.resolve("broken.wav"))).isFalse();
        }
    }
}
