package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.render.CostReport;
import dev.readaloud.render.FailureRecord;
import dev.readaloud.render.LoudnessReport;
import dev.readaloud.render.Prices;
import dev.readaloud.render.RenderJson;
import dev.readaloud.render.RenderResult;
import dev.readaloud.render.RenderState;
import dev.readaloud.render.RenderStatus;
import dev.readaloud.render.RenderStore;
import dev.readaloud.render.Spend;
import java.net.URI;
import software.amazon.awssdk.core.sync.RequestBody;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GetRenderHandlerTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";

    @RegisterExtension
    static final HandlerFixture fixture = new HandlerFixture();

    private RenderStore store;
    private RecordingLauncher launcher;
    private GetRenderHandler handler;

    @BeforeEach
    void newHandler() {
        store = fixture.store();
        launcher = new RecordingLauncher();
        handler = new GetRenderHandler(fixture.config(), fixture.s3().client(), fixture.s3().presigner(), launcher);
    }

    @Test
    void get_unknownRender_is404() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HandlerFixture.httpEvent("get-render.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(RenderJson.MAPPER.readTree(response.getBody()).get("error").asText()).isEqualTo("no render has this id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..%2F..%2Fsecrets", "0123456789ABCDEF0123456789ABCDEF", "abc", ""})
    void get_idOfTheWrongShape_is404WithoutTouchingStorage(String id) {
        APIGatewayV2HTTPEvent event = HandlerFixture.httpEvent("get-render.json");
        event.setPathParameters(Map.of("id", id));
        GetRenderHandler withoutStorage = new GetRenderHandler(HandlerFixture.configFor("no-such-bucket"),
                fixture.s3().client(), fixture.s3().presigner(), launcher);

        assertThat(withoutStorage.handleRequest(event, null).getStatusCode()).isEqualTo(404);
    }

    @Test
    void get_renderWhoseExecutionHasNotStarted_isPendingWithNoProgress() throws Exception {
        store.writeJson(RenderStore.requestKey(ID), Map.of("renderId", ID));

        JsonNode body = body(handler.handleRequest(HandlerFixture.httpEvent("get-render.json"), null), 200);

        assertThat(body.get("status").asText()).isEqualTo("PENDING");
        assertThat(body.at("/progress/chunksDone").asInt()).isZero();
        assertThat(body.at("/progress/chunksTotal").asInt()).isZero();
    }

    @Test
    void get_runningRender_reportsChunksDoneOfChunksPlanned() throws Exception {
        store.writeJson(RenderStore.requestKey(ID), Map.of("renderId", ID));
        store.writeJson(RenderStore.planKey(ID), Map.of("chunkCount", 5), Map.of("chunk-count", "5"));
        store.writeChunkWav(RenderStore.chunkKey(ID, 0), new byte[] {1}, Map.of());
        store.writeChunkWav(RenderStore.chunkKey(ID, 3), new byte[] {1}, Map.of());
        launcher.setStatus(ID, RenderStatus.of(RenderState.RUNNING));

        JsonNode body = body(handler.handleRequest(HandlerFixture.httpEvent("get-render.json"), null), 200);

        assertThat(body.get("renderId").asText()).isEqualTo(ID);
        assertThat(body.get("status").asText()).isEqualTo("RUNNING");
        assertThat(body.at("/progress/chunksDone").asInt()).isEqualTo(2);
        assertThat(body.at("/progress/chunksTotal").asInt()).isEqualTo(5);
        assertThat(body.has("audioUrl")).isFalse();
        assertThat(body.has("error")).isFalse();
    }

    @Test
    void get_succeededRender_givesAPresignedUrlTheServerAccepts() throws Exception {
        byte[] audio = "RIFF-not-really-a-wav".getBytes();
        store.writeJson(RenderStore.requestKey(ID), Map.of("renderId", ID));
        store.writeJson(RenderStore.planKey(ID), Map.of("chunkCount", 2), Map.of("chunk-count", "2"));
        fixture.s3().client().putObject(b -> b.bucket(store.bucket()).key(RenderStore.outputKey(ID)),
                RequestBody.fromBytes(audio));
        store.writeJson(RenderStore.resultKey(ID),
                new RenderResult(ID, 2, 4_250, audio.length, 16_000, 1, "ab", 12, "2026-11-24T15:00:00Z", List.of(), 1, 1));
        launcher.setStatus(ID, RenderStatus.of(RenderState.SUCCEEDED));

        JsonNode body = body(handler.handleRequest(HandlerFixture.httpEvent("get-render.json"), null), 200);

        assertThat(body.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(body.get("durationMs").asLong()).isEqualTo(4_250);
        assertThat(body.at("/progress/chunksDone").asInt()).isEqualTo(2);
        String url = body.get("audioUrl").asText();
        assertThat(url).contains("X-Amz-Expires=900").contains("X-Amz-Signature=");
        HttpResponse<byte[]> download = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(audio);
    }

    @Test
    void get_succeededRender_reportsTheOutputsLoudness_whenResultJsonHasIt() throws Exception {
        store.writeJson(RenderStore.requestKey(ID), Map.of("renderId", ID));
        store.writeJson(RenderStore.planKey(ID), Map.of("chunkCount", 2), Map.of("chunk-count", "2"));
        LoudnessReport loudness = new LoudnessReport(-18.02, 3.4, -3.1, -3.4, new LoudnessReport.Acx(
                new LoudnessReport.Check(-20.5, true), new LoudnessReport.Check(-3.1, true),
                new LoudnessReport.Check(null, true), true));
        store.writeJson(RenderStore.resultKey(ID), new RenderResult(ID, 2, 4_250, 100, 16_000, 1, "ab", 12,
                "2026-11-24T15:00:00Z", List.of(), 0, 2, loudness, null));
        launcher.setStatus(ID, RenderStatus.of(RenderState.SUCCEEDED));

        JsonNode body = body(handler.handleRequest(HandlerFixture.httpEvent("get-render.json"), null), 200);

        assertThat(body.at("/loudness/integratedLufs").asDouble()).isEqualTo(-18.02);
        assertThat(body.at("/loudness/loudnessRangeLu").asDouble()).isEqualTo(3.4);
        assertThat(body.at("/loudness/truePeakDbtp").asDouble()).isEqualTo(-3.1);
        assertThat(body.at("/loudness/acx/pass").asBoolean()).isTrue();
        assertThat(body.at("/loudness/acx/rms/valueDb").asDouble()).isEqualTo(-20.5);
        assertThat(body.at("/loudness/acx/noiseFloor/pass").asBoolean()).isTrue();

        // A render stitched before loudness was measured: no loudness, the rest as before.
        store.writeJson(RenderStore.resultKey(ID), new RenderResult(ID, 2, 4_250, 100, 16_000, 1, "ab", 12,
                "2026-11-24T15:00:00Z", List.of(), 0, 2));
        JsonNode older = body(handler.handleRequest(HandlerFixture.httpEvent("get-render.json"), null), 200);
        assertThat(older.has("loudness")).isFalse();
        assertThat(older.get("durationMs").asLong()).isEqualTo(4_250);
    }

    @Test
    void get_succeededRender_reportsItsCost_fromResultJson_andARenderFromBeforeCostHasNone() throws Exception {
        store.writeJson(RenderStore.requestKey(ID), Map.of("renderId", ID));
        store.writeJson(RenderStore.planKey(ID), Map.of("chunkCount", 2), Map.of("chunk-count", "2"));
        CostReport cost = CostReport.of(new Spend(4, 3_000, 3_000L * 1024, 2, 12, 11_500, 8, 9, 14), Prices.DEFAULTS);
        store.writeJson(RenderStore.resultKey(ID), new RenderResult(ID, 2, 4_250, 100, 16_000, 1, "ab", 12,
                "2026-11-24T15:00:00Z", List.of(), 0, 2, null, null, cost));
        launcher.setStatus(ID, RenderStatus.of(RenderState.SUCCEEDED));

        JsonNode body = body(handler.handleRequest(HandlerFixture.httpEvent("get-render.json"), null), 200);

        assertThat(body.at("/cost/runpodSeconds").asLong()).isEqualTo(12);
        assertThat(body.at("/cost/runpodJobs").asLong()).isEqualTo(2);
        assertThat(body.at("/cost/lambdaInvocations").asLong()).isEqualTo(4);
        assertThat(body.at("/cost/lambdaGbSeconds").asDouble()).isEqualTo(3.0);
        assertThat(body.at("/cost/stateTransitions").asLong()).isEqualTo(8);
        assertThat(body.at("/cost/s3Requests").asLong()).isEqualTo(23);
        // 12 s x 0.00019
        assertThat(body.at("/cost/usd/runpod").decimalValue()).isEqualByComparingTo("0.00228");
        assertThat(body.at("/cost/usd/total").decimalValue()).isEqualByComparingTo(cost.usd().total());
        assertThat(body.at("/cost/prices/runpodPerSecond").decimalValue()).isEqualByComparingTo("0.00019");
        assertThat(body.at("/cost/basis").asText()).startsWith("RunPod:");

        store.writeJson(RenderStore.resultKey(ID), new RenderResult(ID, 2, 4_250, 100, 16_000, 1, "ab", 12,
                "2026-11-24T15:00:00Z", List.of(), 0, 2));
        JsonNode older = body(handler.handleRequest(HandlerFixture.httpEvent("get-render.json"), null), 200);
        assertThat(older.has("cost")).isFalse();
        assertThat(older.get("durationMs").asLong()).isEqualTo(4_250);
    }

    @Test
    void get_runningRender_hasNoCostYet() throws Exception {
        store.writeJson(RenderStore.requestKey(ID), Map.of("renderId", ID));
        launcher.setStatus(ID, RenderStatus.of(RenderState.RUNNING));

        JsonNode body = body(handler.handleRequest(HandlerFixture.httpEvent("get-render.json"), null), 200);

        assertThat(body.get("status").asText()).isEqualTo("RUNNING");
        assertThat(body.has("cost")).isFalse();
    }

    @Test
    void get_failedRender_reportsTheRecordedErrorAndCause() throws Exception {
        store.writeJson(RenderStore.requestKey(ID), Map.of("renderId", ID));
        store.writeJson(RenderStore.failureKey(ID), new FailureRecord(ID, "dev.readaloud.runpod.JobFailedException",
                "chunk 4 of render " + ID + ": worker exited", "2026-11-24T15:00:00Z"));
        launcher.setStatus(ID, new RenderStatus(RenderState.FAILED, "dev.readaloud.runpod.JobFailedException", "raw"));

        JsonNode body = body(handler.handleRequest(HandlerFixture.httpEvent("get-render.json"), null), 200);

        assertThat(body.get("status").asText()).isEqualTo("FAILED");
        assertThat(body.get("error").asText())
                .isEqualTo("dev.readaloud.runpod.JobFailedException: chunk 4 of render " + ID + ": worker exited");
        assertThat(body.has("audioUrl")).isFalse();
    }

    @Test
    void get_failure_isA500ThatLogsTheExceptionClassAndMessage() throws Exception {
        store.writeJson(RenderStore.requestKey(ID), Map.of("renderId", ID));
        List<String> lines = new CopyOnWriteArrayList<>();
        RecordingLauncher unavailable = new RecordingLauncher() {
            @Override
            public synchronized RenderStatus status(String renderId) {
                throw new IllegalStateException("DescribeExecution failed: Rate exceeded");
            }
        };
        GetRenderHandler broken = new GetRenderHandler(fixture.config(), fixture.s3().client(),
                fixture.s3().presigner(), unavailable, new JsonLog(lines::add));

        APIGatewayV2HTTPResponse response = broken.handleRequest(HandlerFixture.httpEvent("get-render.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).doesNotContain("Rate exceeded").doesNotContain("IllegalState");
        assertThat(lines).singleElement().satisfies(line -> {
            JsonNode logged = RenderJson.MAPPER.readTree(line);
            assertThat(logged.get("event").asText()).isEqualTo("api.error");
            assertThat(logged.get("route").asText()).isEqualTo("GET /renders/{id}");
            assertThat(logged.get("error").asText()).isEqualTo(IllegalStateException.class.getName());
            assertThat(logged.get("message").asText()).isEqualTo("DescribeExecution failed: Rate exceeded");
        });
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response, int status) throws Exception {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        return RenderJson.MAPPER.readTree(response.getBody());
    }
}
