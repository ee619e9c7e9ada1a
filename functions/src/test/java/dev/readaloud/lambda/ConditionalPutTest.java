package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3Proxy 4.1.0 honours {@code If-None-Match: *} on PUT the way S3 does (412 for the second writer),
 * also when both writers race (its in-memory and filesystem stores create the object with a hard
 * link, which fails when the name exists); the idempotent start of a render relies on it.
 */
class ConditionalPutTest {

    private static TestS3 s3;

    @BeforeAll
    static void start() {
        s3 = TestS3.start();
        s3.createBucket("conditional");
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void putIfNoneMatch_onAnExistingKey_is412() {
        s3.client().putObject(b -> b.bucket("conditional").key("k").ifNoneMatch("*"), RequestBody.fromString("first"));

        assertThatThrownBy(() -> s3.client().putObject(b -> b.bucket("conditional").key("k").ifNoneMatch("*"),
                RequestBody.fromString("second")))
                .isInstanceOf(S3Exception.class)
                .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(412));
        assertThat(s3.client().getObjectAsBytes(b -> b.bucket("conditional").key("k")).asUtf8String())
                .isEqualTo("first");
    }

    @Test
    void putIfNoneMatch_twoWritersAtOnce_exactlyOneWins() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 50; round++) {
                String key = "race-" + round;
                CyclicBarrier together = new CyclicBarrier(2);
                List<Future<Integer>> writers = new ArrayList<>();
                for (String body : List.of("a", "b")) {
                    writers.add(threads.submit(() -> {
                        together.await();
                        try {
                            s3.client().putObject(b -> b.bucket("conditional").key(key).ifNoneMatch("*"),
                                    RequestBody.fromString(body));
                            return 200;
                        } catch (S3Exception e) {
                            return e.statusCode();
                        }
                    }));
                }
                List<Integer> codes = new ArrayList<>();
                for (Future<Integer> writer : writers) {
                    codes.add(writer.get(30, TimeUnit.SECONDS));
                }
                // Never two winners. Both can see 412: under load the SDK may not get the winner's
                // answer (an I/O error writing the body) and retries, and the retry finds the object.
                assertThat(codes).as("round %d", round).isSubsetOf(200, 412).contains(412);
                String stored = s3.client().getObjectAsBytes(b -> b.bucket("conditional").key(key)).asUtf8String();
                if (codes.contains(200)) {
                    assertThat(stored).as("round %d", round).isEqualTo(List.of("a", "b").get(codes.indexOf(200)));
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
