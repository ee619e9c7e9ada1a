package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * Runs a Lambda handler instance (RequestHandler or RequestStreamHandler) the way the Lambda
 * Java runtime does: input deserialized from JSON into the handler's input type, output
 * serialized to JSON, a thrown exception reported as error = its class name and cause = the
 * JSON error payload {@code {"errorMessage","errorType","stackTrace"}}.
 */
public final class LambdaTaskResource implements TaskResource {

    private final LambdaInvoker invoker;

    /**
     * @param handler      a RequestHandler or RequestStreamHandler
     * @param functionName the Context's function name
     * @param timeout      the function's timeout (Context.getRemainingTimeInMillis counts down from it)
     */
    public LambdaTaskResource(Object handler, String functionName, Duration timeout) {
        this(handler, functionName, timeout, LambdaInvoker.DEFAULT_MEMORY_LIMIT_MB);
    }

    /**
     * @param memoryLimitMb the function's MemorySize (Context.getMemoryLimitInMB)
     */
    public LambdaTaskResource(Object handler, String functionName, Duration timeout, int memoryLimitMb) {
        this.invoker = new LambdaInvoker(handler, functionName, timeout, memoryLimitMb);
    }

    @Override
    public JsonNode invoke(JsonNode input, TaskContext context) throws TaskFailedException {
        return invoker.invoke(input, context);
    }
}
