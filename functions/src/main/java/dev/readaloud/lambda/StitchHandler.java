package dev.readaloud.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.render.InvocationMeter;
import dev.readaloud.render.RenderConfig;
import dev.readaloud.render.RenderJson;
import dev.readaloud.render.RenderStore;
import dev.readaloud.render.StitchRequest;
import dev.readaloud.render.StitchStep;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/** Stitch state: {@code {renderId}} → {@code {renderId, chunkCount, durationMillis, bytes, sha256, outputKey}}. */
public final class StitchHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final StitchStep step;
    private final RenderStore store;
    /** The memory counted for an invocation without a Lambda context: the StitchFunction's in template.yaml MemorySize, in MB. */
    private static final int MEMORY_MB_WITHOUT_CONTEXT = 1769;
    /** The production path's SnapStart hooks, held here because the runtime holds them weakly; else null. */
    private SnapStartHooks snapStart;

    /** Production: configuration from the environment, an S3 client built once. */
    public StitchHandler() {
        this(RenderConfig.fromEnvironment(System.getenv()), AwsClients.s3());
        snapStart = SnapStartHooks.register(List.of(SnapStartHooks.storage(store)), List.of());
    }

    /** Tests and the local runtime. */
    public StitchHandler(RenderConfig config, S3Client s3) {
        this.store = config.store(s3);
        this.step = new StitchStep(config, store, Clock.systemUTC(), JsonLog.standardOutput());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        try (InvocationMeter meter = LambdaMeters.start(context, MEMORY_MB_WITHOUT_CONTEXT)) {
            return RenderJson.toMap(step.stitch(RenderJson.fromMap(input, StitchRequest.class), meter));
        }
    }
}
