package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.readaloud.render.RenderIds;
import dev.readaloud.render.RenderJson;
import dev.readaloud.render.RenderRequest;
import dev.readaloud.render.RenderStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StartRenderHandlerTest {

    @RegisterExtension
    static final HandlerFixture fixture = new HandlerFixture();

    private RecordingLauncher launcher;
    private StartRenderHandler handler;

    @BeforeEach
    void newHandler() {
        launcher = new RecordingLauncher();
        handler = new StartRenderHandler(fixture.config("MAX_TEXT_CHARS", "200"), fixture.s3().client(), launcher);
    }

    @Test
    void start_sampleEvent_writesRequestJsonAndStartsTheExecutionNamedAfterTheRender() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(HandlerFixture.httpEvent("start-render.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        JsonNode body = RenderJson.MAPPER.readTree(response.getBody());
        String renderId = body.get("renderId").asText();
        assertThat(renderId).isEqualTo(RenderIds.fromIdempotencyKey("sample-reading-2026-11-24"));
        assertThat(body.get("status").asText()).isEqualTo("RUNNING");
        assertThat(body.at("/links/self").asText()).isEqualTo("/renders/" + renderId);
        assertThat(launcher.starts()).singleElement().satisfies(start -> {
            assertThat(start.renderId()).isEqualTo(renderId);
            assertThat(RenderJson.MAPPER.readTree(start.input()))
                    .isEqualTo(RenderJson.MAPPER.readTree("{\"renderId\":\"" + renderId + "\",\"maxConcurrency\":2}"));
        });
        RenderRequest stored = fixture.store()
                .readJson(RenderStore.requestKey(renderId), RenderRequest.class).orElseThrow();
        assertThat(stored.text()).startsWith("The lighthouse keeper");
        assertThat(stored.concurrency()).isEqualTo(2);
        assertThat(stored.maxChars()).isEqualTo(400);
        assertThat(stored.planWidth()).isEqualTo(3);
    }

    @Test
    void start_withoutConcurrency_runsAtTheDeploymentsMaxConcurrency() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(post("{\"text\":\"Hello there.\"}", null), null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(RenderJson.MAPPER.readTree(launcher.starts().getFirst().input()).get("maxConcurrency").asInt())
                .isEqualTo(3);
    }

    @Test
    void start_base64Body_isDecoded() {
        APIGatewayV2HTTPEvent event = post(Base64.getEncoder().encodeToString(
                "{\"text\":\"Hello there.\"}".getBytes(StandardCharsets.UTF_8)), null);
        event.setIsBase64Encoded(true);

        assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(202);
    }

    @Test
    void start_rejectsBadJson() {
        assertBadRequest(post("{\"text\": \"unterminated", null), "not valid JSON");
    }

    @Test
    void start_rejectsAnEmptyBody() {
        assertBadRequest(post("", null), "body is empty");
    }

    @Test
    void start_rejectsABodyThatIsNotAnObject() {
        assertBadRequest(post("[\"text\"]", null), "must be a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"text\":\"\"}", "{\"text\":\"   \\n \"}"})
    void start_rejectsEmptyText(String body) {
        assertBadRequest(post(body, null), "\"text\" is empty");
    }

    @Test
    void start_rejectsMissingText() {
        assertBadRequest(post("{\"voice\":\"kevin16\"}", null), "\"text\" is missing");
    }

    @Test
    void start_rejectsTextLongerThanMaxTextChars() {
        assertBadRequest(post("{\"text\":\"" + "a".repeat(201) + "\"}", null),
                "\"text\" is too long: 201 characters, the limit is 200");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2.5     | \"concurrency\" must be an integer",
            "\"2\"   | \"concurrency\" must be an integer",
            "true    | \"concurrency\" must be an integer",
            "0       | \"concurrency\" must be at least 1, got 0",
            "-4      | \"concurrency\" must be at least 1, got -4",
            "4       | \"concurrency\" must be at most 3 (the deployment's MaxConcurrency), got 4",
            "9999999999 | \"concurrency\" must be an integer"})
    void start_rejectsBadConcurrency(String concurrency, String message) {
        assertBadRequest(post("{\"text\":\"Hello.\",\"concurrency\":" + concurrency + "}", null), message);
    }

    @Test
    void start_rejectsUnknownFields() {
        assertBadRequest(post("{\"text\":\"Hello.\",\"speed\":2}", null), "unknown field \"speed\"");
    }

    @Test
    void start_rejectsMinCharsAboveMaxChars() {
        assertBadRequest(post("{\"text\":\"Hello.\",\"maxChars\":100,\"minChars\":101}", null),
                "\"minChars\" must be at most 100 (maxChars), got 101");
    }

    @Test
    void start_sameIdempotencyKeyTwice_startsOneRender() throws Exception {
        String body = "{\"text\":\"Hello there.\",\"concurrency\":1}";

        APIGatewayV2HTTPResponse first = handler.handleRequest(post(body, "key-1"), null);
        APIGatewayV2HTTPResponse second = handler.handleRequest(post(body, "key-1"), null);

        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(second.getStatusCode()).isEqualTo(202);
        assertThat(RenderJson.MAPPER.readTree(second.getBody()).get("renderId").asText())
                .isEqualTo(RenderJson.MAPPER.readTree(first.getBody()).get("renderId").asText());
        assertThat(launcher.starts()).hasSize(1);
    }

    @Test
    void start_idempotencyKeyReusedWithAnotherBody_isRejectedAndStartsNothing() {
        handler.handleRequest(post("{\"text\":\"Hello there.\"}", "key-2"), null);

        APIGatewayV2HTTPResponse response = handler.handleRequest(post("{\"text\":\"Something else.\"}", "key-2"), null);

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(response.getBody()).contains("already used with a different request");
        assertThat(launcher.starts()).hasSize(1);
    }

    @Test
    void start_retriedAfterTheExecutionFailedToStart_startsItThen() {
        RecordingLauncher failingOnce = new RecordingLauncher() {
            private boolean failed;

            @Override
            public synchronized void start(String renderId, String executionInputJson) {
                if (!failed) {
                    failed = true;
                    throw new IllegalStateException("Step Functions is unavailable");
                }
                super.start(renderId, executionInputJson);
            }
        };
        StartRenderHandler flaky = new StartRenderHandler(fixture.config(), fixture.s3().client(), failingOnce);
        String body = "{\"text\":\"Hello there.\"}";

        APIGatewayV2HTTPResponse first = flaky.handleRequest(post(body, "key-3"), null);
        APIGatewayV2HTTPResponse second = flaky.handleRequest(post(body, "key-3"), null);

        assertThat(first.getStatusCode()).isEqualTo(500);
        assertThat(first.getBody()).doesNotContain("Step Functions is unavailable");
        assertThat(second.getStatusCode()).isEqualTo(202);
        assertThat(failingOnce.starts()).singleElement()
                .satisfies(start -> assertThat(start.renderId()).isEqualTo(RenderIds.fromIdempotencyKey("key-3")));
    }

    @Test
    void start_withoutIdempotencyKey_startsADistinctRenderEachTime() {
        handler.handleRequest(post("{\"text\":\"Hello there.\"}", null), null);
        handler.handleRequest(post("{\"text\":\"Hello there.\"}", null), null);

        assertThat(launcher.starts()).hasSize(2);
        assertThat(launcher.starts().get(0).renderId()).isNotEqualTo(launcher.starts().get(1).renderId());
    }

    @Test
    void start_storageFailure_isA500ThatEchoesNoInternals() {
        StartRenderHandler broken = new StartRenderHandler(HandlerFixture.configFor("no-such-bucket"),
                fixture.s3().client(), launcher);

        APIGatewayV2HTTPResponse response = broken.handleRequest(post("{\"text\":\"Hello there.\"}", null), null);

        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).doesNotContain("no-such-bucket").doesNotContain("NoSuchBucket")
                .contains("could not be started");
        assertThat(launcher.starts()).isEmpty();
    }

    private void assertBadRequest(APIGatewayV2HTTPEvent event, String message) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json");
        try {
            assertThat(RenderJson.MAPPER.readTree(response.getBody()).get("error").asText()).contains(message);
        } catch (Exception e) {
            throw new AssertionError("the error body is not JSON: " + response.getBody(), e);
        }
        assertThat(launcher.starts()).isEmpty();
    }

    /** The sample event with another body and Idempotency-Key. */
    private static APIGatewayV2HTTPEvent post(String body, String idempotencyKey) {
        APIGatewayV2HTTPEvent event = HandlerFixture.httpEvent("start-render.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("idempotency-key");
        if (idempotencyKey != null) {
            headers.put("idempotency-key", idempotencyKey);
        }
        event.setHeaders(headers);
        event.setBody(body);
        return event;
    }
}
