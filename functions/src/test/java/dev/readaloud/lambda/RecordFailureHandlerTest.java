package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;

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
}
