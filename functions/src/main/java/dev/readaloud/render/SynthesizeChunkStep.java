package dev.readaloud.render;

import dev.readaloud.logging.JsonLog;
import dev.readaloud.runpod.BadAudioException;
import dev.readaloud.runpod.EmptyOutputException;
import dev.readaloud.runpod.JobFailedException;
import dev.readaloud.runpod.JobTimedOutException;
import dev.readaloud.runpod.RunPodClient;
import dev.readaloud.runpod.RunPodException;
import dev.readaloud.runpod.SpeechRequest;
import dev.readaloud.runpod.SpeechResult;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SynthesizeChunk: makes sure {@code chunks/{index}.wav} holds the chunk's audio. A chunk already
 * there with the same hash costs nothing; a RunPod job already submitted for it is resumed; RunPod
 * errors keep their class (Step Functions retries by it) and gain the chunk in their message.
 */
public final class SynthesizeChunkStep {

    /** S3 user metadata of a chunk WAV. */
    public static final String TEXT_SHA256 = "text-sha256";
    public static final String JOB_ID = "runpod-job-id";
    public static final String DELAY_MS = "delay-ms";
    public static final String EXECUTION_MS = "execution-ms";
    public static final String WALL_MS = "wall-ms";
    public static final String AUDIO_MS = "audio-ms";
    public static final String ATTEMPT = "attempt";
    public static final String HTTP_REQUESTS = "http-requests";
    /** The job record's write after the meter was read. */
    private static final Spend RECORD_WRITE = new Spend(0, 0, 0, 0, 0, 0, 0, 1, 0);
    /** Set on a chunk copied from the shared chunk store: {@value ChunkOutcome#FROM_SHARED}. */
    public static final String SOURCE = "source";

    private final RenderStore store;
    private final PlanCache plans;
    private final RunPodClient runPod;
    private final ChunkWriter writer;
    private final CarriedSpend carried;
    /** Null without the callback wait mode, as is {@link #webhookUrl}. */
    private final TaskCallbacks callbacks;
    private final URI webhookUrl;
    private final Clock clock;
    private final JsonLog log;

    /** Poll mode only: a request with a task token fails, naming the missing setting. */
    public SynthesizeChunkStep(RenderStore store, RunPodClient runPod, Clock clock, JsonLog log) {
        this(store, runPod, null, null, clock, log);
    }

    /**
     * @param callbacks  ends a chunk task at once when nothing needs to wait (the chunk is stored already)
     * @param webhookUrl the HTTP API's webhook route ({@code .../runpod-webhooks}), to which the chunk's
     *                   render id, index and a per-job secret are appended for RunPod; null for poll mode only
     */
    public SynthesizeChunkStep(RenderStore store, RunPodClient runPod, TaskCallbacks callbacks, URI webhookUrl,
                               Clock clock, JsonLog log) {
        this.store = store;
        this.plans = new PlanCache(store);
        this.runPod = runPod;
        this.writer = new ChunkWriter(store, log);
        this.carried = new CarriedSpend(store);
        this.callbacks = callbacks;
        this.webhookUrl = webhookUrl;
        this.clock = clock;
        this.log = log;
    }

