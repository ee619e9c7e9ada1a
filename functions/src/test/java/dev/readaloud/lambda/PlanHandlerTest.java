package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.render.ChunkFailure;
import dev.readaloud.render.InvalidStepInputException;
import dev.readaloud.render.PlanDocument;
import dev.readaloud.render.RenderJson;
import dev.readaloud.render.RenderNotFoundException;
import dev.readaloud.render.RenderStore;
import dev.readaloud.render.Spend;
import dev.readaloud.render.StartedRender;
import dev.readaloud.render.StartRenderStep;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PlanHandlerTest {

    private static final String TEXT = """
            The lighthouse keeper climbed the stairs at dusk, counting each step as his father had taught him. \
            Below, the harbour lay still.

            When the lamp was lit, he sat by the window and wrote the day's weather in the log: wind from the \
            west, light rain, a single fishing boat late coming home. Then he waited for the boat.""";

    @RegisterExtension
    static final HandlerFixture fixture = new HandlerFixture();

    private RenderStore store;
    private PlanHandler handler;

    @BeforeEach
    void newHandler() {
        store = fixture.store();
        handler = new PlanHandler(fixture.config("MAX_CONCURRENCY", "8"), fixture.s3().client());
    }

    @Test
    void plan_sameTextAtDifferentConcurrency_writesTheSamePlanBytes() {
        String sequential = start("{\"text\":" + json(TEXT) + ",\"concurrency\":1,\"maxChars\":80,\"minChars\":20}");
        String parallel = start("{\"text\":" + json(TEXT) + ",\"concurrency\":8,\"maxChars\":80,\"minChars\":20}");

        Map<String, Object> first = handler.handleRequest(Map.of("renderId", sequential, "maxConcurrency", 1), null);
        Map<String, Object> second = handler.handleRequest(Map.of("renderId", parallel, "maxConcurrency", 8), null);

        assertThat(first.get("maxConcurrency")).isEqualTo(1);
        assertThat(second.get("maxConcurrency")).isEqualTo(8);
        byte[] sequentialPlan = store.read(RenderStore.planKey(sequential)).orElseThrow();
        byte[] parallelPlan = store.read(RenderStore.planKey(parallel)).orElseThrow();
        assertThat(parallelPlan).isEqualTo(sequentialPlan);
    }

    @Test
    void plan_recordsWhatItsInvocationSpent_inPlanJsonsMetadata() {
        String renderId = start("{\"text\":" + json(TEXT) + ",\"maxChars\":80,\"minChars\":20}");

        handler.handleRequest(Map.of("renderId", renderId), new TestContext(60_000));

        Spend spent = Spend.parse(store.metadata(RenderStore.planKey(renderId)).orElseThrow().get(Spend.METADATA_KEY));
        assertThat(spent.invocations()).isEqualTo(1);
        assertThat(spent.stateTransitions()).isEqualTo(1);
        assertThat(spent.lambdaMillis()).isPositive();
        // The context's memory: 1024 MB.
        assertThat(spent.lambdaMbMillis()).isEqualTo(spent.lambdaMillis() * 1024);
        // GET request.json; LIST chunk-failures/, PUT plan.json and items.json (each once, or more when retried).
        assertThat(spent.s3ReadRequests()).isPositive();
        assertThat(spent.s3WriteRequests()).isGreaterThanOrEqualTo(3);
        assertThat(spent.runpodJobs()).isZero();
    }

    @Test
    void plan_sampleEvent_writesOneTinyItemPerChunkForTheMapsItemReader_andTheTextOnlyToPlanJson() throws Exception {
        String renderId = "0123456789abcdef0123456789abcdef";
        startWithId(renderId, "{\"text\":" + json(TEXT) + ",\"maxChars\":80,\"minChars\":20,\"planWidth\":3}");

        Map<String, Object> result = handler.handleRequest(HandlerFixture.stepEvent("plan.json"), null);

        PlanDocument plan = store.readJson(RenderStore.planKey(renderId), PlanDocument.class).orElseThrow();
        assertThat(plan.chunkCount()).isEqualTo(plan.chunks().size()).isPositive();
        assertThat(plan.chunkCount()).isGreaterThanOrEqualTo(3);
        assertThat(plan.chunks()).allSatisfy(chunk -> {
            assertThat(chunk.chars()).isLessThanOrEqualTo(80);
            assertThat(chunk.sha256()).hasSize(64);
        });
        assertThat(plan.chunks().getFirst().text()).startsWith("The lighthouse keeper");
        assertThat(result.get("renderId")).isEqualTo(renderId);
        assertThat(result.get("chunkCount")).isEqualTo(plan.chunkCount());
        assertThat(result.get("maxConcurrency")).isEqualTo(3);
        // The Map's items are an S3 object for its ItemReader, one {"index"} a chunk, in text order.
        assertThat(result.get("items")).isEqualTo(Map.of("bucket", store.bucket(),
                "key", "renders/" + renderId + "/items.json"));
        JsonNode items = RenderJson.MAPPER.readTree(store.read(RenderStore.itemsKey(renderId)).orElseThrow());
        assertThat(items.isArray()).isTrue();
        assertThat(items).hasSize(plan.chunkCount());
        for (int i = 0; i < items.size(); i++) {
            assertThat(items.get(i).toString()).isEqualTo("{\"index\":" + i + "}");
        }
        assertThat(RenderJson.MAPPER.writeValueAsString(result)).doesNotContain("lighthouse");
    }

    @Test
    void plan_ofARenderRunAgain_forgetsTheChunksAnEarlierRunGaveUp() {
        String renderId = start("{\"text\":" + json(TEXT) + "}");
        store.writeJson(RenderStore.chunkFailureKey(renderId, 3), new ChunkFailure(3, "E", "C", "2026-11-30T06:00:00Z"));

        handler.handleRequest(Map.of("renderId", renderId, "maxConcurrency", 3), null);

        assertThat(store.keys(RenderStore.chunkFailuresPrefix(renderId))).isEmpty();
    }

    @Test
    void plan_concurrencyAboveTheDeploymentsMax_isCappedNotTrusted() {
        String renderId = start("{\"text\":" + json(TEXT) + ",\"concurrency\":2}");

        Map<String, Object> result = handler.handleRequest(Map.of("renderId", renderId, "maxConcurrency", 50), null);

        assertThat(result.get("maxConcurrency")).isEqualTo(8);
    }

    @Test
    void plan_withoutRequestJson_failsNamingTheRender() {
        assertThatThrownBy(() -> handler.handleRequest(HandlerFixture.stepEvent("plan.json"), null))
                .isInstanceOf(RenderNotFoundException.class)
                .hasMessage("render 0123456789abcdef0123456789abcdef has no request.json");
    }

    @Test
    void plan_malformedRenderId_isRejected() {
        assertThatThrownBy(() -> handler.handleRequest(Map.of("renderId", "../other"), null))
                .isInstanceOf(InvalidStepInputException.class)
                .hasMessageContaining("renderId must be 32 lowercase hex digits");
    }

    private String start(String body) {
        StartedRender started = new StartRenderStep(fixture.config("MAX_CONCURRENCY", "8"), store,
                new RecordingLauncher(), Clock.systemUTC(), JsonLog.discarding()).start(body, null);
        return started.renderId();
    }

    /** Writes request.json under a chosen id by way of the start step, then moves it there. */
    private void startWithId(String renderId, String body) {
        String started = start(body);
        Map<?, ?> request = store.readJson(RenderStore.requestKey(started), Map.class).orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> moved = new java.util.HashMap<>((Map<String, Object>) request);
        moved.put("renderId", renderId);
        store.writeJson(RenderStore.requestKey(renderId), moved);
    }

    private static String json(String text) {
        try {
            return RenderJson.MAPPER.writeValueAsString(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
