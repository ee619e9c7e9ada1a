package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.readaloud.render.ConfigurationException;
import dev.readaloud.render.JobRecord;
import dev.readaloud.render.PlanDocument;
import dev.readaloud.render.PlannedChunk;
import dev.readaloud.render.RenderJson;
import dev.readaloud.render.RenderStore;
import dev.readaloud.render.RunPodSettings;
import dev.readaloud.render.SynthesizeChunkStep;
import dev.readaloud.render.TaskCallbacks;
import dev.readaloud.render.WebhookSecret;
import dev.readaloud.runpod.RunPodClient;
import dev.readaloud.runpod.ScriptedServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Callback mode end to end through the two handlers: SubmitChunk (the chunk function with a task token)
 * submits a job with a webhook URL; RunPod's webhook (this handler) stores the audio and ends the task.
 * RunPod is a scripted server; the task callbacks are recorded.
 */
class RunPodWebhookHandlerTest {

    private static final String ID = "0123456789abcdef0123456789abcdef";
    private static final String HASH_0 = "a".repeat(64);
    private static final String HASH_1 = "b".repeat(64);
    private static final String TOKEN = "task-token-attempt-0";

    @RegisterExtension
    static final HandlerFixture fixture = new HandlerFixture();

    /** What the chunk's task was told: "success" or the error name, with the token. */
    record Callback(String token, String outcome, String cause) {
    }

    private final List<Callback> callbacks = new CopyOnWriteArrayList<>();
    private final TaskCallbacks recording = new TaskCallbacks() {
        @Override
        public boolean succeed(String taskToken) {
            callbacks.add(new Callback(taskToken, "success", null));
            return true;
        }

        @Override
        public boolean fail(String taskToken, String error, String cause) {
            callbacks.add(new Callback(taskToken, error, cause));
            return true;
        }
    };

    private RenderStore store;
    private ScriptedServer runPod;
    private SynthesizeChunkHandler chunks;
    private RunPodWebhookHandler webhook;
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private PrintStream standardOut;

    @BeforeEach
    void wire() throws Exception {
        store = fixture.store();
        store.writeJson(RenderStore.planKey(ID), new PlanDocument("kevin16", 400, 80, 3, 2, List.of(
                new PlannedChunk(0, "First chunk.", 12, "SENTENCE", HASH_0),
                new PlannedChunk(1, "Second chunk.", 13, "PARAGRAPH", HASH_1))));
        runPod = ScriptedServer.http();
        standardOut = System.out;
        System.setOut(new PrintStream(logged, true, StandardCharsets.UTF_8));
        RunPodClient client = client(runPod);
        chunks = new SynthesizeChunkHandler(fixture.config(), fixture.s3().client(), client, recording,
                URI.create("https://api.example/runpod-webhooks"));
        webhook = new RunPodWebhookHandler(fixture.config(), fixture.s3().client(), client, recording);
    }

    @AfterEach
    void close() {
        System.setOut(standardOut);
        runPod.close();
    }

    private static RunPodClient client(ScriptedServer runPod) {
        RunPodSettings settings = RunPodSettings.fromEnvironment(Map.of(
                "RUNPOD_BASE_URL", runPod.url("/v2").toString(),
                "RUNPOD_ENDPOINT_ID", "ep",
                "RUNPOD_API_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:k"));
        return new RunPodClient(settings.clientConfig("rp-key"),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build());
    }

    private Map<String, Object> submit(int index, String token) {
        return chunks.handleRequest(Map.of("renderId", ID, "index", index, "attempt", 0, "taskToken", token),
                HandlerFixture.context(60_000));
    }

    /** The webhook URL the last /run carried. */
    private URI lastWebhook() throws Exception {
        List<ScriptedServer.Seen> runs = runPod.seen.stream().filter(s -> s.path().endsWith("/run")).toList();
        JsonNode body = RenderJson.MAPPER.readTree(runs.get(runs.size() - 1).body());
        return URI.create(body.get("webhook").asText());
    }

