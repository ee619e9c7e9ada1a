package dev.readaloud.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.readaloud.local.s3.EmbeddedS3;
import dev.readaloud.local.statemachine.LocalLambdaContext;
import dev.readaloud.render.RenderConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared test plumbing: the repository's events/, a configuration per bucket, fresh buckets. */
final class HandlerFixture {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private HandlerFixture() {
    }

    static Path home() {
        return Path.of(System.getProperty("readaloud.home", "..")).toAbsolutePath().normalize();
    }

    static Path event(String name) {
        return home().resolve("events").resolve(name);
    }

    static APIGatewayV2HTTPEvent httpEvent(String name) {
        return EventLoader.loadApiGatewayHttpEvent(event(name).toString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> stepEvent(String name) {
        return new HashMap<>(EventLoader.loadEvent(event(name).toString(), Map.class));
    }

    /** A Lambda context whose remaining time is fixed, for the chunk function's deadline. */
    static Context context(int remainingMillis) {
        return LocalLambdaContext.withRemainingMillis("test", "test-request", remainingMillis, 1024);
    }

    /** A new empty bucket on {@code s3}. */
    static String newBucket(EmbeddedS3 s3) {
        String bucket = "renders-test-" + BUCKETS.incrementAndGet();
        s3.createBucket(bucket);
        return bucket;
    }

    /** The production defaults for {@code bucket}, with overrides by variable name. */
    static RenderConfig config(String bucket, String... overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("RENDER_BUCKET", bucket);
        env.put("MAX_CONCURRENCY", "3");
        env.put("CHUNK_SAFETY_MARGIN_MS", "0");
        env.put("CHUNK_TAGGING", "false");
        for (int i = 0; i < overrides.length; i += 2) {
            env.put(overrides[i], overrides[i + 1]);
        }
        return RenderConfig.fromEnvironment(env);
    }
}
