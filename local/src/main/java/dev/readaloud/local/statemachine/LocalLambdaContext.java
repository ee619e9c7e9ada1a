package dev.readaloud.local.statemachine;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The Lambda {@link Context} a handler gets when it runs on this machine: the function's name
 * and request id, its remaining time (counting down to a deadline, or fixed), its memory, and a
 * logger that writes to stderr. Log group, stream and ARN are shaped like Lambda's, in region
 * {@code local}.
 */
public final class LocalLambdaContext implements Context {

    private static final LambdaLogger STDERR = new LambdaLogger() {
        @Override
        public void log(String message) {
            System.err.print(message);
            System.err.flush();
        }

        @Override
        public void log(byte[] message) {
            System.err.write(message, 0, message.length);
            System.err.flush();
        }
    };

    private final String functionName;
    private final String requestId;
    private final IntSupplier remainingMillis;
    private final int memoryLimitMb;

    private LocalLambdaContext(String functionName, String requestId, IntSupplier remainingMillis, int memoryLimitMb) {
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.remainingMillis = remainingMillis;
        if (memoryLimitMb <= 0) {
            throw new IllegalArgumentException("memoryLimitMb must be positive, got " + memoryLimitMb);
        }
        this.memoryLimitMb = memoryLimitMb;
    }

    /**
     * A context whose remaining time counts down to {@code deadlineNanos} (a {@link System#nanoTime}
     * value) and is 0 once it has passed.
     */
    public static LocalLambdaContext untilDeadline(String functionName, String requestId, long deadlineNanos,
                                                   int memoryLimitMb) {
        return new LocalLambdaContext(functionName, requestId, () -> {
            long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
        }, memoryLimitMb);
    }

    /** A context whose remaining time is always {@code remainingMillis} (0 or more). */
    public static LocalLambdaContext withRemainingMillis(String functionName, String requestId, int remainingMillis,
                                                         int memoryLimitMb) {
        if (remainingMillis < 0) {
            throw new IllegalArgumentException("remainingMillis must be 0 or more, got " + remainingMillis);
        }
        return new LocalLambdaContext(functionName, requestId, () -> remainingMillis, memoryLimitMb);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local/[$LATEST]" + requestId.replace("-", "");
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionName.startsWith("arn:") ? functionName
                : "arn:aws:lambda:local:000000000000:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis.getAsInt();
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return STDERR;
    }
}