    private APIGatewayV2HTTPResponse deliver(URI hook, String body) {
        String[] path = hook.getPath().split("/");
        Map<String, String> query = new HashMap<>();
        if (hook.getRawQuery() != null) {
            for (String pair : hook.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        APIGatewayV2HTTPEvent event = HandlerFixture.httpEvent("runpod-webhook.json");
        event.setPathParameters(Map.of("renderId", path[path.length - 2], "index", path[path.length - 1]));
        event.setQueryStringParameters(query);
        event.setBody(body);
        return webhook.handleRequest(event, HandlerFixture.context(30_000));
    }

    private static String completed(String jobId) {
        String wav = Base64.getEncoder().encodeToString(TestWavs.sine(440, 100, 16_000));
        return "{\"id\":\"" + jobId + "\",\"status\":\"COMPLETED\",\"delayTime\":3,\"executionTime\":1200,"
                + "\"output\":{\"audio_base64\":\"" + wav + "\"}}";
    }

    @Test
    void submit_sendsTheJobWithAWebhookCarryingAPerJobSecret_recordsOnlyItsHash_andReturnsAtOnce() throws Exception {
        runPod.on("/v2/ep/run", ScriptedServer.Reply.json(200, "{\"id\":\"job-1\",\"status\":\"IN_QUEUE\"}"));

        Map<String, Object> outcome = submit(0, TOKEN);

        assertThat(outcome).containsEntry("source", "submitted").containsEntry("jobId", "job-1");
        URI hook = lastWebhook();
        assertThat(hook.getPath()).isEqualTo("/runpod-webhooks/" + ID + "/0");
        String secret = hook.getQuery().substring("token=".length());
        assertThat(WebhookSecret.wellFormed(secret)).isTrue();
        JobRecord record = store.readJson(RenderStore.jobKey(ID, 0), JobRecord.class).orElseThrow();
        assertThat(record.jobId()).isEqualTo("job-1");
        assertThat(record.taskToken()).isEqualTo(TOKEN);
        assertThat(record.webhookTokenSha256()).isEqualTo(WebhookSecret.sha256(secret));
        assertThat(new String(store.read(RenderStore.jobKey(ID, 0)).orElseThrow(), StandardCharsets.UTF_8))
                .doesNotContain(secret);
        assertThat(runPod.count("/v2/ep/status")).isZero();
        assertThat(callbacks).isEmpty();
        // A second job gets another secret.
        runPod.on("/v2/ep/run", ScriptedServer.Reply.json(200, "{\"id\":\"job-2\",\"status\":\"IN_QUEUE\"}"));
        submit(1, "task-token-chunk-1");
        assertThat(lastWebhook().getQuery()).isNotEqualTo(hook.getQuery());
    }

    @Test
    void webhook_completedJob_storesTheChunkEndsTheTaskOnce_andARepeatIsRefused() throws Exception {
        runPod.on("/v2/ep/run", ScriptedServer.Reply.json(200, "{\"id\":\"job-1\",\"status\":\"IN_QUEUE\"}"));
        submit(0, TOKEN);
        URI hook = lastWebhook();

        APIGatewayV2HTTPResponse first = deliver(hook, completed("job-1"));
        APIGatewayV2HTTPResponse repeat = deliver(hook, completed("job-1"));

        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(repeat.getStatusCode()).isEqualTo(409);
        assertThat(callbacks).containsExactly(new Callback(TOKEN, "success", null));
        Map<String, String> metadata = store.metadata(RenderStore.chunkKey(ID, 0)).orElseThrow();
        assertThat(metadata).containsEntry(SynthesizeChunkStep.TEXT_SHA256, HASH_0)
                .containsEntry(SynthesizeChunkStep.JOB_ID, "job-1")
                .containsEntry(SynthesizeChunkStep.EXECUTION_MS, "1200");
        assertThat(store.read(RenderStore.chunkKey(ID, 0))).hasValue(TestWavs.sine(440, 100, 16_000));
        assertThat(store.exists(RenderStore.jobKey(ID, 0))).isFalse();
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("webhook.accepted")
                .doesNotContain(hook.getQuery().substring("token=".length()));
    }

    @Test
    void webhook_forgedOrMalformedSecrets_areRefusedWithoutReadingTheBodyOrEndingTheTask() throws Exception {
        runPod.on("/v2/ep/run", ScriptedServer.Reply.json(200, "{\"id\":\"job-1\",\"status\":\"IN_QUEUE\"}"));
        submit(0, TOKEN);
        URI hook = lastWebhook();
        String base = "https://api.example/runpod-webhooks/" + ID;
        String forged = WebhookSecret.generate();

        List<APIGatewayV2HTTPResponse> answers = List.of(
                deliver(URI.create(base + "/0?token=" + forged), completed("job-1")),
                deliver(URI.create(base + "/0?token=short"), completed("job-1")),
                deliver(URI.create(base + "/0"), completed("job-1")),
                // The right secret, for the wrong chunk or render.
                deliver(URI.create(base + "/1?" + hook.getRawQuery()), completed("job-1")),
                deliver(URI.create("https://api.example/runpod-webhooks/" + "f".repeat(32) + "/0?" + hook.getRawQuery()),
                        completed("job-1")));

        assertThat(answers).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsOnly(403);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.getBody()).doesNotContain(forged));
        assertThat(callbacks).isEmpty();
        assertThat(store.exists(RenderStore.chunkKey(ID, 0))).isFalse();
        // The genuine webhook still works afterwards.
        assertThat(deliver(hook, completed("job-1")).getStatusCode()).isEqualTo(200);
        assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain(forged);
    }

