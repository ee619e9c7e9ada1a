package dev.readaloud.local.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.runpod.BadAudioException;
import dev.readaloud.runpod.EmptyOutputException;
import dev.readaloud.runpod.EndpointNotFoundException;
import dev.readaloud.runpod.Health;
import dev.readaloud.runpod.JobFailedException;
import dev.readaloud.runpod.JobStillRunningException;
import dev.readaloud.runpod.JobTimedOutException;
import dev.readaloud.runpod.RateLimitedException;
import dev.readaloud.runpod.RunPodClient;
import dev.readaloud.runpod.RunPodConfig;
import dev.readaloud.runpod.SpeechRequest;
import dev.readaloud.runpod.SpeechResult;
import dev.readaloud.runpod.UnauthorizedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RunPod client against the local worker, for every job status and injected fault. */
class LocalWorkerClientTest {

    private static final String TEXT = "The keeper climbed the stairs and lit the lamp.";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<LocalWorker> workers = new ArrayList<>();

    @AfterEach
    void stopWorkers() {
        workers.forEach(LocalWorker::close);
    }

    private LocalWorker start(WorkerOptions options) throws Exception {
        LocalWorker worker = LocalWorker.start(options);
        workers.add(worker);
        return worker;
    }

    private static RunPodConfig config(LocalWorker worker) {
        return RunPodConfig.of(worker.baseUrl(), worker.endpointId(), worker.options().apiKey())
                .withWaits(Duration.ofSeconds(10), Duration.ZERO);
    }

    private static RunPodClient client(RunPodConfig config) {
        return new RunPodClient(config, HTTP, Clock.systemUTC(), d -> Thread.sleep(d), new Random(1), JsonLog.discarding());
    }

    private static SpeechResult speak(RunPodClient client, String text) {
        return client.synthesize(new SpeechRequest(text, null), null, Instant.now().plusSeconds(20), null);
    }

    private static HttpResponse<String> raw(String method, URI uri, String body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI route(LocalWorker worker, String path) {
        return URI.create(worker.baseUrl() + "/" + worker.endpointId() + "/" + path);
    }

    @Test
    void jobIds_neverRepeatAcrossWorkerProcesses_soAResumedIdCannotNameAnotherJob() throws Exception {
        LocalWorker first = start(WorkerOptions.defaults().withSeed(5));
        String firstId = speak(client(config(first)), TEXT).jobId();
        LocalWorker second = start(WorkerOptions.defaults().withSeed(5));
        String secondId = speak(client(config(second)), TEXT).jobId();

        assertThat(secondId).isNotEqualTo(firstId);
        assertThat(raw("GET", route(second, "status/" + firstId), null).statusCode()).isEqualTo(404);
    }

    @Test
    void completedJob_returnsASyntheticWav_submittedWithRunAndOneHeldStatusRequest() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults());
        RunPodClient client = client(config(worker));

        SpeechResult shortResult = speak(client, "Lamp lit.");
        SpeechResult longResult = speak(client, TEXT + " " + TEXT);

