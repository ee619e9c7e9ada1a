package dev.readaloud.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.render.FailureRequest;
import dev.readaloud.render.RecordFailureStep;
import dev.readaloud.render.RenderConfig;
import dev.readaloud.render.RenderJson;
import dev.readaloud.render.RenderStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/** RecordFailure state (Catch path): {@code {renderId, error, cause}} → failure.json and {@code {error, cause}}. */
public final class RecordFailureHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final RecordFailureStep step;
    private final RenderStore store;
    /** The production path's SnapStart hooks, held here because the runtime holds them weakly; else null. */
    private SnapStartHooks snapStart;

    /** Production: configuration from the environment, an S3 client built once. */
    public RecordFailureHandler() {
        this(RenderConfig.fromEnvironment(System.getenv()), AwsClients.s3());
        snapStart = SnapStartHooks.register(List.of(SnapStartHooks.storage(store)), List.of());
    }

    /** Tests and the local runtime. */
    public RecordFailureHandler(RenderConfig config, S3Client s3) {
        this.store = config.store(s3);
        this.step = new RecordFailureStep(store, Clock.systemUTC(), JsonLog.standardOutput());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        return RenderJson.toMap(step.record(RenderJson.fromMap(input, FailureRequest.class)));
    }
}
