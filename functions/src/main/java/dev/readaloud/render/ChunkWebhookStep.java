package dev.readaloud.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.runpod.BadRequestException;
import dev.readaloud.runpod.RunPodClient;
import dev.readaloud.runpod.RunPodException;
import dev.readaloud.runpod.SpeechResult;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * RunPodWebhook (callback mode): RunPod reports a chunk's job has ended. The URL names the render and
 * chunk and carries the job's secret; a request whose secret does not hash to the one recorded for the
 * chunk's job is refused before anything is read from its body. Each job's webhook is accepted once: the
 * first claims it (a conditional write), a repeat gets 409. A completed job's audio is stored as the chunk
 * (the same checks and metadata as when the chunk function polls) and the chunk's task succeeds; a job
 * that failed, timed out or gave no audio fails the task with the error the chunk function would have
 * thrown, so the state machine retries it the same way.
 */
public final class ChunkWebhookStep {

    /** What the webhook answers RunPod: an HTTP status and a message that never echoes the secret. */
    public record Answer(int status, String message) {
    }

    private final RenderStore store;
    private final PlanCache plans;
    private final RunPodClient runPod;
    private final ChunkWriter writer;
    private final TaskCallbacks callbacks;
    private final Clock clock;
    private final JsonLog log;

    public ChunkWebhookStep(RenderStore store, RunPodClient runPod, TaskCallbacks callbacks, Clock clock, JsonLog log) {
        this.store = store;
        this.plans = new PlanCache(store);
        this.runPod = runPod;
        this.writer = new ChunkWriter(store, log);
        this.callbacks = callbacks;
        this.clock = clock;
        this.log = log;
    }

    /**
     * @param renderId the render, from the URL path
     * @param index    the chunk index, from the URL path (text: it is unchecked input)
     * @param secret   the {@code token} query parameter
     * @param body     the webhook's body: RunPod's /status answer for the job
     * @param deadline when this call must have returned (the audio may be a URL to download)
     * @param meter    this invocation's meter (a webhook is no state transition): what it spent joins the
     *                 chunk's spend, or the job record's when the job failed
     * @throws TaskCallbackException when Step Functions could not be told (RunPod retries on the 5xx)
     */
    public Answer accept(String renderId, String index, String secret, String body, Instant deadline,
                         InvocationMeter meter) {
        long started = System.nanoTime();
        Optional<Waiting> waiting = waitingJob(renderId, index, secret);
        if (waiting.isEmpty()) {
            if (acceptedBefore(renderId, secret)) {
                // The chunk was stored and its job record forgotten: only the claim, named by the secret's
                // hash, remembers the job. Answering it tells nothing to anyone without the secret.
                log.event("webhook.repeated", "renderId", renderId);
                return new Answer(409, "this job's webhook was accepted already");
            }
            log.event("webhook.refused", "renderId", RenderIds.isValid(renderId) ? renderId : "(invalid)");
            return new Answer(403, "this webhook does not match a RunPod job a chunk is waiting for");
        }
        Waiting job = waiting.get();
        String claimKey = RenderStore.callbackKey(job.renderId(), job.record().webhookTokenSha256());
        if (!claim(claimKey, job.index())) {
            log.event("webhook.repeated", "renderId", job.renderId(), "index", job.index());
            return new Answer(409, "this job's webhook was accepted already");
        }
        SpeechResult speech;
        try {
            speech = runPod.audioOf(job.record().jobId(), body, deadline);
        } catch (BadRequestException e) {
            // Not a RunPod job that has ended: the claim is given back for RunPod's own retry of the webhook.
            store.delete(claimKey);
            log.event("webhook.invalid", "renderId", job.renderId(), "index", job.index(), "error", e.getMessage());
            return new Answer(400, e.getMessage());
        } catch (RunPodException e) {
            // The next attempt's submission adds the record's spend to its own.
            store.writeJson(RenderStore.jobKey(job.renderId(), job.index()),
                    job.record().endedWith(e.getClass().getSimpleName()).withSpent(job.record().spentSoFar()
                            .plus(SynthesizeChunkStep.failed(meter, e))));
            e.about("chunk " + job.index() + " of render " + job.renderId());
            boolean waited = callbacks.fail(job.record().taskToken(), e.getClass().getName(), cause(e));
            log.event("webhook.jobFailed", "renderId", job.renderId(), "index", job.index(),
                    "error", e.getClass().getName(), "taskWaited", waited, "ms", elapsedMillis(started));
            return new Answer(200, "the job's failure was reported to the chunk's task");
        }
        writer.store(job.renderId(), job.plan(), job.chunk(), RenderStore.sharedChunkKey(SharedChunks.hash(
                        runPod.config().endpointId(), job.plan().voice(), job.chunk().text())), speech, -1, false,
                elapsedMillis(started), job.record().spentSoFar().plus(meter.spentSoFar())
                        .plusRunPodJob(speech.executionTimeMillis()));
        boolean waited = callbacks.succeed(job.record().taskToken());
        log.event("webhook.accepted", "renderId", job.renderId(), "index", job.index(), "jobId", speech.jobId(),
                "taskWaited", waited, "ms", elapsedMillis(started));
        return new Answer(200, "the chunk is stored");
    }

    /**
     * Claims the job's webhook: of two deliveries at once, one wins. The claim carries a nonce, so its bytes
     * are this delivery's alone: a PUT the SDK retried after its first attempt had created the claim still
     * counts as this call's ({@link RenderStore#createJson}), never another delivery's.
     */
    private boolean claim(String claimKey, int index) {
        return store.createJson(claimKey, new Claim(index, clock.instant().toString(), UUID.randomUUID().toString()));
    }

    private boolean acceptedBefore(String renderId, String secret) {
        return RenderIds.isValid(renderId) && WebhookSecret.wellFormed(secret)
                && store.exists(RenderStore.callbackKey(renderId, WebhookSecret.sha256(secret)));
    }

    /** The job the URL names, when its secret matches; nothing when anything does not. */
    private Optional<Waiting> waitingJob(String renderId, String index, String secret) {
        if (!RenderIds.isValid(renderId) || index == null || !index.matches("\\d{1,5}") || !WebhookSecret.wellFormed(secret)) {
            return Optional.empty();
        }
        Optional<PlanDocument> plan = plans.plan(renderId);
        int chunkIndex = Integer.parseInt(index);
        if (plan.isEmpty() || chunkIndex >= plan.get().chunks().size()) {
            return Optional.empty();
        }
        return store.readJson(RenderStore.jobKey(renderId, chunkIndex), JobRecord.class)
                .filter(record -> WebhookSecret.matches(secret, record.webhookTokenSha256()))
                .map(record -> new Waiting(renderId, chunkIndex, plan.get(), plan.get().chunks().get(chunkIndex), record));
    }

    /** The cause a Lambda error would carry: {@code {"errorMessage", "errorType"}}. */
    private static String cause(RunPodException e) {
        ObjectNode cause = RenderJson.MAPPER.createObjectNode();
        cause.put("errorMessage", e.getMessage());
        cause.put("errorType", e.getClass().getName());
        return cause.toString();
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private record Waiting(String renderId, int index, PlanDocument plan, PlannedChunk chunk, JobRecord record) {
    }

    /**
     * What {@code callbacks/{sha256}.json} holds: that a job's webhook was accepted, when, and by which
     * delivery ({@code nonce}, random per delivery).
     */
    record Claim(int index, String acceptedAt, String nonce) {
    }
}