    /**
     * @param deadline when to give up waiting for RunPod (the job keeps running and is resumed by a retry)
     * @param meter    this invocation's meter: the chunk's spend (its invocations, the RunPod jobs that ran for
     *                 it) goes into its metadata when it is stored, or is carried for the one that stores it
     * @throws RunPodException (its subclasses) with a message naming the chunk and render
     * @throws InvalidStepInputException when the index is not in the plan
     */
    public ChunkOutcome synthesize(ChunkRequest request, Instant deadline, InvocationMeter meter) {
        long started = System.nanoTime();
        Target target = target(request);
        String renderId = target.renderId();
        PlanDocument plan = target.plan();
        PlannedChunk chunk = target.chunk();
        int index = chunk.index();
        int attempt = target.attempt();

        Optional<ChunkOutcome> stored = alreadyStored(renderId, chunk, attempt, started);
        if (stored.isPresent()) {
            return stored.get();
        }

        Optional<JobRecord> recorded = recordedJob(renderId, chunk);
        boolean followsAnother = attempt != 0 || recorded.isPresent();
        try {
            Spend earlier = (followsAnother ? carried.read(renderId, index) : Spend.ZERO)
                    .plus(recorded.map(JobRecord::spentSoFar).orElse(Spend.ZERO));
            String sharedKey = RenderStore.sharedChunkKey(SharedChunks.hash(runPod.config().endpointId(),
                    plan.voice(), chunk.text()));
            // A chunk with a job already submitted is resumed (it is paid for); any other may be copied.
            if (plan.reusesChunks() && recorded.isEmpty()) {
                Optional<ChunkOutcome> copied = copyShared(renderId, chunk, sharedKey, attempt, started,
                        earlier.plus(meter.spentSoFar()));
                if (copied.isPresent()) {
                    forgetCarried(followsAnother, renderId, index);
                    return copied.get();
                }
            }
            SpeechResult speech = speak(renderId, plan, chunk, attempt, recorded, deadline, started);
            ChunkOutcome outcome = writer.store(renderId, plan, chunk, sharedKey, speech, attempt,
                    recorded.filter(JobRecord::live).isPresent(), elapsedMillis(started),
                    earlier.plus(meter.spentSoFar()).plusRunPodJob(speech.executionTimeMillis()));
            forgetCarried(followsAnother, renderId, index);
            return outcome;
        } catch (RuntimeException e) {
            carried.carry(renderId, index, failed(meter, e));
            throw e;
        }
    }

    /** Has RunPod speak the chunk: the recorded job resumed when it may still deliver, else a new one. */
    private SpeechResult speak(String renderId, PlanDocument plan, PlannedChunk chunk, int attempt,
                               Optional<JobRecord> recorded, Instant deadline, long started) {
        int index = chunk.index();
        String jobKey = RenderStore.jobKey(renderId, index);
        String resumeJobId = recorded.filter(JobRecord::live).map(JobRecord::jobId).orElse(null);
        // The job an earlier attempt submitted ended badly (bad audio, empty output, failed): this attempt
        // is the retry that replaces it with a new job, and says so.
        Optional<JobRecord> replaced = recorded.filter(job -> !job.live());
        try {
            return runPod.synthesize(new SpeechRequest(chunk.text(), plan.voice()), resumeJobId, deadline,
                    jobId -> {
                        store.writeJson(jobKey, JobRecord.submitted(jobId, chunk.sha256(), clock.instant().toString()));
                        if (replaced.isPresent()) {
                            log.event("chunk.resubmitted", "renderId", renderId, "index", index, "attempt", attempt,
                                    "jobId", jobId, "replacesJobId", replaced.get().jobId(),
                                    "after", replaced.get().endedWith());
                        } else {
                            log.event("chunk.submitted", "renderId", renderId, "index", index, "attempt", attempt,
                                    "jobId", jobId);
                        }
                    });
        } catch (RunPodException e) {
            if (jobIsOver(e)) {
                // Resuming the job (the one recorded last) would fetch the same failure: the record says so,
                // and the next attempt submits a new job (the state machine retries these a few times).
                store.readJson(jobKey, JobRecord.class).ifPresent(job ->
                        store.writeJson(jobKey, job.endedWith(e.getClass().getSimpleName())));
            }
            log.event("chunk.failed", "renderId", renderId, "index", index, "attempt", attempt,
                    "error", e.getClass().getName(), "retryable", e.retryable(), "ms", elapsedMillis(started));
            throw e.about("chunk " + index + " of render " + renderId);
        }
    }

