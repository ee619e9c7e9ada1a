package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readaloud.render.InvalidStepInputException;
import dev.readaloud.render.PlanDocument;
import dev.readaloud.render.PlannedChunk;
import dev.readaloud.render.RenderStore;
import dev.readaloud.render.RunPodSettings;
import dev.readaloud.render.SynthesizeChunkStep;
import dev.readaloud.runpod.RunPodClient;
import dev.readaloud.runpod.RunPodException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SynthesizeChunkHandlerTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final String HASH_0 = "a".repeat(64);
    private static final String HASH_1 = "b".repeat(64);

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
}
