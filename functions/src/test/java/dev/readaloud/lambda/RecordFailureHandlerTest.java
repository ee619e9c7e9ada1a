package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readaloud.render.ChunkFailure;
import dev.readaloud.render.FailureRecord;
import dev.readaloud.render.RenderStore;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RecordFailureHandlerTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";

    @RegisterExtension
    static final HandlerFixture fixture = new HandlerFixture();

    private RenderStore store;
    private RecordFailureHandler handler;

    @BeforeEach
    void newHandler() {
        store = fixture.store();
        handler = new RecordFailureHandler(fixture.config(), fixture.s3().client());
    }

    @Test
    void record_lambdaErrorPayload_keepsTheMessageNamingTheChunkAndDropsTheStackTrace() {
        Map<String, Object> result = handler.handleRequest(HandlerFixture.stepEvent("record-failure.json"), null);

        String cause = "chunk 4 of render " + ID + ": RunPod job 7c1e-example FAILED: worker exited";
        assertThat(result).containsEntry("error", "dev.readaloud.runpod.JobFailedException")
                .containsEntry("cause", cause);
        FailureRecord stored = store.readJson(RenderStore.failureKey(ID), FailureRecord.class).orElseThrow();
        assertThat(stored.error()).isEqualTo("dev.readaloud.runpod.JobFailedException");
        assertThat(stored.cause()).isEqualTo(cause).doesNotContain("SynthesizeChunkStep.java");
    }

    @Test
    void record_plainCause_isKeptAsIs() {
        Map<String, Object> result = handler.handleRequest(Map.of("renderId", ID, "error", "States.Timeout",
                "cause", "the task timed out"), null);

        assertThat(result).containsEntry("error", "States.Timeout").containsEntry("cause", "the task timed out");
    }

    @Test
    void record_mapFailedOverAChildExecution_reportsTheChunkGivenUpFirst_notTheMapsOwnError() {
        String payload = "{\"errorMessage\":\"chunk %d of render " + ID + ": RunPod job j%d FAILED\","
                + "\"errorType\":\"dev.readaloud.runpod.JobFailedException\",\"stackTrace\":[]}";
        store.writeJson(RenderStore.chunkFailureKey(ID, 2), new ChunkFailure(2,
                "dev.readaloud.runpod.JobFailedException", payload.formatted(2, 2), "2026-11-30T06:00:01.5Z"));
        store.writeJson(RenderStore.chunkFailureKey(ID, 7), new ChunkFailure(7,
                "dev.readaloud.runpod.JobTimedOutException", payload.formatted(7, 7), "2026-11-30T06:00:01Z"));

        Map<String, Object> result = handler.handleRequest(Map.of("renderId", ID,
                "error", "States.ExceedToleratedFailureThreshold",
                "cause", "The specified tolerated failure threshold was exceeded"), null);

        // Chunk 7 was given up half a second before chunk 2 (instants compared as instants, not strings).
        assertThat(result).containsEntry("error", "dev.readaloud.runpod.JobTimedOutException")
                .containsEntry("cause", "chunk 7 of render " + ID + ": RunPod job j7 FAILED");
        assertThat(store.readJson(RenderStore.failureKey(ID), FailureRecord.class).orElseThrow().error())
                .isEqualTo("dev.readaloud.runpod.JobTimedOutException");
    }

    @Test
    void record_errorATaskRaised_isKeptEvenWhenAChunkWasGivenUp() {
        store.writeJson(RenderStore.chunkFailureKey(ID, 1), new ChunkFailure(1,
                "dev.readaloud.runpod.JobFailedException", "chunk 1", "2026-11-30T06:00:00Z"));

        Map<String, Object> result = handler.handleRequest(Map.of("renderId", ID,
                "error", "dev.readaloud.render.MissingChunkException", "cause", "chunk 3 is missing"), null);

        assertThat(result).containsEntry("error", "dev.readaloud.render.MissingChunkException");
    }
}
