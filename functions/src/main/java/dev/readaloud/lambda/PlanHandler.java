package dev.readaloud.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.render.InvocationMeter;
import dev.readaloud.render.PlanInput;
import dev.readaloud.render.PlanStep;
import dev.readaloud.render.RenderConfig;
import dev.readaloud.render.RenderJson;
import dev.readaloud.render.RenderStore;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/** Plan state: {@code {renderId, maxConcurrency}} → {@code {renderId, chunkCount, items, maxConcurrency}}. */
public final class PlanHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final PlanStep step;
    private final RenderStore store;
    /** The memory counted for an invocation without a Lambda context: template.yaml's Globals MemorySize, in MB. */
    private static final int MEMORY_MB_WITHOUT_CONTEXT = 1024;
    /** The production path's SnapStart hooks, held here because the runtime holds them weakly; else null. */
    private SnapStartHooks snapStart;

    /** Production: configuration from the environment, an S3 client built once. */
    public PlanHandler() {
        this(RenderConfig.fromEnvironment(System.getenv()), AwsClients.s3());
        snapStart = SnapStartHooks.register(List.of(SnapStartHooks.storage(store)), List.of());
    }

    /** Tests and the local runtime. */
    public PlanHandler(RenderConfig config, S3Client s3) {
        this.store = config.store(s3);
        this.step = new PlanStep(config, store, JsonLog.standardOutput());
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        try (InvocationMeter meter = LambdaMeters.start(context, MEMORY_MB_WITHOUT_CONTEXT)) {
            return RenderJson.toMap(step.plan(RenderJson.fromMap(input, PlanInput.class), meter));
        }
    }
}