    /**
     * Callback mode (the SubmitChunk state, {@code .waitForTaskToken}): sees to it that the chunk's task
     * ends, without waiting for RunPod. A chunk stored already, or in the shared chunk store, ends the task at
     * once. A job an earlier attempt submitted with a webhook now ends this attempt's task (its record gets
     * the new token). Otherwise a new job is submitted with a webhook URL carrying a new secret, recorded
     * (hashed) before the submission, since RunPod's webhook may come before /run has answered. What the
     * chunk's invocations spent travels in the job record to the webhook that stores the chunk.
     *
     * @param deadline when this call must have returned
     * @param meter    this invocation's meter
     * @throws RunPodException (its subclasses) with a message naming the chunk and render, as {@link #synthesize}
     * @throws ConfigurationException when this function was not given the webhook route's URL
     */
    public ChunkOutcome submit(ChunkRequest request, Instant deadline, InvocationMeter meter) {
        long started = System.nanoTime();
        if (callbacks == null || webhookUrl == null) {
            throw new ConfigurationException("environment variable RUNPOD_WEBHOOK_URL is not set: the callback wait "
                    + "mode needs the URL of the HTTP API's /runpod-webhooks route");
        }
        Target target = target(request);
        String renderId = target.renderId();
        PlanDocument plan = target.plan();
        PlannedChunk chunk = target.chunk();
        int index = chunk.index();
        int attempt = target.attempt();
        String token = request.taskToken();

        Optional<ChunkOutcome> stored = alreadyStored(renderId, chunk, attempt, started);
        if (stored.isPresent()) {
            callbacks.succeed(token);
            return stored.get();
        }
        String jobKey = RenderStore.jobKey(renderId, index);
        Optional<JobRecord> recorded = recordedJob(renderId, chunk);
        Optional<JobRecord> live = recorded.filter(JobRecord::live).filter(job -> job.jobId() != null);
        if (live.isPresent() && !live.get().hasWebhook()) {
            // A job submitted to be polled (the deployment changed its wait mode during this render): it has no
            // webhook to wait for, so this attempt resumes it by polling, then ends its own task.
            ChunkOutcome outcome = synthesize(request, deadline, meter);
            callbacks.succeed(token);
            return outcome;
        }
        boolean followsAnother = attempt != 0 || recorded.isPresent();
        Spend earlier = Spend.ZERO;
        try {
            earlier = (followsAnother ? carried.read(renderId, index) : Spend.ZERO)
                    .plus(recorded.map(JobRecord::spentSoFar).orElse(Spend.ZERO));
            if (plan.reusesChunks() && recorded.isEmpty()) {
                Optional<ChunkOutcome> copied = copyShared(renderId, chunk, RenderStore.sharedChunkKey(
                        SharedChunks.hash(runPod.config().endpointId(), plan.voice(), chunk.text())), attempt, started,
                        earlier.plus(meter.spentSoFar()));
                if (copied.isPresent()) {
                    forgetCarried(followsAnother, renderId, index);
                    callbacks.succeed(token);
                    return copied.get();
                }
            }
            ChunkOutcome outcome = live.isPresent()
                    ? await(renderId, chunk, attempt, token, live.get(), earlier, meter, started)
                    : submitNew(renderId, plan, chunk, attempt, token, recorded, earlier, meter, deadline, started);
            forgetCarried(followsAnother, renderId, index);
            return outcome;
        } catch (RuntimeException e) {
            // The job record that held the earlier spend is gone when a new submission failed.
            carried.carry(renderId, index, failed(meter, e).plus(store.exists(jobKey) ? Spend.ZERO
                    : recorded.map(JobRecord::spentSoFar).orElse(Spend.ZERO)));
            throw e;
        }
    }

