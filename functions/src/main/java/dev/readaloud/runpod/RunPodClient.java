package dev.readaloud.runpod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.readaloud.audio.InvalidWavException;
import dev.readaloud.audio.WavInfo;
import dev.readaloud.audio.WavReader;
import dev.readaloud.logging.JsonLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A RunPod serverless client for one TTS endpoint, on {@code java.net.http} only.
 *
 * <p>One {@link #synthesize} call is one job. It submits with {@code POST /run}, which names the
 * job at once, hands the id to the caller (who records it) and only then waits: it long-polls
 * {@code GET /status/{id}?wait=}, which a server that ignores {@code wait} answers at once, so
 * then it polls with a growing interval (at most {@value #MAX_POLL_SECONDS} s) instead. Each job
 * asks for an executionTimeout in proportion to its text ({@link ExecutionBudget}), so a stalled
 * job ends in about the time its work should take. Every wait ends before the caller's deadline:
 * a job still running then is reported as {@link JobStillRunningException} with its id, and the
 * next call resumes it. Thread-safe; build one per container and reuse it.
 */
public final class RunPodClient {

    /** Sleeps; tests pass one that records instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The {@code logger} field of this client's log lines. */
    private static final String LOGGER = "dev.readaloud.runpod";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest a submission may take: /run only queues the job and answers at once. */
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(30);
    /** Time allowed, on top of a requested wait, for the server to answer. */
    private static final Duration ANSWER_SLACK = Duration.ofSeconds(5);
    /** Time a long poll leaves before the deadline for the answer to travel back. */
    private static final long ANSWER_RESERVE_MILLIS = 500;
    private static final long MIN_USEFUL_POLL_MILLIS = 100;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration FIRST_POLL_INTERVAL = Duration.ofMillis(250);
    /**
     * Longest pause between status requests to a server that does not hold them open: a job that runs
     * for minutes (queued behind a cold GPU worker) then costs four requests a minute, not sixty.
     */
    private static final int MAX_POLL_SECONDS = 15;
    private static final Duration MAX_POLL_INTERVAL = Duration.ofSeconds(MAX_POLL_SECONDS);
    private static final int MAX_ERROR_CHARS = 300;

    private final RunPodConfig config;
    private final HttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ApiKeySource keys;
    /** Replaced after a SnapStart restore ({@link #reseedJitter}): a snapshot must not fix the jitter. */
    private volatile RandomGenerator random;
    private final JsonLog log;
    private final AudioExtractor extractor;

    /** With a shared default {@link HttpClient}: 10 s connect timeout, redirects followed except https to http. */
    public RunPodClient(RunPodConfig config) {
        this(config, DefaultHttp.CLIENT);
    }

    public RunPodClient(RunPodConfig config, HttpClient http) {
        this(config, ApiKeySource.fixed(config.apiKey()), http);
    }

    /** With the API key from {@code keys} (asked at every request) instead of {@code config.apiKey()}. */
    public RunPodClient(RunPodConfig config, ApiKeySource keys, HttpClient http) {
        this(config, keys, http, Clock.systemUTC(), duration -> Thread.sleep(duration), new Random(),
                JsonLog.standardError());
    }

    /** For tests: a clock, a sleeper, the jitter's randomness and the log sink are injectable. */
    public RunPodClient(RunPodConfig config, HttpClient http, Clock clock, Sleeper sleeper, RandomGenerator random,
                        JsonLog log) {
        this(config, ApiKeySource.fixed(config.apiKey()), http, clock, sleeper, random, log);
    }

    /** For tests: everything injectable, the API key source too. */
    public RunPodClient(RunPodConfig config, ApiKeySource keys, HttpClient http, Clock clock, Sleeper sleeper,
                        RandomGenerator random, JsonLog log) {
        this.config = Objects.requireNonNull(config, "config");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
        this.log = Objects.requireNonNull(log, "log");
        this.extractor = new AudioExtractor(http, config.audioField(), config.maxAudioBytes());
    }

    public RunPodConfig config() {
        return config;
    }

    /**
     * Gives the backoff jitter a fresh seed from the operating system. Called after a SnapStart restore:
     * every environment restored from one snapshot would otherwise draw the same "random" delays, and
     * clients told to back off together would retry together.
     */
    public void reseedJitter() {
        random = new SplittableRandom(new SecureRandom().nextLong());
    }

    /**
     * Loads and runs this client's code paths without a request and without the API key: parsing a
     * status answer, checking a WAV, building a request. Called before a SnapStart snapshot, so a
     * restored environment does not pay for class loading on its first chunk.
     */
    public void prime() {
        try {
            JsonNode answer = JSON.readTree("{\"id\":\"priming\",\"status\":\"COMPLETED\",\"delayTime\":1,"
                    + "\"executionTime\":1,\"output\":{\"audio_base64\":\"\"}}");
            JobStatus.parse(answer, "status");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest.newBuilder(route("health")).header("Accept", "application/json").GET().build();
        try {
            WavReader.inspect(new byte[0]);
        } catch (InvalidWavException expected) {
            // the point was to load the reader
        }
    }

    /**
     * Speaks one request as one RunPod job and returns its checked WAV.
     *
     * @param request        text and voice
     * @param resumeJobId    a job an earlier attempt submitted (from {@link JobStillRunningException#jobId()}
     *                       or the id {@code onJobSubmitted} received), or null; a resumed job that has
     *                       failed, timed out, was cancelled or has expired is replaced by a new one
     * @param deadline       when this call must have returned (e.g. the Lambda's remaining time, less
     *                       the time needed to store the result)
     * @param onJobSubmitted called with a new job's id as soon as RunPod names it, before waiting on;
     *                       may be null
     * @throws RunPodException one subclass per failure a caller must tell apart
     */
    public SpeechResult synthesize(SpeechRequest request, String resumeJobId, Instant deadline,
                                   Consumer<String> onJobSubmitted) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(deadline, "deadline");
        if (request.text() == null || request.text().isBlank()) {
            throw new BadRequestException("speech request text is empty");
        }
        Call call = new Call(deadline);
        JobStatus status = null;
        if (resumeJobId != null && !resumeJobId.isBlank()) {
            status = resume(call, resumeJobId);
        }
        if (status == null) {
            status = submit(call, request, null);
            call.jobId = status.id;
            if (onJobSubmitted != null) {
                try {
                    onJobSubmitted.accept(status.id);
                } catch (RuntimeException e) {
                    if (!status.terminal()) {
                        cancelQuietly(call, status.id);
                    }
                    throw e;
                }
            }
        }
        status = awaitTerminal(call, status);
        return finish(call, status);
    }

    /** Cancels a job (a job given up for good stops costing money). */
    public void cancel(String jobId) {
        Call call = new Call(clock.instant().plus(Duration.ofSeconds(30)));
        sendJson(call, "cancel", HttpRequest.newBuilder(route("cancel/" + checkedJobId(jobId)))
                .POST(HttpRequest.BodyPublishers.noBody()), true, Duration.ofSeconds(10));
        log.info(LOGGER, "runpod job cancelled", Map.of("jobId", jobId, "httpRequests", call.requests));
    }

    /** The endpoint's job and worker counts. */
    public Health health() {
        Call call = new Call(clock.instant().plus(Duration.ofSeconds(30)));
        JsonNode body = sendJson(call, "health", HttpRequest.newBuilder(route("health")).GET(), true,
                Duration.ofSeconds(10));
        JsonNode jobs = body.path("jobs");
        JsonNode workers = body.path("workers");
        return new Health(jobs.path("completed").asLong(), jobs.path("failed").asLong(),
                jobs.path("inProgress").asLong(), jobs.path("inQueue").asLong(), jobs.path("retried").asLong(),
                workers.path("idle").asLong(), workers.path("running").asLong());
    }

    private JobStatus resume(Call call, String jobId) {
        call.jobId = checkedJobId(jobId);
        JobStatus status;
        try {
            status = pollOnce(call, call.jobId);
        } catch (EndpointNotFoundException e) {
            log.warn(LOGGER, "runpod job to resume is gone; submitting a new one", fields(call, null));
            return null;
        }
        if (status.state == State.FAILED || status.state == State.TIMED_OUT || status.state == State.CANCELLED) {
            log.warn(LOGGER, "runpod job to resume ended " + status.state + "; submitting a new one", fields(call, status));
            return null;
        }
        call.resumed = true;
        return status;
    }

    /**
     * Submits one request as a RunPod job and returns its id at once, without waiting: RunPod POSTs the
     * job's end (its /status answer) to {@code webhook}, which hands it to {@link #audioOf}.
     *
     * @param webhook  where RunPod reports the job's end; it carries a secret, so it is never logged
     * @param deadline when this call must have returned
     * @throws RunPodException as {@link #synthesize} does for a submission RunPod refuses
     */
    public String submit(SpeechRequest request, URI webhook, Instant deadline) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(webhook, "webhook");
        if (request.text() == null || request.text().isBlank()) {
            throw new BadRequestException("speech request text is empty");
        }
        return submit(new Call(deadline), request, webhook).id;
    }

    /**
     * The audio of a job that has ended, from the body of RunPod's webhook (the job's /status answer).
     *
     * @param jobId    the job the webhook must be about, or null when not yet known
     * @param body     the webhook's JSON body
     * @param deadline when this call must have returned (the audio may be a URL to download)
     * @throws BadRequestException when the body is not a RunPod job that has ended (or is about another job)
     * @throws RunPodException     as {@link #synthesize} does for a job that failed, timed out or gave no audio
     */
    public SpeechResult audioOf(String jobId, String body, Instant deadline) {
        JsonNode answer;
        try {
            answer = body == null ? null : JSON.readTree(body);
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject()) {
            throw new BadRequestException("RunPod webhook body is not a JSON object");
        }
        JobStatus status;
        try {
            status = JobStatus.parse(answer, "webhook");
        } catch (RunPodUnavailableException e) {
            throw new BadRequestException(e.getMessage());
        }
        if (jobId != null && !jobId.equals(status.id)) {
            throw new BadRequestException("RunPod webhook is about job " + status.id + ", not job " + jobId);
        }
        if (!status.terminal()) {
            throw new BadRequestException("RunPod webhook reports job " + status.id + " " + status.state
                    + ", which has not ended");
        }
        Call call = new Call(deadline);
        call.jobId = status.id;
        return finish(call, status);
    }

    private JobStatus submit(Call call, SpeechRequest request, URI webhook) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode input = body.putObject("input");
        config.extraInput().forEach((key, value) -> input.set(key, JSON.valueToTree(value)));
        input.put("text", request.text());
        if (request.voice() != null && !request.voice().isBlank()) {
            input.put("voice", request.voice());
        }
        Duration executionTimeout = config.executionTimeoutFor(request.text().codePointCount(0, request.text().length()));
        if (executionTimeout != null || config.ttl() != null) {
            ObjectNode policy = body.putObject("policy");
            if (executionTimeout != null) {
                policy.put("executionTimeout", executionTimeout.toMillis());
            }
            if (config.ttl() != null) {
                policy.put("ttl", config.ttl().toMillis());
            }
        }
        if (webhook != null) {
            body.put("webhook", webhook.toString());
        }
        long usable = call.usableMillis();
        if (usable <= 0) {
            throw new RunPodUnavailableException("no time left before the deadline to submit a RunPod job");
        }
        // /run, never /runsync: /run answers with the job id at once, so the caller records it before any
        // waiting; /runsync names the job only when it answers (up to a minute later) and RunPod keeps its
        // result for one minute only, so a function dying in that window would pay for the job again.
        String route = "run";
        HttpRequest.Builder builder = HttpRequest.newBuilder(route(route))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        Duration timeout = Duration.ofMillis(Math.min(usable, SUBMIT_TIMEOUT.toMillis()));
        JsonNode answer = sendJson(call, route, builder, false, timeout);
        JobStatus status = JobStatus.parse(answer, route);
        call.jobId = status.id;
        log.info(LOGGER, "runpod job submitted", fields(call, status));
        return status;
    }

    private JobStatus awaitTerminal(Call call, JobStatus status) {
        Duration interval = FIRST_POLL_INTERVAL;
        try {
            while (!status.terminal()) {
                long usable = call.usableMillis();
                if (usable < MIN_USEFUL_POLL_MILLIS) {
                    log.info(LOGGER, "runpod job still running at the deadline", fields(call, status));
                    throw new JobStillRunningException(status.id, status.state.name());
                }
                long waitMillis = Math.max(0, Math.min(config.pollWait().toMillis(), usable - ANSWER_RESERVE_MILLIS));
                Instant asked = clock.instant();
                status = pollWith(call, status.id, waitMillis, usable);
                if (status.terminal()) {
                    break;
                }
                long heldMillis = Duration.between(asked, clock.instant()).toMillis();
                if (heldMillis < waitMillis / 2 || waitMillis == 0) {
                    // The server did not hold the request (it ignores wait, or too little time was left
                    // to ask for one): poll with a growing interval rather than spin.
                    long pause = Math.min(interval.toMillis(), call.usableMillis() - MIN_USEFUL_POLL_MILLIS);
                    if (pause > 0) {
                        sleeper.sleep(Duration.ofMillis(pause));
                    }
                    interval = interval.multipliedBy(2).compareTo(MAX_POLL_INTERVAL) > 0
                            ? MAX_POLL_INTERVAL : interval.multipliedBy(2);
                }
            }
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelQuietly(call, status.id);
            throw new RunPodUnavailableException("interrupted while waiting for RunPod job " + status.id + "; cancelled it", e);
        }
    }

    private JobStatus pollOnce(Call call, String jobId) {
        long usable = call.usableMillis();
        if (usable < MIN_USEFUL_POLL_MILLIS) {
            throw new JobStillRunningException(jobId, "unknown");
        }
        long waitMillis = Math.max(0, Math.min(config.pollWait().toMillis(), usable - ANSWER_RESERVE_MILLIS));
        return pollWith(call, jobId, waitMillis, usable);
    }

    private JobStatus pollWith(Call call, String jobId, long waitMillis, long usable) {
        String path = "status/" + jobId + (waitMillis > 0 ? "?wait=" + waitMillis : "");
        Duration timeout = Duration.ofMillis(Math.min(waitMillis + ANSWER_SLACK.toMillis(), Math.max(usable, 1)));
        JsonNode answer = sendJson(call, "status", HttpRequest.newBuilder(route(path)).GET(), true, timeout);
        JobStatus status = JobStatus.parse(answer, "status");
        if (!status.id.equals(jobId)) {
            throw new RunPodUnavailableException("RunPod status for job " + jobId + " answered about job " + status.id);
        }
        return status;
    }

    private SpeechResult finish(Call call, JobStatus status) {
        switch (status.state) {
            case FAILED -> {
                log.warn(LOGGER, "runpod job failed", fields(call, status));
                throw new JobFailedException("RunPod job " + status.id + " FAILED: " + status.error)
                        .ranFor(status.executionTimeMillis);
            }
            case TIMED_OUT, CANCELLED -> {
                log.warn(LOGGER, "runpod job ended " + status.state, fields(call, status));
                throw new JobTimedOutException("RunPod job " + status.id + " ended " + status.state
                        + (status.error == null ? "" : ": " + status.error)).ranFor(status.executionTimeMillis);
            }
            default -> {
                // COMPLETED, the only other terminal state
            }
        }
        JsonNode output = status.output;
        if (output == null || output.isNull() || output.isMissingNode()
                || (output.isTextual() && output.asText().isEmpty()) || (output.isContainerNode() && output.isEmpty())) {
            log.warn(LOGGER, "runpod job completed without output", fields(call, status));
            throw new EmptyOutputException("RunPod job " + status.id
                    + " COMPLETED without output (RunPod drops results too large to store)")
                    .ranFor(status.executionTimeMillis);
        }
        byte[] wav;
        WavInfo info;
        try {
            wav = extractor.extract(output, Duration.ofMillis(Math.min(config.audioDownloadTimeout().toMillis(),
                    Math.max(call.usableMillis(), 0))));
            info = WavReader.inspect(wav);
            if (info.frames() == 0) {
                throw new InvalidWavException("the data chunk holds no audio frames");
            }
        } catch (InvalidWavException e) {
            log.warn(LOGGER, "runpod job output is not a WAV", fields(call, status));
            throw new BadAudioException("RunPod job " + status.id + " output is not a readable WAV: " + e.getMessage())
                    .ranFor(status.executionTimeMillis);
        } catch (BadAudioException e) {
            log.warn(LOGGER, "runpod job output holds no audio", fields(call, status));
            throw new BadAudioException("RunPod job " + status.id + ": " + e.getMessage())
                    .ranFor(status.executionTimeMillis);
        }
        log.info(LOGGER, "runpod job completed", fields(call, status));
        return new SpeechResult(status.id, wav, info, status.delayTimeMillis, status.executionTimeMillis, call.requests);
    }

    private void cancelQuietly(Call call, String jobId) {
        try {
            sendJson(call, "cancel", HttpRequest.newBuilder(route("cancel/" + jobId))
                    .POST(HttpRequest.BodyPublishers.noBody()), true, Duration.ofSeconds(5));
            log.info(LOGGER, "runpod job cancelled", fields(call, null));
        } catch (RunPodException e) {
            log.warn(LOGGER, "runpod job could not be cancelled: " + e.getClass().getSimpleName(), fields(call, null));
        }
    }

    /**
     * Sends one request, retrying inside the client: 429 always (RunPod took nothing), 5xx and
     * transport errors only for idempotent requests or when the request never left (connect failed).
     */
    private JsonNode sendJson(Call call, String route, HttpRequest.Builder builder, boolean idempotent, Duration timeout) {
        String key = keys.current();
        authorize(builder, key);
        builder.header("Accept", "application/json");
        boolean keyReplaced = false;
        for (int attempt = 0; ; attempt++) {
            Duration attemptTimeout = timeout;
            long usable = call.usableMillis() + config.deadlineMargin().toMillis();
            if (attempt > 0 && usable < timeout.toMillis()) {
                attemptTimeout = Duration.ofMillis(Math.max(usable, 1));
            }
            HttpRequest request = builder.timeout(attemptTimeout).build();
            call.requests++;
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (HttpConnectTimeoutException | ConnectException e) {
                RunPodUnavailableException failure = new RunPodUnavailableException(
                        "RunPod " + route + " could not connect: " + e.getClass().getSimpleName(), e);
                backoffOrThrow(call, attempt, null, failure);
                continue;
            } catch (HttpTimeoutException e) {
                RunPodUnavailableException failure = new RunPodUnavailableException(
                        "RunPod " + route + " timed out after " + attemptTimeout.toMillis() + " ms", e);
                if (!idempotent) {
                    throw failure;
                }
                backoffOrThrow(call, attempt, null, failure);
                continue;
            } catch (IOException e) {
                RunPodUnavailableException failure = new RunPodUnavailableException(
                        "RunPod " + route + " failed: " + e.getClass().getSimpleName(), e);
                if (!idempotent) {
                    throw failure;
                }
                backoffOrThrow(call, attempt, null, failure);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RunPodUnavailableException("interrupted during RunPod " + route, e);
            }
            int code = response.statusCode();
            if (code >= 200 && code < 300) {
                try {
                    JsonNode body = JSON.readTree(response.body());
                    if (body == null || !body.isObject()) {
                        throw new IOException("not a JSON object");
                    }
                    return body;
                } catch (IOException e) {
                    throw new RunPodUnavailableException("RunPod " + route + " answered HTTP " + code
                            + " with a body that is not a JSON object (" + response.body().length() + " chars)");
                }
            }
            String detail = errorDetail(response.body());
            if (code == 429) {
                Duration retryAfter = retryAfter(response);
                RateLimitedException failure = new RateLimitedException("RunPod " + route
                        + " answered 429 Too Many Requests" + (retryAfter.isZero() ? "" : " (Retry-After "
                        + retryAfter.toMillis() + " ms)") + " after " + (attempt + 1) + " attempts", retryAfter);
                backoffOrThrow(call, attempt, retryAfter, failure);
                continue;
            }
            if (code == 401 && !keyReplaced) {
                // RunPod took nothing: a request refused for its key can be sent again with a rotated one.
                String replacement = keys.replacing(key);
                if (replacement != null) {
                    keyReplaced = true;
                    key = replacement;
                    authorize(builder, key);
                    log.info(LOGGER, "runpod refused the api key; retrying with the key read again",
                            Map.of("endpointId", config.endpointId(), "route", route));
                    attempt--;
                    continue;
                }
            }
            if (code == 401 || code == 403) {
                throw new UnauthorizedException("RunPod " + route + " answered " + code
                        + ": the API key is missing, wrong or not allowed on endpoint " + config.endpointId());
            }
            if (code == 404) {
                throw new EndpointNotFoundException("RunPod " + route + " answered 404: "
                        + (route.equals("status") || route.equals("cancel")
                        ? "unknown endpoint " + config.endpointId() + " or unknown/expired job " + call.jobId
                        : "unknown endpoint " + config.endpointId()) + detail);
            }
            if (code >= 500 || code == 408) {
                RunPodUnavailableException failure = new RunPodUnavailableException("RunPod " + route + " answered HTTP "
                        + code + detail);
                if (!idempotent) {
                    throw failure;
                }
                backoffOrThrow(call, attempt, null, failure);
                continue;
            }
            throw new BadRequestException("RunPod " + route + " answered HTTP " + code + detail);
        }
    }

    private static void authorize(HttpRequest.Builder builder, String key) {
        if (key != null && !key.isBlank()) {
            builder.setHeader("Authorization", "Bearer " + key);
        }
    }

    /** Sleeps a jittered, bounded backoff before the next attempt, or throws when none is left. */
    private void backoffOrThrow(Call call, int attempt, Duration retryAfter, RunPodException failure) {
        if (attempt >= config.maxRetries()) {
            throw failure;
        }
        long capMillis = config.maxBackoff().toMillis();
        long delayMillis;
        if (retryAfter != null && !retryAfter.isZero()) {
            // Honour Retry-After whatever its length, plus a little jitter so clients told the same second do
            // not collide; one that outlasts the call's time fails with it, for the state machine to back off.
            delayMillis = retryAfter.toMillis() + random.nextLong(FIRST_BACKOFF.toMillis() + 1);
        } else {
            long ceiling = Math.min(capMillis, FIRST_BACKOFF.toMillis() << Math.min(attempt, 16));
            delayMillis = random.nextLong(ceiling + 1); // full jitter
        }
        if (delayMillis >= call.usableMillis()) {
            throw failure;
        }
        call.retries++;
        try {
            sleeper.sleep(Duration.ofMillis(delayMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse("").strip();
        if (value.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            double seconds = Double.parseDouble(value);
            return seconds <= 0 ? Duration.ZERO : Duration.ofMillis((long) Math.ceil(seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration until = Duration.between(Instant.now(), at);
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notDate) {
                return Duration.ZERO;
            }
        }
    }

    private static String errorDetail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String detail = body;
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.hasNonNull("error")) {
                detail = node.get("error").isTextual() ? node.get("error").asText() : node.get("error").toString();
            }
        } catch (IOException notJson) {
            // keep the raw body, shortened
        }
        detail = detail.replaceAll("\\s+", " ").strip();
        return ": " + (detail.length() > MAX_ERROR_CHARS ? detail.substring(0, MAX_ERROR_CHARS) + "..." : detail);
    }

    private URI route(String path) {
        return URI.create(config.endpointUrl() + "/" + path);
    }

    private static String checkedJobId(String jobId) {
        if (jobId == null || !jobId.matches("[A-Za-z0-9_.-]{1,200}")) {
            throw new BadRequestException("RunPod job id must be 1-200 letters, digits, '.', '-' or '_', got: "
                    + (jobId == null ? "null" : "'" + jobId + "'"));
        }
        return jobId;
    }

    private Map<String, Object> fields(Call call, JobStatus status) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("endpointId", config.endpointId());
        fields.put("jobId", status != null ? status.id : call.jobId);
        if (status != null) {
            fields.put("status", status.state.name());
            fields.put("delayTimeMs", status.delayTimeMillis);
            fields.put("executionTimeMs", status.executionTimeMillis);
        }
        fields.put("httpRequests", call.requests);
        fields.put("retries", call.retries);
        fields.put("resumed", call.resumed);
        fields.put("elapsedMs", Duration.between(call.started, clock.instant()).toMillis());
        return fields;
    }

    /** Built on first use only, so tests that pass their own client never start its threads. */
    private static final class DefaultHttp {
        static final HttpClient CLIENT = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Per-call bookkeeping. */
    private final class Call {
        final Instant started = clock.instant();
        final Instant deadline;
        String jobId;
        int requests;
        int retries;
        boolean resumed;

        Call(Instant deadline) {
            this.deadline = deadline;
        }

        /** Milliseconds left before the deadline, less the configured margin. */
        long usableMillis() {
            return Duration.between(clock.instant(), deadline).toMillis() - config.deadlineMargin().toMillis();
        }
    }

    enum State {
        IN_QUEUE, IN_PROGRESS, COMPLETED, FAILED, CANCELLED, TIMED_OUT;

        boolean terminal() {
            return this != IN_QUEUE && this != IN_PROGRESS;
        }
    }

    /** One answer of /run or /status. */
    private record JobStatus(String id, State state, JsonNode output, String error, long delayTimeMillis,
                             long executionTimeMillis) {

        boolean terminal() {
            return state.terminal();
        }

        static JobStatus parse(JsonNode body, String route) {
            JsonNode id = body.get("id");
            if (id == null || !id.isTextual() || id.asText().isBlank()) {
                throw new RunPodUnavailableException("RunPod " + route + " answered without a job id");
            }
            String statusText = body.path("status").asText("");
            State state;
            try {
                state = "RUNNING".equals(statusText) ? State.IN_PROGRESS : State.valueOf(statusText);
            } catch (IllegalArgumentException e) {
                throw new RunPodUnavailableException("RunPod " + route + " answered an unknown job status '"
                        + (statusText.length() > 40 ? statusText.substring(0, 40) : statusText) + "' for job " + id.asText());
            }
            JsonNode error = body.get("error");
            String errorText = error == null || error.isNull() ? null
                    : error.isTextual() ? error.asText() : error.toString();
            if (errorText != null && errorText.length() > MAX_ERROR_CHARS) {
                errorText = errorText.substring(0, MAX_ERROR_CHARS) + "...";
            }
            return new JobStatus(id.asText(), state, body.get("output"), errorText,
                    body.path("delayTime").asLong(0), body.path("executionTime").asLong(0));
        }
    }
}
