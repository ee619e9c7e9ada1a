package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.render.ExecutionLimits;
import dev.readaloud.render.RenderIds;
import dev.readaloud.render.RenderJson;
import dev.readaloud.render.RenderRequest;
import dev.readaloud.render.RenderStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

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

    @ParameterizedTest
    @ValueSource(strings = {"{\"text\":\"... !!! ???\"}", "{\"text\":\"\\u2014 * \\u00b6 \\u2014\"}"})
    void start_rejectsTextWithNothingToReadAloud(String body) {
        assertBadRequest(post(body, null), "\"text\" has nothing to read aloud");
    }

    @Test
    void start_voiceTheDeploymentDoesNotSpeak_isA400NamingTheVoicesItDoes() {
        handler = new StartRenderHandler(fixture.config("VOICES", "kevin16, alba", "VOICE", "kevin16"),
                fixture.s3().client(), launcher);

        assertBadRequest(post("{\"text\":\"Hello.\",\"voice\":\"nobody\"}", null),
                "unknown \"voice\" \"nobody\"; this deployment speaks alba, kevin16");
        assertThat(handler.handleRequest(post("{\"text\":\"Hello.\",\"voice\":\"alba\"}", null), null)
                .getStatusCode()).isEqualTo(202);
    }

    @Test
    void start_withoutAVoiceList_acceptsAnyVoice() {
        assertThat(handler.handleRequest(post("{\"text\":\"Hello.\",\"voice\":\"anyone\"}", null), null)
                .getStatusCode()).isEqualTo(202);
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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-16     | -16.0",
            "-23.5   | -23.5",
            "-40     | -40.0",
            "-5      | -5.0",
            "\"off\" | off",
            "\"OFF\" | off"})
    void start_loudness_isStoredForTheStitch(String loudness, String stored) throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(post("{\"text\":\"Hello there.\",\"loudness\":"
                + loudness + "}", null), null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        String renderId = RenderJson.MAPPER.readTree(response.getBody()).get("renderId").asText();
        assertThat(fixture.store().readJson(RenderStore.requestKey(renderId), RenderRequest.class).orElseThrow()
                .loudness()).isEqualTo(stored);
    }

    @Test
    void start_withoutLoudness_leavesItToTheDeployment_andHashesTheRequestAsBefore() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(post("{\"text\":\"Hello there.\"}", null), null);

        String renderId = RenderJson.MAPPER.readTree(response.getBody()).get("renderId").asText();
        RenderRequest stored = fixture.store().readJson(RenderStore.requestKey(renderId), RenderRequest.class)
                .orElseThrow();
        assertThat(stored.loudness()).isNull();
        String hashed = String.join("\u0000", stored.text(), stored.voice(), String.valueOf(stored.concurrency()),
                String.valueOf(stored.maxChars()), String.valueOf(stored.minChars()), String.valueOf(stored.planWidth()));
        assertThat(stored.requestSha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(hashed.getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-4", "-41", "0", "18", "\"-18\"", "\"loud\"", "true", "[]", "{}"})
    void start_rejectsBadLoudness(String loudness) {
        assertBadRequest(post("{\"text\":\"Hello.\",\"loudness\":" + loudness + "}", null),
                "\"loudness\" must be a target in LUFS from -40 to -5 (e.g. -18) or \"off\"");
    }

    @Test
    void start_sameKeyWithAnotherLoudness_isAnotherRequest() {
        handler.handleRequest(post("{\"text\":\"Hello there.\"}", "key-loud"), null);

        APIGatewayV2HTTPResponse response = handler.handleRequest(post("{\"text\":\"Hello there.\",\"loudness\":-23}",
                "key-loud"), null);

        assertThat(response.getStatusCode()).isEqualTo(422);
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
    void start_oneKeyWithTwoBodiesAtOnce_startsOneRenderAndRefusesTheOtherBody() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 50; round++) {
                String key = "race-" + round;
                String renderId = RenderIds.fromIdempotencyKey(key);
                List<String> bodies = List.of("{\"text\":\"First body.\",\"concurrency\":1}",
                        "{\"text\":\"Second body.\",\"concurrency\":2}");
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<APIGatewayV2HTTPResponse>> answers = new ArrayList<>();
                for (String body : bodies) {
                    answers.add(threads.submit(() -> {
                        together.await();
                        return handler.handleRequest(post(body, key), null);
                    }));
                }
                List<Integer> codes = new ArrayList<>();
                for (Future<APIGatewayV2HTTPResponse> answer : answers) {
                    codes.add(answer.get(30, TimeUnit.SECONDS).getStatusCode());
                }

                assertThat(codes).as("round %d", round).containsExactlyInAnyOrder(202, 422);
                int winner = codes.indexOf(202);
                RenderRequest stored = fixture.store()
                        .readJson(RenderStore.requestKey(renderId), RenderRequest.class).orElseThrow();
                assertThat(stored.concurrency()).as("round %d", round).isEqualTo(winner + 1);
                String winnersInput = "{\"renderId\":\"" + renderId + "\",\"maxConcurrency\":" + (winner + 1) + "}";
                assertThat(launcher.starts()).as("round %d", round)
                        .filteredOn(start -> start.renderId().equals(renderId)).isNotEmpty()
                        .allSatisfy(start -> assertThat(start.input()).isEqualTo(winnersInput));
            }
            assertThat(launcher.starts()).extracting(RecordingLauncher.Start::renderId).doesNotHaveDuplicates();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void start_oneKeyWithTheSameBodyTwiceAtOnce_answersBothWithOneRender() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String key = "same-" + round;
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<APIGatewayV2HTTPResponse>> answers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    answers.add(threads.submit(() -> {
                        together.await();
                        return handler.handleRequest(post("{\"text\":\"Same body.\"}", key), null);
                    }));
                }
                for (Future<APIGatewayV2HTTPResponse> answer : answers) {
                    APIGatewayV2HTTPResponse response = answer.get(30, TimeUnit.SECONDS);
                    assertThat(response.getStatusCode()).as("round %d", round).isEqualTo(202);
                    assertThat(RenderJson.MAPPER.readTree(response.getBody()).get("renderId").asText())
                            .isEqualTo(RenderIds.fromIdempotencyKey(key));
                }
            }
            assertThat(launcher.starts()).extracting(RecordingLauncher.Start::renderId).doesNotHaveDuplicates()
                    .hasSize(20);
        } finally {
            threads.shutdownNow();
        }
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

    @Test
    void start_storageFailure_logsTheExceptionClassAndMessage() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        StartRenderHandler broken = new StartRenderHandler(HandlerFixture.configFor("no-such-bucket"),
                fixture.s3().client(), launcher, new JsonLog(lines::add));

        APIGatewayV2HTTPResponse response = broken.handleRequest(post("{\"text\":\"Hello there.\"}", null), null);

        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).doesNotContain("NoSuchBucket");
        JsonNode logged = lines.stream().map(StartRenderHandlerTest::json)
                .filter(line -> line.path("event").asText().equals("api.error")).findFirst().orElseThrow();
        assertThat(logged.get("route").asText()).isEqualTo("POST /renders");
        assertThat(logged.get("error").asText()).isEqualTo(NoSuchBucketException.class.getName());
        assertThat(logged.get("message").asText()).contains("bucket does not exist");
        assertThat(String.join("\n", lines)).doesNotContain("Hello there.");
    }

    @Test
    void start_deeplyNestedBody_isA400ThatNamesTheNestingLimit() {
        String nested = "[".repeat(2000) + "]".repeat(2000);

        assertBadRequest(post("{\"text\":\"Hello.\",\"voice\":" + nested + "}", null), "nests deeper than");
        assertBadRequest(post(nested, null), "nests deeper than");
    }

    @Test
    void start_numberOf2000Digits_isA400ThatNamesTheNumberLimit() {
        String digits = "7".repeat(2000);

        assertBadRequest(post("{\"text\":\"Hello.\",\"concurrency\":" + digits + "}", null),
                "a number longer than");
        assertBadRequest(post("{\"text\":\"Hello.\",\"maxChars\":1." + digits + "}", null), "a number longer than");
    }

    @Test
    void start_fieldNameLongerThanTheReaderAccepts_isA400() {
        assertBadRequest(post("{\"" + "n".repeat(60_000) + "\":1,\"text\":\"Hello.\"}", null),
                "a field name longer than");
    }

    @Test
    void start_stringLongerThanTheReaderAccepts_isA400() {
        String huge = "a".repeat(StreamReadConstraints.defaults().getMaxStringLength() + 1);

        APIGatewayV2HTTPResponse response = handler.handleRequest(post("{\"text\":\"" + huge + "\"}", null), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("a string longer than").hasSizeLessThan(500);
        assertThat(launcher.starts()).isEmpty();
    }

    @Test
    void start_malformedBodies_neverEchoTheParsersMessage() {
        for (String body : List.of("{\"text\": \"unterminated", "{\"text\":\"a\" \"b\"}", "{\"text\":tru}", "\u0000",
                "{\"text\":\"Hello.\"} trailing", "{\"text\":\"\\uZZZZ\"}")) {
            APIGatewayV2HTTPResponse response = handler.handleRequest(post(body, null), null);
            assertThat(response.getStatusCode()).as(body).isEqualTo(400);
            assertThat(response.getBody()).as(body).doesNotContain("Unexpected").doesNotContain("Source")
                    .doesNotContain("jackson");
        }
        assertThat(launcher.starts()).isEmpty();
    }

    @Test
    void start_textOfMoreChunksThanOneRenderRuns_isA400NamingTheLimitBeforeAnythingIsWritten() {
        StartRenderHandler roomy = new StartRenderHandler(fixture.config("MAX_TEXT_CHARS", "1000000"),
                fixture.s3().client(), launcher);
        String text = "One short sentence here. ".repeat(ExecutionLimits.MAX_CHUNKS + 300);

        APIGatewayV2HTTPResponse response = roomy.handleRequest(
                post("{\"text\":\"" + text + "\",\"maxChars\":25,\"minChars\":0}", "big-text"), null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("at most " + ExecutionLimits.MAX_CHUNKS + " chunks")
                .contains("the stitch joins them all").contains("larger \\\"maxChars\\\"");
        assertThat(launcher.starts()).isEmpty();
        assertThat(fixture.store().exists(RenderStore.requestKey(RenderIds.fromIdempotencyKey("big-text")))).isFalse();
    }

    @Test
    void start_sameTextWithTheSuggestedMaxChars_fitsOneExecution() throws Exception {
        StartRenderHandler roomy = new StartRenderHandler(fixture.config("MAX_TEXT_CHARS", "1000000"),
                fixture.s3().client(), launcher);
        String text = "One short sentence here. ".repeat(ExecutionLimits.MAX_CHUNKS + 300);
        APIGatewayV2HTTPResponse refused = roomy.handleRequest(
                post("{\"text\":\"" + text + "\",\"maxChars\":25,\"minChars\":0}", null), null);
        String suggested = RenderJson.MAPPER.readTree(refused.getBody()).get("error").asText()
                .replaceAll(".*\\((\\d+) fits\\).*", "$1");

        APIGatewayV2HTTPResponse accepted = roomy.handleRequest(
                post("{\"text\":\"" + text + "\",\"maxChars\":" + suggested + ",\"minChars\":0}", null), null);

        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(202);
    }

    @Test
    void start_textAtExactlyTheChunkLimit_isAccepted() {
        StartRenderHandler roomy = new StartRenderHandler(fixture.config("MAX_TEXT_CHARS", "1000000"),
                fixture.s3().client(), launcher);
        String text = "One short sentence here. ".repeat(ExecutionLimits.MAX_CHUNKS);

        APIGatewayV2HTTPResponse response = roomy.handleRequest(
                post("{\"text\":\"" + text + "\",\"maxChars\":25,\"minChars\":0,\"planWidth\":1}", null), null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
    }

    private static JsonNode json(String line) {
        try {
            return RenderJson.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
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
