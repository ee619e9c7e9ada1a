package dev.readaloud.local.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the local worker says RunPod would bill: each job that ran, its executionTime (as /status
 * reports it) rounded up to whole seconds. Expectations come from the executionTime values the
 * worker reported, never from a clock of the test's own.
 */
class BillingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TEXT = "The keeper climbed the stairs and lit the lamp.";

    private final List<LocalWorker> workers = new ArrayList<>();

    @AfterEach
    void stop() {
        workers.forEach(LocalWorker::close);
    }

    private LocalWorker start(WorkerOptions options) throws Exception {
        LocalWorker worker = LocalWorker.start(options);
        workers.add(worker);
        return worker;
    }

    private static JsonNode call(LocalWorker worker, String method, String path, String text) throws Exception {
        HttpRequest.BodyPublisher body = text == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{\"input\":{\"text\":\"" + text + "\"}}");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(worker.baseUrl() + "/" + worker.endpointId() + "/" + path))
                .method(method, body).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Whole seconds billed for one job, computed here from what the worker reported. */
    private static long ceilSeconds(long millis) {
        return (millis + 999) / 1000;
    }

    @Test
    void jobOfAboutOnePointTwoSeconds_billsTwoSeconds_afterItsResultWasDeliveredAndForgotten() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withLatency(LatencyModel.parse("base=1200ms")));

        JsonNode done = call(worker, "POST", "runsync", TEXT);
        long executionMillis = done.get("executionTime").asLong();
        Billing billing = worker.billing(List.of(done.get("id").asText()));

        assertThat(done.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(executionMillis).isGreaterThanOrEqualTo(1200);
        assertThat(billing.jobs()).isEqualTo(1);
        assertThat(billing.executionMillis()).isEqualTo(executionMillis);
        assertThat(billing.billedSeconds()).isEqualTo(ceilSeconds(executionMillis)).isGreaterThanOrEqualTo(2);
        assertThat(billing.endpointId()).isEqualTo("local");
        assertThat(worker.stats().billedSeconds()).isEqualTo(billing.billedSeconds());
        assertThat(worker.stats().executionMillis()).isEqualTo(executionMillis);
    }

    @Test
    void failedAndTimedOutJobs_billWhatTheyRan() throws Exception {
        LocalWorker failing = start(WorkerOptions.defaults().withFaults(FaultPlan.parse("job-failure=1"))
                .withLatency(LatencyModel.parse("base=1200ms")));
        LocalWorker stalling = start(WorkerOptions.defaults().withFaults(FaultPlan.parse("stall=1"))
                .withDefaultPolicy(Duration.ofMillis(300), Duration.ofHours(1)));

        JsonNode failed = call(failing, "POST", "runsync", TEXT);
        JsonNode timedOut = call(stalling, "POST", "runsync", TEXT);

        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(timedOut.get("status").asText()).isEqualTo("TIMED_OUT");
        long failedMillis = failed.get("executionTime").asLong();
        long timedOutMillis = timedOut.get("executionTime").asLong();
        assertThat(failedMillis).isPositive();
        assertThat(timedOutMillis).isGreaterThanOrEqualTo(300);
        assertThat(failing.billing()).isEqualTo(new Billing("local", 1, failedMillis, ceilSeconds(failedMillis)));
        assertThat(stalling.billing()).isEqualTo(new Billing("local", 1, timedOutMillis, ceilSeconds(timedOutMillis)));
    }

    @Test
    void cancelledJobs_billNothingWhileQueued_andWhatTheyRanOnceRunning() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withWorkers(1).withLatency(LatencyModel.parse("base=5s")));
        String running = call(worker, "POST", "run", "occupy the only worker").get("id").asText();
        String queued = call(worker, "POST", "run", TEXT).get("id").asText();

        JsonNode queuedCancel = call(worker, "POST", "cancel/" + queued, null);
        // The only worker takes the first job at once; /status says when it has.
        while (!call(worker, "GET", "status/" + running, null).get("status").asText().equals("IN_PROGRESS")) {
            Thread.onSpinWait();
        }
        call(worker, "POST", "cancel/" + running, null);
        JsonNode runningStatus = call(worker, "GET", "status/" + running, null);
        JsonNode queuedStatus = call(worker, "GET", "status/" + queued, null);

        assertThat(queuedCancel.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(queuedStatus.has("workerId")).isFalse();
        assertThat(worker.billing(List.of(queued))).isEqualTo(new Billing("local", 1, 0, 0));
        long ranMillis = runningStatus.get("executionTime").asLong();
        assertThat(runningStatus.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(worker.billing(List.of(running)))
                .isEqualTo(new Billing("local", 1, ranMillis, ceilSeconds(ranMillis)));
        assertThat(worker.stats().billedSeconds()).isEqualTo(ceilSeconds(ranMillis));
    }

    @Test
    void aSetOfJobs_sumsEachJobsRoundedSeconds_andCountsEveryEndedJobOnce() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withLatency(LatencyModel.parse("base=300ms")));
        List<String> ids = new ArrayList<>();
        long expectedSeconds = 0;
        long expectedMillis = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode done = call(worker, "POST", "runsync", TEXT + " " + i);
            ids.add(done.get("id").asText());
            expectedMillis += done.get("executionTime").asLong();
            expectedSeconds += ceilSeconds(done.get("executionTime").asLong());
        }
        String other = call(worker, "POST", "runsync", "another reading").get("id").asText();

        Billing asked = worker.billing(List.of(ids.get(0), ids.get(1), ids.get(2), ids.get(0), "no-such-job"));

        // Three jobs of a third of a second each bill a second each, not one second together.
        assertThat(asked).isEqualTo(new Billing("local", 3, expectedMillis, expectedSeconds));
        assertThat(asked.billedSeconds()).isGreaterThanOrEqualTo(3);
        assertThat(worker.billing().jobs()).isEqualTo(4);
        assertThat(worker.billing().billedSeconds())
                .isEqualTo(expectedSeconds + worker.billing(List.of(other)).billedSeconds());
    }

    @Test
    void billedSeconds_roundsPartialSecondsUp() {
        assertThat(Billing.billedSeconds(0)).isZero();
        assertThat(Billing.billedSeconds(1)).isEqualTo(1);
        assertThat(Billing.billedSeconds(1000)).isEqualTo(1);
        assertThat(Billing.billedSeconds(1001)).isEqualTo(2);
        assertThatThrownBy(() -> Billing.billedSeconds(-1)).hasMessageContaining("executionMillis");
    }
}
