package dev.readaloud.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.render.ChunkRequest;
import dev.readaloud.render.InvocationMeter;
import dev.readaloud.render.RenderConfig;
import dev.readaloud.render.RenderJson;
import dev.readaloud.render.RenderStore;
import dev.readaloud.render.RunPodSettings;
import dev.readaloud.render.SfnTaskCallbacks;
import dev.readaloud.render.SynthesizeChunkStep;
import dev.readaloud.render.TaskCallbacks;
import dev.readaloud.runpod.RefreshingApiKey;
import dev.readaloud.runpod.RunPodClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SynthesizeChunk state (one Map iteration): {@code {renderId, index, attempt?}} → a small outcome
 * the Map discards. RunPod errors surface with their class names, which the state machine retries on.
 * The AbandonChunk state calls it again with {@code abandon: true} once the chunk's retries ran out,
 * to cancel the chunk's RunPod job; the CancelJobs state, with {@code cancelJobs: true} once the
 * render has failed, to cancel every RunPod job still recorded for it. In callback mode the SubmitChunk
 * state calls it with the task token ({@code .waitForTaskToken}): it submits the job and returns at once,
 * and RunPod's webhook ({@link RunPodWebhookHandler}) ends the task.
 */
public final class SynthesizeChunkHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** The function's MemorySize in template.yaml, counted when there is no Lambda context (tests). */
    private static final int MEMORY_MB_WITHOUT_CONTEXT = 512;
    /** Without a Lambda context (never in AWS) the step waits this long for RunPod. */
    private static final Duration NO_CONTEXT_BUDGET = Duration.ofMinutes(10);

    private final SynthesizeChunkStep step;
    private final RenderConfig config;
    private final RenderStore store;
    private final RunPodClient runPod;
    private final Clock clock = Clock.systemUTC();
    /** The production path's SnapStart hooks, held here because the runtime holds them weakly; else null. */
    private SnapStartHooks snapStart;

    /**
     * Production: clients built once; the RunPod API key is read from Secrets Manager at the first
     * request, never during init, so a SnapStart snapshot holds no secret.
     */
    public SynthesizeChunkHandler() {
        this(RenderConfig.fromEnvironment(System.getenv()), AwsClients.s3(),
                RunPodSettings.fromEnvironment(System.getenv()), AwsClients::readApiKey,
                new SfnTaskCallbacks(AwsClients.sfn()));
    }

    /** The production path with the secret read through {@code readApiKey} (given the secret's ARN). */
    SynthesizeChunkHandler(RenderConfig config, S3Client s3, RunPodSettings runPodSettings,
                           Function<String, String> readApiKey, TaskCallbacks callbacks) {
        this(config, s3, new RunPodClient(runPodSettings.clientConfig(null),
                new RefreshingApiKey(() -> readApiKey.apply(runPodSettings.apiKeySecretArn())),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()), callbacks,
                runPodSettings.webhookUrl());
        snapStart = SnapStartHooks.register(
                List.of(SnapStartHooks.storage(store), new SnapStartHooks.Step("runpod", runPod::prime)),
                List.of(new SnapStartHooks.Step("runpod-jitter", runPod::reseedJitter)));
    }

    /** Tests and the local runtime, poll mode only: any S3 endpoint, any RunPod-compatible endpoint. */
    public SynthesizeChunkHandler(RenderConfig config, S3Client s3, RunPodClient runPod) {
        this(config, s3, runPod, null, null);
    }

    /**
     * Tests and the local runtime, both wait modes.
     *
     * @param callbacks  ends chunk tasks that wait for a task token
     * @param webhookUrl the webhook route RunPod reports to in callback mode, or null for poll mode only
     */
    public SynthesizeChunkHandler(RenderConfig config, S3Client s3, RunPodClient runPod, TaskCallbacks callbacks,
                                  URI webhookUrl) {
        this.config = config;
        this.store = config.store(s3);
        this.runPod = runPod;
        this.step = new SynthesizeChunkStep(store, runPod, callbacks, webhookUrl, clock, JsonLog.standardOutput());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        ChunkRequest request = RenderJson.fromMap(input, ChunkRequest.class);
        if (request.cancelsJobs()) {
            return RenderJson.toMap(step.cancelJobs(request));
        }
        if (request.abandons()) {
            return RenderJson.toMap(step.abandon(request));
        }
        try (InvocationMeter meter = LambdaMeters.start(context, MEMORY_MB_WITHOUT_CONTEXT)) {
            return RenderJson.toMap(request.waitsForCallback() ? step.submit(request, deadline(context), meter)
                    : step.synthesize(request, deadline(context), meter));
        }
    }

    /** The Lambda's remaining time less the safety margin, so the step returns before Lambda kills it. */
    private Instant deadline(Context context) {
        Instant now = clock.instant();
        if (context == null) {
            return now.plus(NO_CONTEXT_BUDGET);
        }
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis());
        Duration budget = remaining.minus(config.chunkSafetyMargin());
        return now.plus(budget.isNegative() || budget.isZero() ? remaining.dividedBy(2) : budget);
    }

    /** The hooks the production path registered (tests); null for the other constructor. */
    SnapStartHooks snapStartHooks() {
        return snapStart;
    }
}