        assertThat(shortResult.info().sampleRateHz()).isEqualTo(24_000);
        assertThat(shortResult.info().channels()).isEqualTo(1);
        assertThat(longResult.info().frames()).isGreaterThan(4 * shortResult.info().frames());
        assertThat(shortResult.httpRequests()).isEqualTo(2);
        WorkerStats stats = worker.stats();
        assertThat(stats.jobsSubmitted()).isEqualTo(2);
        assertThat(stats.jobsCompleted()).isEqualTo(2);
        assertThat(stats.requests("run")).isEqualTo(2);
        assertThat(stats.requests("runsync")).isZero();
    }

    @Test
    void everyOutputShape_isUnderstood() throws Exception {
        for (WorkerOptions.OutputShape shape : WorkerOptions.OutputShape.values()) {
            LocalWorker worker = start(WorkerOptions.defaults().withOutputShape(shape));

            SpeechResult result = speak(client(config(worker)), TEXT);

            assertThat(result.info().sampleRateHz()).as(shape.name()).isEqualTo(24_000);
        }
    }

    @Test
    void freettsVoice_speaksRealSpeech() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withVoice("freetts"));

        SpeechResult result = speak(client(config(worker)), "Hello from the lighthouse.");

        assertThat(result.info().sampleRateHz()).isEqualTo(16_000);
        assertThat(result.info().durationMillis()).isGreaterThan(500);
    }

    @Test
    void longJob_isLongPolledInOneStatusRequest() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withLatency(LatencyModel.parse("base=1500ms")));
        RunPodClient client = client(config(worker).withWaits(Duration.ofSeconds(10), Duration.ZERO));
        List<String> submitted = new ArrayList<>();

        SpeechResult result = client.synthesize(new SpeechRequest(TEXT, null), null, Instant.now().plusSeconds(20),
                submitted::add);

        assertThat(submitted).containsExactly(result.jobId());
        assertThat(result.httpRequests()).isEqualTo(2);
        assertThat(worker.stats().requests("status")).isEqualTo(1);
        assertThat(result.executionTimeMillis()).isGreaterThanOrEqualTo(1_500);
    }

    @Test
    void serverIgnoringStatusWait_isPolledUntilDone() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withHonourStatusWait(false)
                .withLatency(LatencyModel.parse("base=1500ms")));
        RunPodClient client = client(config(worker).withWaits(Duration.ofSeconds(10), Duration.ZERO));

        SpeechResult result = speak(client, TEXT);

        assertThat(result.httpRequests()).isGreaterThan(2);
        assertThat(worker.stats().jobsSubmitted()).isEqualTo(1);
    }

    @Test
    void failedJob_endsInJobFailedWithTheWorkersError() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withFaults(FaultPlan.parse("job-failure=1")));

        assertThatThrownBy(() -> speak(client(config(worker)), TEXT))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("worker exited unexpectedly");
        assertThat(worker.stats().jobsFailed()).isEqualTo(1);
    }

    @Test
    void stalledJob_endsTimedOutAtItsExecutionTimeout() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withFaults(FaultPlan.parse("stall=1")));
        RunPodClient client = client(config(worker).withPolicy(Duration.ofMillis(300), null));

        assertThatThrownBy(() -> speak(client, TEXT))
                .isInstanceOf(JobTimedOutException.class)
                .hasMessageContaining("TIMED_OUT")
                .hasMessageContaining("executionTimeout");
        assertThat(worker.stats().jobsTimedOut()).isEqualTo(1);
    }

    @Test
    void jobStillRunningAtTheDeadline_isResumedNotResubmitted() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withLatency(LatencyModel.parse("base=1200ms")));
        RunPodClient client = client(config(worker));
        SpeechRequest request = new SpeechRequest(TEXT, null);
        List<String> submitted = new ArrayList<>();

        JobStillRunningException stillRunning = org.junit.jupiter.api.Assertions.assertThrows(
                JobStillRunningException.class,
                () -> client.synthesize(request, null, Instant.now().plusMillis(400), submitted::add));
        SpeechResult result = client.synthesize(request, stillRunning.jobId(), Instant.now().plusSeconds(20),
                submitted::add);

        assertThat(submitted).containsExactly(stillRunning.jobId());
        assertThat(result.jobId()).isEqualTo(stillRunning.jobId());
        assertThat(worker.stats().jobsSubmitted()).isEqualTo(1);
        assertThat(worker.stats().jobsCompleted()).isEqualTo(1);
    }

    @Test
    void runningJobAtTheDeadline_canBeCancelledAndIsThenReplacedOnResume() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withLatency(LatencyModel.parse("base=2s")));
        RunPodClient client = client(config(worker));
        SpeechRequest request = new SpeechRequest(TEXT, null);

        JobStillRunningException stillRunning = org.junit.jupiter.api.Assertions.assertThrows(
                JobStillRunningException.class,
                () -> client.synthesize(request, null, Instant.now().plusMillis(300), null));
        client.cancel(stillRunning.jobId());
        HttpResponse<String> status = raw("GET", route(worker, "status/" + stillRunning.jobId()), null);
        SpeechResult replaced = client.synthesize(request, stillRunning.jobId(), Instant.now().plusSeconds(20), null);

        assertThat(status.body()).contains("\"status\":\"CANCELLED\"");
        assertThat(replaced.jobId()).isNotEqualTo(stillRunning.jobId());
        assertThat(worker.stats().jobsCancelled()).isEqualTo(1);
        assertThat(worker.stats().jobsSubmitted()).isEqualTo(2);
    }

    @Test
    void workerDyingMidJob_isRetriedWithANewJob() throws Exception {
        // A seed whose first job dies mid-generation and whose second one lives.
        long seed = 0;
        while (!(LocalWorker.uniform(seed, 2, 1) < 0.5 && LocalWorker.uniform(seed, 2, 2) >= 0.5)) {
            seed++;
        }
        LocalWorker worker = start(WorkerOptions.defaults().withSeed(seed)
                .withFaults(FaultPlan.parse("job-failure=0.5")).withLatency(LatencyModel.parse("base=200ms")));
        RunPodClient client = client(config(worker));
        SpeechRequest request = new SpeechRequest(TEXT, null);
        List<String> submitted = new ArrayList<>();

        assertThatThrownBy(() -> client.synthesize(request, null, Instant.now().plusSeconds(20), submitted::add))
                .isInstanceOfSatisfying(JobFailedException.class, e -> assertThat(e.retryable()).isTrue());
        // The retry (as Step Functions would make it) passes the recorded id: the dead job is replaced.
        SpeechResult retried = client.synthesize(request, submitted.getFirst(), Instant.now().plusSeconds(20),
                submitted::add);

        assertThat(submitted).hasSize(2).doesNotHaveDuplicates();
        assertThat(retried.jobId()).isEqualTo(submitted.get(1));
        assertThat(worker.stats().jobsFailed()).isEqualTo(1);
        assertThat(worker.stats().jobsCompleted()).isEqualTo(1);
    }

    @Test
    void badAudio_endsInBadAudio() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withFaults(FaultPlan.parse("bad-audio=1")));

        assertThatThrownBy(() -> speak(client(config(worker)), TEXT))
                .isInstanceOf(BadAudioException.class)
                .hasMessageContaining("not a readable WAV");
    }

    @Test
    void oversizedResult_endsInEmptyOutput() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withFaults(FaultPlan.parse("oversize=1")));

        assertThatThrownBy(() -> speak(client(config(worker)), TEXT))
                .isInstanceOf(EmptyOutputException.class)
                .hasMessageContaining("without output");
        assertThat(worker.stats().jobsCompleted()).isEqualTo(1);
    }

    @Test
    void constantRateLimiting_endsInRateLimitedAfterBoundedRetries() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withFaults(FaultPlan.parse("rate-limit=1,retry-after=0")));

        assertThatThrownBy(() -> speak(client(config(worker)), TEXT)).isInstanceOf(RateLimitedException.class);
        assertThat(worker.stats().rateLimited()).isEqualTo(4);
        assertThat(worker.stats().jobsSubmitted()).isZero();
    }

    @Test
    void occasionalRateLimiting_isAbsorbedByTheClient() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withSeed(3)
                .withFaults(FaultPlan.parse("rate-limit=0.4,retry-after=0")));
        RunPodClient client = client(config(worker).withRetries(8, Duration.ofMillis(200)));

        for (int i = 0; i < 8; i++) {
            assertThat(speak(client, TEXT + " " + i).info().frames()).isPositive();
        }
        assertThat(worker.stats().rateLimited()).isPositive();
        assertThat(worker.stats().jobsSubmitted()).isEqualTo(8);
    }

    @Test
    void requestsBeyondThePerSecondLimit_get429WithRetryAfter() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withMaxRequestsPerSecond(2));
        List<HttpResponse<String>> answers = new ArrayList<>();

        for (int i = 0; i < 10; i++) {
            answers.add(raw("GET", route(worker, "health"), null));
        }

        // However the ten requests fall across one-second windows, some window got more than two.
        assertThat(answers).anySatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
        });
        assertThat(worker.stats().rateLimited()).isPositive();
    }

    @Test
    void wrongOrMissingKey_isUnauthorized_andUnknownEndpointIsNotFound() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withApiKey("k-123"));

        assertThatThrownBy(() -> speak(client(RunPodConfig.of(worker.baseUrl(), "local", "wrong")), TEXT))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> speak(client(RunPodConfig.of(worker.baseUrl(), "local", null)), TEXT))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> speak(client(RunPodConfig.of(worker.baseUrl(), "other", "k-123")), TEXT))
                .isInstanceOf(EndpointNotFoundException.class);
        assertThat(speak(client(config(worker)), TEXT).info().frames()).isPositive();
    }

    @Test
    void queue_runsAtMostTheConfiguredWorkersAtOnce() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withWorkers(2).withLatency(LatencyModel.parse("base=300ms")));
        RunPodClient client = client(config(worker));
        List<SpeechResult> results = new ArrayList<>();

        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<SpeechResult>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String text = TEXT + " " + i;
                futures.add(pool.submit(() -> speak(client, text)));
            }
            for (Future<SpeechResult> future : futures) {
                results.add(future.get());
            }
        }

        assertThat(worker.stats().maxInProgress()).isEqualTo(2);
        assertThat(worker.stats().jobsCompleted()).isEqualTo(6);
        // The fifth and sixth jobs cannot start before two rounds of 300 ms jobs have ended.
        assertThat(results).anySatisfy(r -> assertThat(r.delayTimeMillis()).isGreaterThanOrEqualTo(100));
    }

    @Test
    void expiredResult_is404_andResumingItSubmitsAgain() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withRetention(Duration.ofMillis(200), Duration.ofMillis(200)));
        RunPodClient client = client(config(worker));
        SpeechResult first = speak(client, TEXT);

        Thread.sleep(300); // outlive the 200 ms retention
        HttpResponse<String> status = raw("GET", route(worker, "status/" + first.jobId()), null);
        SpeechResult again = client.synthesize(new SpeechRequest(TEXT, null), first.jobId(),
                Instant.now().plusSeconds(20), null);

        assertThat(status.statusCode()).isEqualTo(404);
        assertThat(again.jobId()).isNotEqualTo(first.jobId());
        assertThat(worker.stats().jobsSubmitted()).isEqualTo(2);
    }

    @Test
    void deliveredAudio_isForgotten_whileUnfinishedJobsStayReadable() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults()
                .withLatency(LatencyModel.parse("base=300ms,per-char=0ms,jitter=0")));
        HttpResponse<String> submitted = raw("POST", route(worker, "run"), "{\"input\":{\"text\":\"" + TEXT + "\"}}");
        String id = new ObjectMapper().readTree(submitted.body()).get("id").asText();

        HttpResponse<String> running = raw("GET", route(worker, "status/" + id), null);
        HttpResponse<String> runningAgain = raw("GET", route(worker, "status/" + id), null);
        HttpResponse<String> delivered = raw("GET", route(worker, "status/" + id + "?wait=5000"), null);
        HttpResponse<String> afterDelivery = raw("GET", route(worker, "status/" + id), null);

        assertThat(running.body()).contains("IN_");
        assertThat(runningAgain.statusCode()).isEqualTo(200);
        assertThat(delivered.body()).contains("\"COMPLETED\"").contains("audio");
        // The audio went out once; the worker keeps nothing of it (a long reading's memory stays flat).
        assertThat(afterDelivery.statusCode()).isEqualTo(404);
    }

    @Test
    void jobQueuedPastItsTtl_endsTimedOut() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withWorkers(1).withLatency(LatencyModel.parse("base=700ms")));
        raw("POST", route(worker, "run"), "{\"input\":{\"text\":\"occupy the only worker\"}}");
        RunPodClient client = client(config(worker).withPolicy(null, Duration.ofMillis(200)));

        assertThatThrownBy(() -> speak(client, TEXT))
                .isInstanceOf(JobTimedOutException.class)
                .hasMessageContaining("expired in the queue");
    }

    @Test
    void malformedRequests_get400_andWrongMethods405() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults());

        assertThat(raw("POST", route(worker, "run"), "{not json").statusCode()).isEqualTo(400);
        assertThat(raw("POST", route(worker, "run"), "{\"text\":\"no input object\"}").body())
                .contains("'input' object");
        assertThat(raw("POST", route(worker, "run"), "{\"input\":{},\"policy\":{\"ttl\":-5}}").body())
                .contains("policy.ttl");
        assertThat(raw("POST", route(worker, "runsync?wait=soon"), "{\"input\":{}}").statusCode()).isEqualTo(400);
        assertThat(raw("GET", route(worker, "run"), null).statusCode()).isEqualTo(405);
        assertThat(raw("GET", route(worker, "status/nope"), null).statusCode()).isEqualTo(404);
        assertThat(worker.stats().jobsSubmitted()).isZero();
    }

    @Test
    void health_countsJobsAndWorkers() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults().withWorkers(4));
        RunPodClient client = client(config(worker));
        speak(client, TEXT);

        Health health = client.health();

        assertThat(health.jobsCompleted()).isEqualTo(1);
        assertThat(health.workersIdle()).isEqualTo(4);
        assertThat(worker.stats().requests("health")).isEqualTo(1);
    }

    @Test
    void missingText_failsTheJobLikeAWorkerWould() throws Exception {
        LocalWorker worker = start(WorkerOptions.defaults());

        HttpResponse<String> response = raw("POST", route(worker, "runsync"), "{\"input\":{\"voice\":\"synthetic\"}}");

        assertThat(response.body()).contains("\"status\":\"FAILED\"").contains("input.text is missing");
    }
}
