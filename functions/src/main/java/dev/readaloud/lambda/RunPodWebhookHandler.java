package dev.readaloud.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.render.ChunkWebhookStep;
import dev.readaloud.render.InvocationMeter;
import dev.readaloud.render.RenderConfig;
import dev.readaloud.render.RunPodSettings;
import dev.readaloud.render.SfnTaskCallbacks;
import dev.readaloud.render.TaskCallbacks;
import dev.readaloud.runpod.RunPodClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * POST /runpod-webhooks/{renderId}/{index}?token=SECRET (callback mode): RunPod reports a chunk's job
 * has ended. The route has no IAM auth, since RunPod cannot sign; the per-job secret in the URL is the
 * authentication ({@link ChunkWebhookStep}). Neither the query string nor the event is ever logged.
 */
public final class RunPodWebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** The function's MemorySize in template.yaml, counted when there is no Lambda context (tests). */
    private static final int MEMORY_MB_WITHOUT_CONTEXT = 512;
    /** Time kept back from the Lambda's remaining time for storing the chunk and answering. */
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(5);

    private final ChunkWebhookStep step;
    private final JsonLog log;
    private final Clock clock = Clock.systemUTC();
    /** The production path's SnapStart hooks, held here because the runtime holds them weakly; else null. */
    private SnapStartHooks snapStart;

    /**
     * Production: configuration from the environment, clients built once. RunPod is not called (the
     * webhook brings the job's answer), so no API key is read.
     */
    public RunPodWebhookHandler() {
        this(RenderConfig.fromEnvironment(System.getenv()), AwsClients.s3(),
                new RunPodClient(RunPodSettings.fromEnvironment(System.getenv()).clientConfig(null)),
                new SfnTaskCallbacks(AwsClients.sfn()));
        snapStart = SnapStartHooks.register(List.of(new SnapStartHooks.Step("webhook", () ->
                prime())), List.of());
    }

    /** The read path of a webhook for no job: S3, the secret's check, JSON; it writes nothing. */
    private void prime() {
        try (InvocationMeter meter = LambdaMeters.start(null, MEMORY_MB_WITHOUT_CONTEXT, 0)) {
            step.accept(SnapStartHooks.PRIMING_RENDER_ID, "0", "A".repeat(43), "{}", Instant.now(), meter);
        }
    }

    /** Tests and the local runtime. */
    public RunPodWebhookHandler(RenderConfig config, S3Client s3, RunPodClient runPod, TaskCallbacks callbacks) {
        this.log = JsonLog.standardOutput();
        this.step = new ChunkWebhookStep(config.store(s3), runPod, callbacks, clock, log);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Map<String, String> path = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
        String body = event.getBody();
        if (body != null && event.getIsBase64Encoded()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        try (InvocationMeter meter = LambdaMeters.start(context, MEMORY_MB_WITHOUT_CONTEXT, 0)) {
            ChunkWebhookStep.Answer answer = step.accept(path.get("renderId"), path.get("index"), query.get("token"),
                    body, deadline(context), meter);
            return HttpResponses.json(answer.status(), Map.of("message", answer.message()));
        } catch (RuntimeException e) {
            return HttpResponses.internalError(log, "POST /runpod-webhooks", e,
                    "the webhook could not be handled; RunPod retries it");
        }
    }

    private Instant deadline(Context context) {
        Instant now = clock.instant();
        if (context == null) {
            return now.plus(Duration.ofSeconds(25));
        }
        Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(ANSWER_MARGIN);
        return now.plus(remaining.isNegative() ? Duration.ZERO : remaining);
    }

    /** The hooks the production path registered (tests); null for the other constructor. */
    SnapStartHooks snapStartHooks() {
        return snapStart;
    }
}
