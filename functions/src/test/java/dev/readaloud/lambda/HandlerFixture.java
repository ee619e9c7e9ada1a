package dev.readaloud.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.readaloud.render.RenderConfig;
import dev.readaloud.render.RenderStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shared test plumbing: the repository's events/, and, registered as an extension
 * ({@code @RegisterExtension static final HandlerFixture fixture = new HandlerFixture();}), an
 * in-memory S3 ({@link TestS3}) per test class with a fresh bucket and {@link RenderStore} per test.
 */
final class HandlerFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private TestS3 s3;
    private String bucket;
    private RenderStore store;

    @Override
    public void beforeAll(ExtensionContext context) {
        s3 = TestS3.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        s3.close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        bucket = "renders-test-" + BUCKETS.incrementAndGet();
        s3.createBucket(bucket);
        store = new RenderStore(s3.client(), bucket, false);
    }

    /** The test class's embedded S3. */
    TestS3 s3() {
        return s3;
    }

    /** This test's empty bucket. */
    String bucket() {
        return bucket;
    }

    /** This test's bucket, chunks untagged (S3Proxy has no object tagging). */
    RenderStore store() {
        return store;
    }

    /** The production defaults for this test's bucket, with overrides by variable name. */
    RenderConfig config(String... overrides) {
        return configFor(bucket, overrides);
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
        return new TestContext(remainingMillis);
    }

    /** The production defaults for {@code bucket}, with overrides by variable name. */
    static RenderConfig configFor(String bucket, String... overrides) {
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
