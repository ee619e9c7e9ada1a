package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readaloud.render.ChunkFailure;
import dev.readaloud.render.InvalidStepInputException;
import dev.readaloud.render.JobRecord;
import dev.readaloud.render.PlanDocument;
import dev.readaloud.render.PlannedChunk;
import dev.readaloud.render.RenderStore;
import dev.readaloud.render.RunPodSettings;
import dev.readaloud.render.SharedChunks;
import dev.readaloud.render.SynthesizeChunkStep;
import dev.readaloud.runpod.BadAudioException;
import dev.readaloud.runpod.RunPodClient;
import dev.readaloud.runpod.RunPodException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import dev.readaloud.runpod.ScriptedServer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SynthesizeChunkHandlerTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final String HASH_0 = "a".repeat(64);
    private static final String HASH_1 = "b".repeat(64);
    private static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:runpod-key";

    @RegisterExtension
    static final HandlerFixture fixture = new HandlerFixture();

    private RenderStore store;
    private SynthesizeChunkHandler handler;

    @BeforeEach
    void newHandler() {
        store = fixture.store();
        store.writeJson(RenderStore.planKey(ID), new PlanDocument("kevin16", 400, 80, 3, 2, List.of(
                new PlannedChunk(0, "First chunk.", 12, "SENTENCE", HASH_0),
                new PlannedChunk(1, "Second chunk.", 13, "PARAGRAPH", HASH_1))));
        handler = new SynthesizeChunkHandler(fixture.config(), fixture.s3().client(), unreachableRunPod());
    }

    /** A RunPod client aimed at a port nothing listens on: any call to it fails. */
    private static RunPodClient unreachableRunPod() {
        RunPodSettings settings = RunPodSettings.fromEnvironment(Map.of(
                "RUNPOD_BASE_URL", "http://127.0.0.1:9",
                "RUNPOD_ENDPOINT_ID", "test-endpoint",
                "RUNPOD_API_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:unused"));
        return new RunPodClient(settings.clientConfig("test-key"),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
    }

    @Test
    void synthesize_chunkAlreadyThereWithTheSameHash_isNotRegenerated() {
        byte[] wav = TestWavs.sine(440, 100, 16_000);
        store.writeChunkWav(RenderStore.chunkKey(ID, 0), wav, Map.of(
                SynthesizeChunkStep.TEXT_SHA256, HASH_0, SynthesizeChunkStep.JOB_ID, "job-0",
                SynthesizeChunkStep.AUDIO_MS, "100"));

        Map<String, Object> outcome = handler.handleRequest(HandlerFixture.stepEvent("synthesize-chunk.json"),
                HandlerFixture.context(60_000));

        assertThat(outcome).containsEntry("reused", true).containsEntry("index", 0).containsEntry("jobId", "job-0");
        assertThat(store.read(RenderStore.chunkKey(ID, 0))).hasValue(wav);
        assertThat(store.exists(RenderStore.jobKey(ID, 0))).isFalse();
    }

    /** Needs the RunPod client (runpod package): the placeholder throws UnsupportedOperationException. */
    @Test
    void synthesize_chunkThereWithAnotherHash_asksRunPodAndNamesTheChunkWhenThatFails() {
        store.writeChunkWav(RenderStore.chunkKey(ID, 1), TestWavs.sine(440, 100, 16_000),
                Map.of(SynthesizeChunkStep.TEXT_SHA256, "c".repeat(64)));

        assertThatThrownBy(() -> handler.handleRequest(Map.of("renderId", ID, "index", 1),
                HandlerFixture.context(3_000)))
                .isInstanceOf(RunPodException.class)
                .hasMessageStartingWith("chunk 1 of render " + ID + ": ")
                .hasMessageNotContaining("Second chunk");
    }

    @Test
    void chunkWavs_onAServerWithoutObjectTagging_areStillWritten() {
        byte[] wav = TestWavs.sine(440, 10, 16_000);

        store.writeChunkWav(RenderStore.chunkKey(ID, 0), wav, Map.of(SynthesizeChunkStep.TEXT_SHA256, HASH_0));
        store.writeChunkWav(RenderStore.chunkKey(ID, 1), wav, Map.of(SynthesizeChunkStep.TEXT_SHA256, HASH_1));

        assertThat(store.read(RenderStore.chunkKey(ID, 0))).hasValue(wav);
        assertThat(store.metadata(RenderStore.chunkKey(ID, 1)).orElseThrow())
                .containsEntry(SynthesizeChunkStep.TEXT_SHA256, HASH_1);
    }

    @Test
    void abandon_withTheCaughtError_recordsItForTheRendersFailure_evenWithNoJobToCancel() {
        String cause = "{\"errorMessage\":\"chunk 1 of render " + ID + ": stalled\"}";

        Map<String, Object> outcome = handler.handleRequest(Map.of("renderId", ID, "index", 1, "abandon", true,
                "failure", Map.of("Error", "dev.readaloud.runpod.JobTimedOutException", "Cause", cause)),
                HandlerFixture.context(60_000));

        assertThat(outcome).containsEntry("index", 1).doesNotContainKey("cancelledJobId");
        ChunkFailure recorded = store.readJson(RenderStore.chunkFailureKey(ID, 1), ChunkFailure.class).orElseThrow();
        assertThat(recorded.index()).isEqualTo(1);
        assertThat(recorded.error()).isEqualTo("dev.readaloud.runpod.JobTimedOutException");
        assertThat(recorded.cause()).isEqualTo(cause);
        assertThat(Instant.parse(recorded.failedAt())).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void synthesize_indexOutsideThePlan_isRejectedNamingIt() {
        assertThatThrownBy(() -> handler.handleRequest(Map.of("renderId", ID, "index", 2),
                HandlerFixture.context(60_000)))
                .isInstanceOf(InvalidStepInputException.class)
                .hasMessage("chunk 2 is not in the plan of render " + ID + " (2 chunks)");
    }

    @Test
    void synthesize_withoutIndex_isRejected() {
        assertThatThrownBy(() -> handler.handleRequest(Map.of("renderId", ID), HandlerFixture.context(60_000)))
                .isInstanceOf(InvalidStepInputException.class)
                .hasMessageContaining("index is missing");
    }

    /** The production path with RunPod scripted and the secret store counted. */
    private SynthesizeChunkHandler productionPath(ScriptedServer runPod, Function<String, String> readApiKey) {
        RunPodSettings settings = RunPodSettings.fromEnvironment(Map.of(
                "RUNPOD_BASE_URL", runPod.url("/v2").toString(),
                "RUNPOD_ENDPOINT_ID", "ep",
                "RUNPOD_API_KEY_SECRET_ARN", SECRET_ARN));
        return new SynthesizeChunkHandler(fixture.config(), fixture.s3().client(), settings, readApiKey, null);
    }

    @Test
    void productionPath_readsTheApiKeyAtTheFirstRequestNotAtConstructionOrPriming() throws Exception {
        List<String> secretReads = new CopyOnWriteArrayList<>();
        try (ScriptedServer runPod = ScriptedServer.http()) {
            runPod.on("/v2/ep/run", ScriptedServer.Reply.json(200, completed("job-7")));
            SynthesizeChunkHandler handler = productionPath(runPod, arn -> {
                secretReads.add(arn);
                return "rp-key-1";
            });
            handler.snapStartHooks().beforeCheckpoint(null);
            handler.snapStartHooks().afterRestore(null);
            assertThat(secretReads).isEmpty();

            handler.handleRequest(Map.of("renderId", ID, "index", 0), HandlerFixture.context(60_000));
            handler.handleRequest(Map.of("renderId", ID, "index", 1), HandlerFixture.context(60_000));

            assertThat(secretReads).containsExactly(SECRET_ARN);
            assertThat(runPod.seen).extracting(ScriptedServer.Seen::authorization).containsOnly("Bearer rp-key-1");
        }
    }

    @Test
    void productionPath_keyRotatedInTheSecret_isReadAgainAfterA401AndTheChunkIsWritten() throws Exception {
        List<String> secret = new CopyOnWriteArrayList<>(List.of("rp-old-key"));
        AtomicInteger secretReads = new AtomicInteger();
        try (ScriptedServer runPod = ScriptedServer.http()) {
            runPod.on("/v2/ep/run", ScriptedServer.Reply.json(200, completed("job-1")),
                    ScriptedServer.Reply.json(401, "{\"error\":\"Unauthorized\"}"),
                    ScriptedServer.Reply.json(200, completed("job-2")));
            SynthesizeChunkHandler handler = productionPath(runPod, arn -> {
                secretReads.incrementAndGet();
                return secret.getFirst();
            });
            handler.handleRequest(Map.of("renderId", ID, "index", 0), HandlerFixture.context(60_000));
            secret.set(0, "rp-new-key"); // rotated: RunPod now refuses the old key

            Map<String, Object> outcome = handler.handleRequest(Map.of("renderId", ID, "index", 1),
                    HandlerFixture.context(60_000));

            assertThat(outcome).containsEntry("jobId", "job-2");
            assertThat(store.exists(RenderStore.chunkKey(ID, 1))).isTrue();
            assertThat(runPod.seen).extracting(ScriptedServer.Seen::authorization)
                    .containsExactly("Bearer rp-old-key", "Bearer rp-old-key", "Bearer rp-new-key");
            assertThat(secretReads).hasValue(2);
        }
    }

    @Test
    void productionPath_reseedsTheRunPodJitterAfterARestore() throws Exception {
        try (ScriptedServer runPod = ScriptedServer.http()) {
            SynthesizeChunkHandler handler = productionPath(runPod, arn -> "unused");

            assertThat(handler.snapStartHooks().refresherNames()).contains("runpod-jitter");
        }
    }

    /** The test constructor's path with RunPod scripted and the function's JSON log lines kept. */
    private static RunPodClient scriptedRunPod(ScriptedServer runPod) {
        RunPodSettings settings = RunPodSettings.fromEnvironment(Map.of(
                "RUNPOD_BASE_URL", runPod.url("/v2").toString(),
                "RUNPOD_ENDPOINT_ID", "ep",
                "RUNPOD_API_KEY_SECRET_ARN", SECRET_ARN));
        return new RunPodClient(settings.clientConfig("rp-key"),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
    }

    @Test
    void badAudio_marksTheJobEnded_soTheRetrySubmitsANewJob_andTheStoredChunkLeavesNoJobRecord() throws Exception {
        try (ScriptedServer runPod = ScriptedServer.http()) {
            runPod.on("/v2/ep/run", ScriptedServer.Reply.json(200, "{\"id\":\"job-bad\",\"status\":\"COMPLETED\","
                    + "\"output\":{\"audio_base64\":\"bm90IGEgd2F2\"}}"),
                    ScriptedServer.Reply.json(200, completed("job-good")));
            SynthesizeChunkHandler handler = new SynthesizeChunkHandler(fixture.config(), fixture.s3().client(),
                    scriptedRunPod(runPod));

            assertThatThrownBy(() -> handler.handleRequest(Map.of("renderId", ID, "index", 0, "attempt", 0),
                    HandlerFixture.context(60_000)))
                    .isInstanceOf(BadAudioException.class).hasMessageContaining("chunk 0");
            JobRecord ended = store.readJson(RenderStore.jobKey(ID, 0), JobRecord.class).orElseThrow();
            Map<String, Object> outcome = handler.handleRequest(Map.of("renderId", ID, "index", 0, "attempt", 1),
                    HandlerFixture.context(60_000));

            assertThat(ended.jobId()).isEqualTo("job-bad");
            assertThat(ended.endedWith()).isEqualTo("BadAudioException");
            // The retry submitted a new job rather than resuming (and re-reading) the bad one.
            assertThat(runPod.count("/v2/ep/status")).isZero();
            assertThat(runPod.count("/v2/ep/run")).isEqualTo(2);
            assertThat(outcome).containsEntry("jobId", "job-good").containsEntry("resumedJob", false);
            assertThat(store.exists(RenderStore.chunkKey(ID, 0))).isTrue();
            assertThat(store.exists(RenderStore.jobKey(ID, 0))).isFalse();
        }
    }

    @Test
    void cancelJobs_cancelsEveryLiveRecordedJobOfTheRender_andDeletesTheRecords() throws Exception {
        try (ScriptedServer runPod = ScriptedServer.http()) {
            runPod.on("/v2/ep/cancel/job-a", ScriptedServer.Reply.json(200, "{\"id\":\"job-a\",\"status\":\"CANCELLED\"}"));
            runPod.on("/v2/ep/cancel/job-b", ScriptedServer.Reply.json(404, "{\"error\":\"job not found\"}"));
            SynthesizeChunkHandler handler = new SynthesizeChunkHandler(fixture.config(), fixture.s3().client(),
                    scriptedRunPod(runPod));
            store.writeJson(RenderStore.jobKey(ID, 0), JobRecord.submitted("job-a", HASH_0, "2026-01-01T00:00:00Z"));
            store.writeJson(RenderStore.jobKey(ID, 1), JobRecord.submitted("job-b", HASH_1, "2026-01-01T00:00:00Z"));
            store.writeJson(RenderStore.jobKey(ID, 2), JobRecord.submitted("job-c", HASH_1, "2026-01-01T00:00:00Z")
                    .endedWith("BadAudioException"));

            Map<String, Object> swept = handler.handleRequest(Map.of("renderId", ID, "cancelJobs", true),
                    HandlerFixture.context(60_000));

            // job-b was already gone on RunPod (logged, not thrown); job-c had ended, so nothing to cancel.
            assertThat(swept).containsEntry("jobIds", List.of("job-a"));
            assertThat(runPod.count("/v2/ep/cancel/job-a")).isEqualTo(1);
            assertThat(runPod.count("/v2/ep/cancel/job-c")).isZero();
            assertThat(store.keys(RenderStore.jobsPrefix(ID))).isEmpty();
        }
    }

    /** A RunPod answer with a short WAV, base64. */
    private static String completed(String jobId) {
        String wav = Base64.getEncoder().encodeToString(TestWavs.sine(440, 100, 16_000));
        return "{\"id\":\"" + jobId + "\",\"status\":\"COMPLETED\",\"delayTime\":3,\"executionTime\":40,"
                + "\"output\":{\"audio_base64\":\"" + wav + "\"}}";
    }

    private static final String OTHER_ID = "fedcba9876543210fedcba9876543210";

    /** Another render whose plan has the same text at index 0, cut with other settings (so another hash). */
    private void planOtherRender(Boolean reuse) {
        store.writeJson(RenderStore.planKey(OTHER_ID), new PlanDocument("kevin16", 200, 10, 1, 1, List.of(
                new PlannedChunk(0, "First chunk.", 12, "SENTENCE", "d".repeat(64))), reuse));
    }

    @Test
    void synthesize_chunkAnotherRenderAlreadyPaidFor_isCopiedFromTheSharedStore_withoutARunPodJob() throws Exception {
        try (ScriptedServer runPod = ScriptedServer.http()) {
            runPod.on("/v2/ep/run", ScriptedServer.Reply.json(200, completed("job-1")));
            SynthesizeChunkHandler handler = new SynthesizeChunkHandler(fixture.config(), fixture.s3().client(),
                    scriptedRunPod(runPod));
            handler.handleRequest(Map.of("renderId", ID, "index", 0), HandlerFixture.context(60_000));
            planOtherRender(null);

            Map<String, Object> outcome = handler.handleRequest(Map.of("renderId", OTHER_ID, "index", 0, "attempt", 0),
                    HandlerFixture.context(60_000));

            assertThat(runPod.count("/v2/ep/run")).isEqualTo(1);
            assertThat(outcome).containsEntry("reused", true).containsEntry("source", "shared")
                    .containsEntry("jobId", "job-1");
            assertThat(store.read(RenderStore.chunkKey(OTHER_ID, 0))).hasValue(store.read(RenderStore.chunkKey(ID, 0))
                    .orElseThrow());
            Map<String, String> copied = store.metadata(RenderStore.chunkKey(OTHER_ID, 0)).orElseThrow();
            assertThat(copied).containsEntry(SynthesizeChunkStep.TEXT_SHA256, "d".repeat(64))
                    .containsEntry(SynthesizeChunkStep.SOURCE, "shared")
                    .containsEntry(SynthesizeChunkStep.EXECUTION_MS, "0")
                    .containsEntry(SynthesizeChunkStep.AUDIO_MS, "100");
            // The shared entry holds no render's own fields.
            assertThat(store.keys(RenderStore.SHARED_CHUNKS_PREFIX)).hasSize(1);
            Map<String, String> shared = store.metadata(store.keys(RenderStore.SHARED_CHUNKS_PREFIX).getFirst())
                    .orElseThrow();
            assertThat(shared).containsEntry(SynthesizeChunkStep.JOB_ID, "job-1")
                    .doesNotContainKeys(SynthesizeChunkStep.TEXT_SHA256, SynthesizeChunkStep.ATTEMPT);
        }
    }

    @Test
    void synthesize_renderThatAskedForEveryChunkNew_paysRunPod_andItsAudioReplacesTheSharedEntry() throws Exception {
        try (ScriptedServer runPod = ScriptedServer.http()) {
            runPod.on("/v2/ep/run", ScriptedServer.Reply.json(200, completed("job-1")),
                    ScriptedServer.Reply.json(200, completed("job-2")));
            SynthesizeChunkHandler handler = new SynthesizeChunkHandler(fixture.config(), fixture.s3().client(),
                    scriptedRunPod(runPod));
            handler.handleRequest(Map.of("renderId", ID, "index", 0), HandlerFixture.context(60_000));
            planOtherRender(false);

            Map<String, Object> outcome = handler.handleRequest(Map.of("renderId", OTHER_ID, "index", 0),
                    HandlerFixture.context(60_000));

            assertThat(runPod.count("/v2/ep/run")).isEqualTo(2);
            assertThat(outcome).containsEntry("reused", false).containsEntry("source", "synthesized");
            String sharedKey = store.keys(RenderStore.SHARED_CHUNKS_PREFIX).getFirst();
            assertThat(store.metadata(sharedKey).orElseThrow()).containsEntry(SynthesizeChunkStep.JOB_ID, "job-2");
        }
    }

    @Test
    void sharedEntries_keepTheFirstAudioWritten_whenTwoRendersRaceForANewChunk() throws Exception {
        String key = RenderStore.sharedChunkKey("e".repeat(64));
        byte[] first = TestWavs.sine(440, 50, 16_000);
        byte[] second = TestWavs.sine(880, 50, 16_000);
        List<Boolean> created = new CopyOnWriteArrayList<>();
        Thread a = Thread.ofPlatform().start(() -> created.add(store.createWav(key, first, Map.of("job", "a"))));
        Thread b = Thread.ofPlatform().start(() -> created.add(store.createWav(key, second, Map.of("job", "b"))));
        a.join();
        b.join();

        assertThat(created).containsExactlyInAnyOrder(true, false);
        byte[] stored = store.read(key).orElseThrow();
        String winner = store.metadata(key).orElseThrow().get("job");
        assertThat(stored).isEqualTo("a".equals(winner) ? first : second);
    }

    @Test
    void sharedKey_dependsOnEndpointVoiceAndText_only() {
        String base = SharedChunks.hash("ep", "kevin16", "First chunk.");

        assertThat(SharedChunks.hash("ep", "kevin16", "First chunk.")).isEqualTo(base).hasSize(64);
        assertThat(SharedChunks.hash("ep2", "kevin16", "First chunk.")).isNotEqualTo(base);
        assertThat(SharedChunks.hash("ep", "alan", "First chunk.")).isNotEqualTo(base);
        assertThat(SharedChunks.hash("ep", "kevin16", "First chunk!")).isNotEqualTo(base);
        // No ambiguity where one field ends and the next begins.
        assertThat(SharedChunks.hash("e", "pkevin16", "First chunk.")).isNotEqualTo(base);
    }
}
