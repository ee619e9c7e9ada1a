package dev.readaloud.local.statemachine;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls a handler through JSON like the Lambda Java runtime: deserialize the event into the
 * handler's input type, call it with a Context, serialize the result; an exception becomes
 * error = class name, cause = {@code {"errorMessage","errorType","stackTrace"}}.
 */
final class LambdaInvoker {

    /** Like the Lambda runtime's serializer: lenient about unknown properties, doubles for floats. */
    private static final ObjectMapper LAMBDA_MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .findAndRegisterModules();

    /** What {@link Context#getMemoryLimitInMB} tells a handler when the caller names no memory size. */
    static final int DEFAULT_MEMORY_LIMIT_MB = 512;

    private final Object handler;
    private final String functionName;
    private final Duration timeout;
    private final int memoryLimitMb;
    private final JavaType inputType;

    LambdaInvoker(Object handler, String functionName, Duration timeout, int memoryLimitMb) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.memoryLimitMb = memoryLimitMb;
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("function timeout must be positive, got " + timeout);
        }
        if (handler instanceof RequestHandler<?, ?>) {
            Type type = requestHandlerInput(handler.getClass());
            this.inputType = LAMBDA_MAPPER.getTypeFactory().constructType(type == null ? Object.class : type);
        } else if (handler instanceof RequestStreamHandler) {
            this.inputType = null;
        } else {
            throw new IllegalArgumentException("handler " + handler.getClass().getName()
                    + " is neither a RequestHandler nor a RequestStreamHandler");
        }
    }

    JsonNode invoke(JsonNode input, TaskContext taskContext) throws TaskFailedException {
        String requestId = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + timeout.toNanos();
        Context context = LocalLambdaContext.untilDeadline(functionName, requestId, deadline, memoryLimitMb);
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("lambda-" + functionName).start(() -> {
            try {
                future.complete(call(input, context));
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            String message = String.format("%s Task timed out after %.2f seconds", requestId, timeout.toMillis() / 1000.0);
            ObjectNode payload = Json.NODES.objectNode();
            payload.put("errorMessage", message);
            payload.put("errorType", "Sandbox.Timedout");
            throw new TaskFailedException("Sandbox.Timedout", Json.write(payload));
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new TaskFailedException(StatesError.TASK_FAILED, "interrupted");
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            throw new TaskFailedException(failure.getClass().getName(), Json.write(errorPayload(failure)));
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private JsonNode call(JsonNode input, Context context) throws IOException {
        if (handler instanceof RequestStreamHandler streamHandler) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            streamHandler.handleRequest(new ByteArrayInputStream(Json.write(input).getBytes(StandardCharsets.UTF_8)), out, context);
            String text = out.toString(StandardCharsets.UTF_8);
            return text.isBlank() ? NullNode.getInstance() : Json.parse(text, "the output of function " + functionName);
        }
        // Through JSON text, as Lambda does: a handler sees doubles, not the engine's BigDecimals.
        Object event = LAMBDA_MAPPER.readValue(Json.write(input), inputType);
        Object result = ((RequestHandler) handler).handleRequest(event, context);
        return result == null ? NullNode.getInstance()
                : Json.parse(LAMBDA_MAPPER.writeValueAsString(result), "the output of function " + functionName);
    }

    /** The Lambda Java runtime's error payload, stack frames as "class.method(File.java:line)". */
    static ObjectNode errorPayload(Throwable failure) {
        ObjectNode payload = Json.NODES.objectNode();
        if (failure.getMessage() != null) {
            payload.put("errorMessage", failure.getMessage());
        }
        payload.put("errorType", failure.getClass().getName());
        ArrayNode trace = payload.putArray("stackTrace");
        for (StackTraceElement element : failure.getStackTrace()) {
            trace.add(element.getClassName() + "." + element.getMethodName() + "(" + element.getFileName() + ":" + element.getLineNumber() + ")");
        }
        if (failure.getCause() != null && failure.getCause() != failure) {
            payload.set("cause", errorPayload(failure.getCause()));
        }
        return payload;
    }

    /** Finds I of RequestHandler&lt;I, O&gt; through superclasses and generic interfaces. */
    static Type requestHandlerInput(Class<?> type) {
        return resolve(type, new HashMap<>());
    }

    private static Type resolve(Class<?> type, Map<TypeVariable<?>, Type> bindings) {
        if (type == null || type == Object.class) {
            return null;
        }
        for (Type candidate : type.getGenericInterfaces()) {
            Type found = inspect(candidate, bindings);
            if (found != null) {
                return found;
            }
        }
        return inspect(type.getGenericSuperclass(), bindings);
    }

    private static Type inspect(Type candidate, Map<TypeVariable<?>, Type> bindings) {
        if (candidate instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            Map<TypeVariable<?>, Type> next = new HashMap<>(bindings);
            TypeVariable<?>[] variables = raw.getTypeParameters();
            for (int i = 0; i < variables.length; i++) {
                Type arg = args[i];
                next.put(variables[i], arg instanceof TypeVariable<?> variable && bindings.containsKey(variable) ? bindings.get(variable) : arg);
            }
            if (raw == RequestHandler.class) {
                Type input = next.get(variables[0]);
                return input instanceof TypeVariable<?> ? Object.class : input;
            }
            return resolve(raw, next);
        }
        if (candidate instanceof Class<?> raw) {
            if (raw == RequestHandler.class) {
                return Object.class;
            }
            return resolve(raw, bindings);
        }
        return null;
    }
}
