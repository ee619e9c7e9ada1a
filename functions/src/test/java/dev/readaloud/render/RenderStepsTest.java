package dev.readaloud.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.readaloud.runpod.RateLimitedException;
import dev.readaloud.runpod.RunPodException;
import dev.readaloud.text.ChunkSettings;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The small pure parts of the render steps; the steps against S3 are tested through the handlers
 * (lambda package, with S3Proxy).
 */
class RenderStepsTest {

    @Test
    void renderIds_fromTheSameIdempotencyKey_areEqualAndValid() {
        String id = RenderIds.fromIdempotencyKey("order-42");

        assertThat(id).isEqualTo(RenderIds.fromIdempotencyKey("order-42"))
                .isNotEqualTo(RenderIds.fromIdempotencyKey("order-43"));
        assertThat(RenderIds.isValid(id)).isTrue();
        assertThat(RenderIds.isValid(RenderIds.random())).isTrue();
        assertThat(RenderIds.isValid("../renders/x")).isFalse();
        assertThatThrownBy(() -> RenderIds.require("x/y")).isInstanceOf(InvalidStepInputException.class)
                .hasMessage("renderId must be 32 lowercase hex digits, got 'x/y'");
    }

    @Test
    void chunkHash_changesWithVoiceTextAndSettings() {
        ChunkSettings settings = new ChunkSettings(400, 80, 3);
        String hash = PlanStep.chunkHash("kevin16", settings, "Hello.");

        assertThat(hash).hasSize(64).isEqualTo(PlanStep.chunkHash("kevin16", settings, "Hello."));
        assertThat(PlanStep.chunkHash("other", settings, "Hello.")).isNotEqualTo(hash);
        assertThat(PlanStep.chunkHash("kevin16", settings, "Hello!")).isNotEqualTo(hash);
        assertThat(PlanStep.chunkHash("kevin16", new ChunkSettings(300, 80, 3), "Hello.")).isNotEqualTo(hash);
    }

    @Test
    void runPodErrors_aboutAChunk_keepTheClassAndPutTheChunkFirst() {
        RunPodException error = new RateLimitedException("HTTP 429 from RunPod", null);

        RunPodException named = error.about("chunk 12 of render abc").about("ignored second subject");

        assertThat(named).isSameAs(error).isExactlyInstanceOf(RateLimitedException.class)
                .hasMessage("chunk 12 of render abc: HTTP 429 from RunPod");
    }

    @Test
    void missingChunkException_namesTheFirstTwentyIndexes() {
        List<Integer> missing = IntStream.range(0, 25).boxed().toList();

        assertThat(new MissingChunkException("abc", List.of(7), 9))
                .hasMessage("render abc: 1 of 9 chunks missing, chunk 7");
        assertThat(new MissingChunkException("abc", missing, 30).getMessage())
                .startsWith("render abc: 25 of 30 chunks missing, chunks 0, 1, 2")
                .endsWith("18, 19, ...");
    }

    @Test
    void recordFailure_keepsOnlyTheErrorMessageOfALambdaErrorPayload() {
        assertThat(RecordFailureStep.readableCause(
                "{\"errorMessage\":\"chunk 3 of render abc: job failed\",\"errorType\":\"x\",\"stackTrace\":[\"a.b(C.java:1)\"]}"))
                .isEqualTo("chunk 3 of render abc: job failed");
        assertThat(RecordFailureStep.readableCause("States.Timeout after 960 s")).isEqualTo("States.Timeout after 960 s");
        assertThat(RecordFailureStep.readableCause(null)).isEqualTo("no cause given");
        assertThat(RecordFailureStep.readableCause("x".repeat(5000))).hasSize(2003);
    }

    @Test
    void sfnLauncher_buildsTheExecutionArnFromTheStateMachineArn() {
        try (SfnClient sfn = SfnClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            SfnRenderLauncher launcher = new SfnRenderLauncher(sfn,
                    "arn:aws:states:eu-west-1:123456789012:stateMachine:RenderStateMachine-abc");

            assertThat(launcher.executionArn("0123456789abcdef0123456789abcdef")).isEqualTo(
                    "arn:aws:states:eu-west-1:123456789012:execution:RenderStateMachine-abc:0123456789abcdef0123456789abcdef");
            assertThatThrownBy(() -> new SfnRenderLauncher(sfn, "arn:aws:lambda:eu-west-1:123456789012:function:x"))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("STATE_MACHINE_ARN must be a state machine ARN");
        }
    }
}