    @Test
    void webhook_failedJob_failsTheTaskWithTheErrorTheStateMachineRetries_andTheRetrySubmitsANewJob()
            throws Exception {
        runPod.on("/v2/ep/run", ScriptedServer.Reply.json(200, "{\"id\":\"job-1\",\"status\":\"IN_QUEUE\"}"),
                ScriptedServer.Reply.json(200, "{\"id\":\"job-2\",\"status\":\"IN_QUEUE\"}"));
        submit(0, TOKEN);

        APIGatewayV2HTTPResponse answer = deliver(lastWebhook(),
                "{\"id\":\"job-1\",\"status\":\"FAILED\",\"executionTime\":900,\"error\":\"worker died\"}");
        Map<String, Object> retry = submit(0, "task-token-attempt-1");

        assertThat(answer.getStatusCode()).as(answer.getBody() + logged.toString(StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(callbacks).hasSize(1);
        assertThat(callbacks.get(0).token()).isEqualTo(TOKEN);
        assertThat(callbacks.get(0).outcome()).isEqualTo("dev.readaloud.runpod.JobFailedException");
        JsonNode cause = RenderJson.MAPPER.readTree(callbacks.get(0).cause());
        assertThat(cause.get("errorType").asText()).isEqualTo("dev.readaloud.runpod.JobFailedException");
        assertThat(cause.get("errorMessage").asText()).startsWith("chunk 0 of render " + ID + ": ")
                .contains("worker died");
        assertThat(retry).containsEntry("jobId", "job-2").containsEntry("source", "submitted");
        assertThat(runPod.count("/v2/ep/run")).isEqualTo(2);
        assertThat(store.readJson(RenderStore.jobKey(ID, 0), JobRecord.class).orElseThrow().taskToken())
                .isEqualTo("task-token-attempt-1");
    }

    @Test
    void submit_chunkStoredAlready_endsTheTaskAtOnceWithoutAJob() {
        store.writeChunkWav(RenderStore.chunkKey(ID, 0), TestWavs.sine(440, 100, 16_000),
                Map.of(SynthesizeChunkStep.TEXT_SHA256, HASH_0, SynthesizeChunkStep.AUDIO_MS, "100"));

        Map<String, Object> outcome = submit(0, TOKEN);

        assertThat(outcome).containsEntry("reused", true);
        assertThat(callbacks).containsExactly(new Callback(TOKEN, "success", null));
        assertThat(runPod.count("/v2/ep/run")).isZero();
    }

    @Test
    void submit_retriedWithTheJobStillRunning_waitsForTheSameJobWithTheNewToken() throws Exception {
        runPod.on("/v2/ep/run", ScriptedServer.Reply.json(200, "{\"id\":\"job-1\",\"status\":\"IN_QUEUE\"}"));
        submit(0, TOKEN);
        URI hook = lastWebhook();

        Map<String, Object> retry = submit(0, "task-token-attempt-1");
        deliver(hook, completed("job-1"));

        assertThat(retry).containsEntry("resumedJob", true).containsEntry("jobId", "job-1");
        assertThat(runPod.count("/v2/ep/run")).isEqualTo(1);
        assertThat(callbacks).containsExactly(new Callback("task-token-attempt-1", "success", null));
    }

    @Test
    void webhook_beforeTheJobIdIsRecorded_isAccepted_andAWebhookAboutAnotherJobIsRefused() {
        String secret = WebhookSecret.generate();
        store.writeJson(RenderStore.jobKey(ID, 1), JobRecord.awaitingCallback(HASH_1, "2026-11-30T00:00:00Z",
                WebhookSecret.sha256(secret), TOKEN));
        URI hook = URI.create("https://api.example/runpod-webhooks/" + ID + "/1?token=" + secret);

        APIGatewayV2HTTPResponse notEnded = deliver(hook, "{\"id\":\"job-9\",\"status\":\"IN_PROGRESS\"}");
        APIGatewayV2HTTPResponse notJson = deliver(hook, "not json");
        APIGatewayV2HTTPResponse accepted = deliver(hook, completed("job-9"));

        assertThat(notEnded.getStatusCode()).isEqualTo(400);
        assertThat(notEnded.getBody()).contains("has not ended");
        assertThat(notJson.getStatusCode()).isEqualTo(400);
        assertThat(accepted.getStatusCode()).isEqualTo(200);
        assertThat(callbacks).containsExactly(new Callback(TOKEN, "success", null));
        assertThat(store.metadata(RenderStore.chunkKey(ID, 1)).orElseThrow())
                .containsEntry(SynthesizeChunkStep.JOB_ID, "job-9");
    }

    @Test
    void webhook_theEventFixture_isRefusedUnlessItsSecretIsTheJobs() {
        APIGatewayV2HTTPEvent event = HandlerFixture.httpEvent("runpod-webhook.json");
        String secret = event.getQueryStringParameters().get("token");

        APIGatewayV2HTTPResponse before = webhook.handleRequest(event, HandlerFixture.context(30_000));
        store.writeJson(RenderStore.jobKey(ID, 0), JobRecord.awaitingCallback(HASH_0, "2026-11-30T00:00:00Z",
                WebhookSecret.sha256(secret), TOKEN).withJobId("job-0123"));
        APIGatewayV2HTTPResponse after = webhook.handleRequest(event, HandlerFixture.context(30_000));

        assertThat(before.getStatusCode()).isEqualTo(403);
        assertThat(after.getStatusCode()).isEqualTo(200);
        assertThat(store.exists(RenderStore.chunkKey(ID, 0))).isTrue();
    }

    @Test
    void submit_withoutTheWebhookUrl_failsNamingTheVariable() {
        SynthesizeChunkHandler pollOnly = new SynthesizeChunkHandler(fixture.config(), fixture.s3().client(),
                client(runPod));

        assertThatThrownBy(() -> pollOnly.handleRequest(Map.of("renderId", ID, "index", 0, "taskToken", TOKEN),
                HandlerFixture.context(60_000)))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("RUNPOD_WEBHOOK_URL");
    }
}