    /** A job an earlier attempt submitted with a webhook: its record now names this attempt's task. */
    private ChunkOutcome await(String renderId, PlannedChunk chunk, int attempt, String token, JobRecord job,
                               Spend earlier, InvocationMeter meter, long started) {
        int index = chunk.index();
        store.writeJson(RenderStore.jobKey(renderId, index), job.withTaskToken(token)
                .withSpent(earlier.plus(meter.spentSoFar()).plus(RECORD_WRITE)));
        // The webhook may have stored the chunk while the record still named the earlier attempt's task.
        Optional<ChunkOutcome> meanwhile = alreadyStored(renderId, chunk, attempt, started);
        if (meanwhile.isPresent()) {
            callbacks.succeed(token);
            return meanwhile.get();
        }
        log.event("chunk.awaiting", "renderId", renderId, "index", index, "attempt", attempt,
                "jobId", job.jobId(), "resumed", true);
        return new ChunkOutcome(renderId, index, false, true, job.jobId(), -1, elapsedMillis(started),
                ChunkOutcome.SUBMITTED);
    }

    /** A new job with a webhook carrying a new secret, recorded (hashed) before it is submitted. */
    private ChunkOutcome submitNew(String renderId, PlanDocument plan, PlannedChunk chunk, int attempt, String token,
                                   Optional<JobRecord> recorded, Spend earlier, InvocationMeter meter,
                                   Instant deadline, long started) {
        int index = chunk.index();
        String jobKey = RenderStore.jobKey(renderId, index);
        String secret = WebhookSecret.generate();
        // Its spend so far is in it already: the webhook may store the chunk before the job id is recorded.
        JobRecord record = JobRecord.awaitingCallback(chunk.sha256(), clock.instant().toString(),
                WebhookSecret.sha256(secret), token).withSpent(earlier.plus(meter.spentSoFar()).plus(RECORD_WRITE));
        store.writeJson(jobKey, record);
        String jobId;
        try {
            jobId = runPod.submit(new SpeechRequest(chunk.text(), plan.voice()), webhook(renderId, index, secret),
                    deadline);
        } catch (RunPodException e) {
            store.delete(jobKey);
            log.event("chunk.failed", "renderId", renderId, "index", index, "attempt", attempt,
                    "error", e.getClass().getName(), "retryable", e.retryable(), "ms", elapsedMillis(started));
            throw e.about("chunk " + index + " of render " + renderId);
        }
        store.writeJson(jobKey, record.withJobId(jobId).withSpent(earlier.plus(meter.spentSoFar()).plus(RECORD_WRITE)));
        // The webhook forgets the record once it has stored the chunk. When it did so before the write above,
        // the chunk is stored now and the record would be left behind: this call forgets it instead. When it
        // does so later, the record it reads and deletes is this one.
        if (store.metadata(RenderStore.chunkKey(renderId, index))
                .filter(stored -> chunk.sha256().equals(stored.get(TEXT_SHA256))).isPresent()) {
            store.delete(jobKey);
        }
        log.event("chunk.submitted", "renderId", renderId, "index", index, "attempt", attempt, "jobId", jobId,
                "waitMode", RunPodWaitMode.CALLBACK.wireName(),
                "replacesJobId", recorded.map(JobRecord::jobId).orElse(null));
        return new ChunkOutcome(renderId, index, false, false, jobId, -1, elapsedMillis(started),
                ChunkOutcome.SUBMITTED);
    }

    /** What a failing invocation spent: itself, and the RunPod job it saw end badly, if one ran. */
    static Spend failed(InvocationMeter meter, RuntimeException e) {
        Spend spent = meter.spentSoFar();
        return e instanceof RunPodException runPodError && runPodError.jobExecutionMillis() >= 0
                ? spent.plusRunPodJob(runPodError.jobExecutionMillis()) : spent;
    }

    private void forgetCarried(boolean followsAnother, String renderId, int index) {
        if (followsAnother) {
            carried.forget(renderId, index);
        }
    }

