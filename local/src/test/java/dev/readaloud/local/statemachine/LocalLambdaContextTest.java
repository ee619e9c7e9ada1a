package dev.readaloud.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalLambdaContextTest {

    @Test
    void withRemainingMillis_namesTheFunctionAndKeepsTheTimeFixed() {
        LocalLambdaContext context = LocalLambdaContext.withRemainingMillis("readaloud-plan", "a-b-c", 3_000, 1024);

        assertThat(context.getFunctionName()).isEqualTo("readaloud-plan");
        assertThat(context.getAwsRequestId()).isEqualTo("a-b-c");
        assertThat(context.getLogGroupName()).isEqualTo("/aws/lambda/readaloud-plan");
        assertThat(context.getLogStreamName()).isEqualTo("local/[$LATEST]abc");
        assertThat(context.getInvokedFunctionArn())
                .isEqualTo("arn:aws:lambda:local:000000000000:function:readaloud-plan");
        assertThat(context.getMemoryLimitInMB()).isEqualTo(1024);
        assertThat(context.getRemainingTimeInMillis()).isEqualTo(3_000);
        assertThat(context.getLogger()).isNotNull();
    }

    @Test
    void untilDeadline_countsDownAndStopsAtZero() {
        long now = System.nanoTime();
        LocalLambdaContext future = LocalLambdaContext.untilDeadline("f", "r", now + TimeUnit.HOURS.toNanos(1), 512);
        LocalLambdaContext past = LocalLambdaContext.untilDeadline("f", "r", now - TimeUnit.SECONDS.toNanos(1), 512);

        assertThat(future.getRemainingTimeInMillis()).isBetween(1, 3_600_000);
        assertThat(past.getRemainingTimeInMillis()).isZero();
    }

    @Test
    void anArnAsTheName_isTheInvokedArn() {
        String arn = "arn:aws:lambda:us-east-1:123456789012:function:plan";

        assertThat(LocalLambdaContext.withRemainingMillis(arn, "r", 1, 512).getInvokedFunctionArn()).isEqualTo(arn);
    }

    @Test
    void negativeTimeOrMemory_areRejected() {
        assertThatThrownBy(() -> LocalLambdaContext.withRemainingMillis("f", "r", -1, 512))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("remainingMillis must be 0 or more, got -1");
        assertThatThrownBy(() -> LocalLambdaContext.withRemainingMillis("f", "r", 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("memoryLimitMb must be positive, got 0");
    }
}
