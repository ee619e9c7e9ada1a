package dev.readaloud.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.render.ChunkRequest;
import dev.readaloud.render.RenderConfig;
import dev.readaloud.render.RenderJson;
import dev.readaloud.render.RenderStore;
import dev.readaloud.render.RunPodSettings;
import dev.readaloud.render.SynthesizeChunkStep;
import dev.readaloud.runpod.RefreshingApiKey;
import dev.readaloud.runpod.RunPodClient;
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
 * render has failed, to cancel every RunPod job still recorded for it.
 */
public final class SynthesizeChunkHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

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
                RunPodSettings.fromEnvironment(System.getenv()), AwsClients::readApiKey);
    }

    /** The production path with the secret read through {@code readApiKey} (given the secret's ARN). */
    SynthesizeChunkHandler(RenderConfig config, S3Client s3, RunPodSettings runPodSettings,
                           Function<String, String> readApiKey) {
        this(config, s3, new RunPodClient(runPodSettings.clientConfig(null),
                new RefreshingApiKey(() -> readApiKey.apply(runPodSettings.apiKeySecretArn())),
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()));
        snapStart = SnapStartHooks.register(
                List.of(SnapStartHooks.storage(store), new SnapStartHooks.Step("runpod", runPod::prime)),
                List.of(new SnapStartHooks.Step("runpod-jitter", runPod::reseedJitter)));
    }

    /** Tests and the local runtime: any S3 endpoint, any RunPod-compatible endpoint. */
    public SynthesizeChunkHandler(RenderConfig config, S3Client s3, RunPodClient runPod) {
        this.config = config;
        this.store = config.store(s3);
        this.runPod = runPod;
        this.step = new SynthesizeChunkStep(store, runPod, clock, JsonLog.standardOutput());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        ChunkRequest request = RenderJson.fromMap(input, ChunkRequest.class);
        if (request.cancelsJobs()) {
            return RenderJson.toMap(step.cancelJobs(request));
        }
        return RenderJson.toMap(request.abandons() ? step.abandon(request) : step.synthesize(request, deadline(context)));
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
