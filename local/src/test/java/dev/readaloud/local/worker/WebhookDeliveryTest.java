package dev.readaloud.local.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The local worker's webhooks: RunPod's body, retries and give-up, the webhook-loss fault, bad URLs. */
class WebhookDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TEXT = "The keeper climbed the stairs and lit the lamp.";
    private static final Duration DRAIN = Duration.ofSeconds(10);
    /** RunPod's policy with retries a few ms apart instead of 10 s. */
    private static final WebhookPolicy FAST = WebhookPolicy.RUNPOD.withRetryDelay(Duration.ofMillis(5));

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : started.reversed()) {
            closeable.close();
        }
    }

    private LocalWorker start(WorkerOptions options) throws Exception {
        LocalWorker worker = LocalWorker.start(options.withWebhookPolicy(FAST));
        started.add(worker);
        return worker;
    }

    private WebhookReceiver receiver(LocalWorker worker, Integer... answers) throws Exception {
        WebhookReceiver receiver = new WebhookReceiver(route(worker, "status"), answers);
        started.add(receiver);
        return receiver;
    }

    private static URI route(LocalWorker worker, String path) {
        return URI.create(worker.baseUrl() + "/" + worker.endpointId() + "/" + path);
    }

    private static HttpResponse<String> post(LocalWorker worker, String route, JsonNode body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(route(worker, route))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The job's status once it ended (held up to 5 s). */
    private static HttpResponse<String> status(LocalWorker worker, String id) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(route(worker, "status/" + id + "?wait=5000")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ObjectNode job(String text, String webhook) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("input").put("text", text);
        body.put("webhook", webhook);
        return body;
    }

    private static String submit(LocalWorker worker, ObjectNode body) throws Exception {
        HttpResponse<String> response = post(worker, "run", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("id").asText();
    }

    @Test
    void completedJob_postsItsStatusOnce_whichStatusAlreadyAnswersWhenItArrives() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults());
        WebhookReceiver receiver = receiver(worker, 200);

        String id = submit(worker, job(TEXT, receiver.url("/hooks/tts?token=s3cret")));
        WebhookReceiver.Delivery delivery = receiver.next();

        assertThat(delivery.method()).isEqualTo("POST");
        assertThat(delivery.contentType()).isEqualTo("application/json");
        assertThat(delivery.query()).isEqualTo("token=s3cret");
        assertThat(delivery.body().get("id").asText()).isEqualTo(id);
        assertThat(delivery.body().get("status").asText()).isEqualTo("COMPLETED");
        assertThat(delivery.body().path("output").path("audio_base64").asText()).isNotEmpty();
        assertThat(delivery.body().has("delayTime")).isTrue();
        assertThat(delivery.body().has("executionTime")).isTrue();
        // The receiver asked /status the moment the webhook arrived: the job was there, ended, the same.
        assertThat(delivery.statusCode()).isEqualTo(200);
        assertThat(delivery.statusBody()).isEqualTo(delivery.body());
        assertThat(worker.awaitWebhooks(DRAIN)).isTrue();
        assertThat(receiver.received()).isEqualTo(1);
        WorkerStats stats = worker.stats();
        assertThat(stats.webhooksDelivered()).isEqualTo(1);
        assertThat(stats.webhookFailedAttempts()).isZero();
        assertThat(stats.webhooksGivenUp()).isZero();
    }

    @Test
    void failedJob_postsItsFailedStatusWithTheError() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withFaults(FaultPlan.parse("job-failure=1"))
                .withLatency(LatencyModel.parse("base=100ms")));
        WebhookReceiver receiver = receiver(worker, 204);

        String id = submit(worker, job(TEXT, receiver.url("/hook")));
        WebhookReceiver.Delivery delivery = receiver.next();

        assertThat(delivery.body().get("id").asText()).isEqualTo(id);
        assertThat(delivery.body().get("status").asText()).isEqualTo("FAILED");
        assertThat(delivery.body().get("error").asText()).contains("worker exited unexpectedly");
        assertThat(delivery.body().has("output")).isFalse();
        assertThat(delivery.body().get("executionTime").asLong()).isGreaterThanOrEqualTo(50);
        assertThat(delivery.statusBody()).isEqualTo(delivery.body());
        assertThat(worker.awaitWebhooks(DRAIN)).isTrue();
        assertThat(receiver.received()).isEqualTo(1);
        assertThat(worker.stats().webhooksDelivered()).isEqualTo(1);
    }

    @Test
    void runsyncJob_postsItsWebhookToo() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults());
        WebhookReceiver receiver = receiver(worker, 200);

        HttpResponse<String> answer = post(worker, "runsync", job(TEXT, receiver.url("/hook")));
        WebhookReceiver.Delivery delivery = receiver.next();

        assertThat(delivery.body().get("id").asText()).isEqualTo(JSON.readTree(answer.body()).get("id").asText());
        assertThat(delivery.body().get("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void cancelledQueuedJob_postsItsCancelledStatus() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withWorkers(1).withLatency(LatencyModel.parse("base=1s")));
        WebhookReceiver receiver = receiver(worker, 200);
        submit(worker, job("occupy the only worker", null));

        String id = submit(worker, job(TEXT, receiver.url("/hook")));
        HttpResponse<String> cancelled = post(worker, "cancel/" + id, JSON.createObjectNode());
        WebhookReceiver.Delivery delivery = receiver.next();

        assertThat(cancelled.body()).contains("CANCELLED");
        assertThat(delivery.body().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(delivery.body().get("id").asText()).isEqualTo(id);
    }

    @Test
    void receiverAnswering500_isRetriedThenDelivered() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults());
        WebhookReceiver receiver = receiver(worker, 500, 200);

        submit(worker, job(TEXT, receiver.url("/hook")));
        WebhookReceiver.Delivery first = receiver.next();
        WebhookReceiver.Delivery second = receiver.next();

        assertThat(second.body()).isEqualTo(first.body());
        assertThat(worker.awaitWebhooks(DRAIN)).isTrue();
        assertThat(receiver.received()).isEqualTo(2);
        WorkerStats stats = worker.stats();
        assertThat(stats.webhooksDelivered()).isEqualTo(1);
        assertThat(stats.webhookFailedAttempts()).isEqualTo(1);
        assertThat(stats.webhooksGivenUp()).isZero();
    }

    @Test
    void receiverNeverAnswering2xx_isGivenUpAfterTheThirdAttempt() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults());
        WebhookReceiver receiver = receiver(worker, 503);

        submit(worker, job(TEXT, receiver.url("/hook")));

        assertThat(worker.awaitWebhooks(DRAIN)).isTrue();
        assertThat(receiver.received()).isEqualTo(3);
        WorkerStats stats = worker.stats();
        assertThat(stats.webhooksDelivered()).isZero();
        assertThat(stats.webhookFailedAttempts()).isEqualTo(3);
        assertThat(stats.webhooksGivenUp()).isEqualTo(1);
    }

    @Test
    void unreachableReceiver_isGivenUpAfterTheThirdAttempt_andTheJobStillCompletes() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults());
        WebhookReceiver gone = new WebhookReceiver(null, 200);
        String url = gone.url("/hook");
        gone.close(); // nothing listens on its port any more

        String id = submit(worker, job(TEXT, url));
        HttpResponse<String> status = status(worker, id);

        assertThat(status.body()).contains("\"COMPLETED\"");
        assertThat(worker.awaitWebhooks(DRAIN)).isTrue();
        assertThat(worker.stats().webhookFailedAttempts()).isEqualTo(3);
        assertThat(worker.stats().webhooksGivenUp()).isEqualTo(1);
    }

    @Test
    void webhookLossOne_neverDelivers_whileStatusStillAnswers() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withFaults(FaultPlan.parse("webhook-loss=1")));
        WebhookReceiver receiver = receiver(worker, 200);

        String id = submit(worker, job(TEXT, receiver.url("/hook")));
        HttpResponse<String> status = status(worker, id);

        assertThat(status.body()).contains("\"COMPLETED\"");
        assertThat(worker.awaitWebhooks(DRAIN)).isTrue();
        assertThat(receiver.received()).isZero();
        WorkerStats stats = worker.stats();
        assertThat(stats.webhooksLost()).isEqualTo(1);
        assertThat(stats.webhooksDelivered()).isZero();
        assertThat(stats.webhookFailedAttempts()).isZero();
    }

    @Test
    void webhookLoss_isDrawnPerJobFromTheSeed_soARunRepeats() throws Exception {
        List<Long> lost = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            LocalWorker worker = start(WorkerOptions.defaults().withSeed(11)
                    .withFaults(FaultPlan.parse("webhook-loss=0.5")));
            WebhookReceiver receiver = new WebhookReceiver(null, 200);
            started.add(receiver);
            for (int i = 0; i < 12; i++) {
                submit(worker, job(TEXT + " " + i, receiver.url("/hook")));
            }

            assertThat(worker.awaitWebhooks(DRAIN)).isTrue();
            WorkerStats stats = worker.stats();
            assertThat(stats.webhooksLost() + stats.webhooksDelivered()).isEqualTo(12);
            assertThat(receiver.received()).isEqualTo(stats.webhooksDelivered());
            lost.add(stats.webhooksLost());
        }

        assertThat(lost.get(0)).isEqualTo(lost.get(1)).isBetween(1L, 11L);
    }

    @Test
    void badWebhookUrls_get400NamingTheField_withoutEchoingTheUrl_andCreateNoJob() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults());
        List<String> bad = List.of("", "not a url?token=s3cret", "/relative/hook?token=s3cret",
                "ftp://host/hook?token=s3cret", "http://", "http:opaque", "http://host:70000/hook?token=s3cret",
                "https://user:s3cret@host/hook", "http://host/" + "x".repeat(3000));

        for (String url : bad) {
            for (String route : List.of("run", "runsync")) {
                HttpResponse<String> response = post(worker, route, job(TEXT, url));

                assertThat(response.statusCode()).as(route + " " + url).isEqualTo(400);
                assertThat(response.body()).as(url).contains("'webhook'").doesNotContain("s3cret");
            }
        }
        ObjectNode notAString = job(TEXT, null);
        notAString.put("webhook", 42);
        assertThat(post(worker, "run", notAString).body()).contains("'webhook' must be a string");
        assertThat(worker.stats().jobsSubmitted()).isZero();
    }

    @Test
    void webhookTarget_logsWithoutItsQuery() {
        WebhookTarget target = WebhookTarget.parse("https://hooks.example.com:8443/tts/done?token=s3cret#frag");

        assertThat(target).hasToString("https://hooks.example.com:8443/tts/done");
    }
}