    /** The webhook URL of one job: the route, the chunk, and the job's secret. */
    private URI webhook(String renderId, int index, String secret) {
        String base = webhookUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + renderId + "/" + index + "?token=" + secret);
    }

    /** The RunPod job recorded for the chunk, when it was submitted for this chunk's text and settings. */
    private Optional<JobRecord> recordedJob(String renderId, PlannedChunk chunk) {
        return store.readJson(RenderStore.jobKey(renderId, chunk.index()), JobRecord.class)
                .filter(job -> chunk.sha256().equals(job.textSha256()));
    }

    /** The chunk, when this render has it stored already with the same hash (a retry, a redrive). */
    private Optional<ChunkOutcome> alreadyStored(String renderId, PlannedChunk chunk, int attempt, long started) {
        Optional<Map<String, String>> existing = store.metadata(RenderStore.chunkKey(renderId, chunk.index()));
        if (existing.isEmpty() || !chunk.sha256().equals(existing.get().get(TEXT_SHA256))) {
            return Optional.empty();
        }
        log.event("chunk.reused", "renderId", renderId, "index", chunk.index(), "attempt", attempt, "from",
                ChunkOutcome.FROM_RENDER);
        return Optional.of(new ChunkOutcome(renderId, chunk.index(), true, false, existing.get().get(JOB_ID),
                parseLong(existing.get().get(AUDIO_MS)), elapsedMillis(started), ChunkOutcome.FROM_RENDER));
    }

    /**
     * Copies the chunk's audio from the shared chunk store, when it holds it, inside S3. The shared
     * object's metadata (job, audio length, what the stitch measures) comes along; this render's own
     * fields replace the per-render ones, and the RunPod times are 0: this render paid nothing for it.
     */
    private Optional<ChunkOutcome> copyShared(String renderId, PlannedChunk chunk, String sharedKey, int attempt,
                                              long started, Spend spent) {
        Optional<Map<String, String>> shared = store.metadata(sharedKey);
        if (shared.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> metadata = new LinkedHashMap<>(shared.get());
        metadata.put(TEXT_SHA256, chunk.sha256());
        metadata.put(DELAY_MS, "0");
        metadata.put(EXECUTION_MS, "0");
        metadata.put(HTTP_REQUESTS, "0");
        metadata.put(WALL_MS, String.valueOf(elapsedMillis(started)));
        metadata.put(ATTEMPT, String.valueOf(attempt));
        metadata.put(SOURCE, ChunkOutcome.FROM_SHARED);
        // This render's spend on the chunk (the shared object carries none): the HEAD above and the copy.
        metadata.put(Spend.METADATA_KEY, spent.plus(new Spend(0, 0, 0, 0, 0, 0, 0, 1, 1)).encode());
        if (!store.copyChunkWav(sharedKey, RenderStore.chunkKey(renderId, chunk.index()), metadata)) {
            return Optional.empty();
        }
        log.event("chunk.reused", "renderId", renderId, "index", chunk.index(), "attempt", attempt, "from",
                ChunkOutcome.FROM_SHARED, "jobId", shared.get().get(JOB_ID));
        return Optional.of(new ChunkOutcome(renderId, chunk.index(), true, false, shared.get().get(JOB_ID),
                parseLong(shared.get().get(AUDIO_MS)), elapsedMillis(started), ChunkOutcome.FROM_SHARED));
    }

    /**
     * The chunk was given up for good (its retries ran out): cancels the RunPod job still recorded for
     * it, so a stalled job stops costing money, and forgets it. A cancel RunPod refuses (the job is
     * already over, or gone) is logged, not thrown: the render is failing for the chunk's own error.
     * The error the chunk ended with, when the request carries it, is recorded first
     * ({@code chunk-failures/{00000}.json}) so the render's failure can name the chunk.
     *
     * @return what was cancelled
     */
    public AbandonedChunk abandon(ChunkRequest request) {
        Target target = target(request);
        String renderId = target.renderId();
        int index = target.chunk().index();
        if (request.failure() != null) {
            store.writeJson(RenderStore.chunkFailureKey(renderId, index), new ChunkFailure(index,
                    request.failure().error(), request.failure().cause(), clock.instant().toString()));
        }
        String jobKey = RenderStore.jobKey(renderId, index);
        Optional<JobRecord> job = store.readJson(jobKey, JobRecord.class);
        if (job.isPresent() && !job.get().live()) {
            store.delete(jobKey);
            job = Optional.empty();
        }
        if (job.isEmpty()) {
            log.event("chunk.abandoned", "renderId", renderId, "index", index);
            return new AbandonedChunk(renderId, index, null);
        }
        try {
            runPod.cancel(job.get().jobId());
        } catch (RunPodException e) {
            log.event("chunk.cancelFailed", "renderId", renderId, "index", index, "jobId", job.get().jobId(),
                    "error", e.getClass().getName(), "retryable", e.retryable());
            if (e.retryable()) {
                // RunPod did not answer: the record stays, so the failed render's CancelJobs tries again.
                return new AbandonedChunk(renderId, index, null);
            }
        }
        store.delete(jobKey);
        log.event("chunk.abandoned", "renderId", renderId, "index", index, "jobId", job.get().jobId());
        return new AbandonedChunk(renderId, index, job.get().jobId());
    }

    /**
     * The render has failed: cancels every RunPod job still recorded for any of its chunks (chunks other
     * than the one that failed were running when the Map stopped), so nothing keeps costing money, and
     * deletes the records. Cancels RunPod refuses are logged, not thrown.
     *
     * @return the jobs cancelled
     */
    public CancelledJobs cancelJobs(ChunkRequest request) {
        String renderId = RenderIds.require(request.renderId());
        List<String> cancelled = new ArrayList<>();
        for (String key : store.keys(RenderStore.jobsPrefix(renderId))) {
            Optional<JobRecord> job = store.readJson(key, JobRecord.class).filter(JobRecord::live);
            if (job.isPresent()) {
                try {
                    runPod.cancel(job.get().jobId());
                    cancelled.add(job.get().jobId());
                } catch (RunPodException e) {
                    log.event("chunk.cancelFailed", "renderId", renderId, "jobId", job.get().jobId(),
                            "error", e.getClass().getName());
                }
            }
            store.delete(key);
        }
        log.event("render.jobsCancelled", "renderId", renderId, "cancelled", cancelled.size());
        return new CancelledJobs(renderId, cancelled);
    }

    /** The chunk a request names, in its render's plan, and the attempt (-1 when not given). */
    private record Target(String renderId, PlanDocument plan, PlannedChunk chunk, int attempt) {
    }

    /**
     * @throws RenderNotFoundException   when the render has no plan
     * @throws InvalidStepInputException when the index is missing or not in the plan
     */
    private Target target(ChunkRequest request) {
        String renderId = RenderIds.require(request.renderId());
        PlanDocument plan = plans.plan(renderId)
                .orElseThrow(() -> new RenderNotFoundException("render " + renderId + " has no plan.json"));
        return new Target(renderId, plan, plan.chunks().get(index(request, plan)),
                request.attempt() == null ? -1 : request.attempt());
    }

    private static boolean jobIsOver(RunPodException e) {
        return e instanceof JobFailedException || e instanceof JobTimedOutException
                || e instanceof BadAudioException || e instanceof EmptyOutputException;
    }

    private static int index(ChunkRequest request, PlanDocument plan) {
        if (request.index() == null) {
            throw new InvalidStepInputException("index is missing for render " + request.renderId());
        }
        int index = request.index();
        if (index < 0 || index >= plan.chunks().size()) {
            throw new InvalidStepInputException("chunk " + index + " is not in the plan of render "
                    + request.renderId() + " (" + plan.chunks().size() + " chunks)");
        }
        return index;
    }

    static long parseLong(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
