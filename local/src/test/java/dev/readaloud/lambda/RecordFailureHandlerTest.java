package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readaloud.local.s3.EmbeddedS3;
import dev.readaloud.render.FailureRecord;
import dev.readaloud.render.RenderStore;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecordFailureHandlerTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";

    private static EmbeddedS3 s3;

    private RenderStore store;
    private RecordFailureHandler handler;

    @BeforeAll
    static void startS3() {
        s3 = EmbeddedS3.start(null);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void newHandler() {
        String bucket = HandlerFixture.newBucket(s3);
        store = new RenderStore(s3.client(), bucket, false);
        handler = new RecordFailureHandler(HandlerFixture.config(bucket), s3.client());
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
}
