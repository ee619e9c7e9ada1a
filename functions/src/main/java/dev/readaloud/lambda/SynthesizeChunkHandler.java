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
import dev.readaloud.runpod.RunPodClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SynthesizeChunk state (one Map iteration): {@code {renderId, index, attempt?}} → a small outcome
 * the Map discards. RunPod errors surface with their class names, which the state machine retries on.
 * The AbandonChunk state calls it again with {@code abandon: true} once the chunk's retries ran out,
 * to cancel the chunk's RunPod job.
 */
public final class SynthesizeChunkHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** Without a Lambda context (never in AWS) the step waits this long for RunPod. */
    private static final Duration NO_CONTEXT_BUDGET = Duration.ofMinutes(10);

    private final SynthesizeChunkStep step;
    private final RenderConfig config;
    private final Clock clock = Clock.systemUTC();

    /** Production: the API key read once from Secrets Manager, clients built once. */
    public SynthesizeChunkHandler() {
        this(RenderConfig.fromEnvironment(System.getenv()), AwsClients.s3(), runPodClient());
    }

    /** Tests and the local runtime: any S3 endpoint, any RunPod-compatible endpoint. */
    public SynthesizeChunkHandler(RenderConfig config, S3Client s3, RunPodClient runPod) {
        this.config = config;
        this.step = new SynthesizeChunkStep(config.store(s3), runPod, clock,
                JsonLog.standardOutput());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        ChunkRequest request = RenderJson.fromMap(input, ChunkRequest.class);
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

    private static RunPodClient runPodClient() {
        RunPodSettings settings = RunPodSettings.fromEnvironment(System.getenv());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return new RunPodClient(settings.clientConfig(AwsClients.readApiKey(settings.apiKeySecretArn())), http);
    }
}
