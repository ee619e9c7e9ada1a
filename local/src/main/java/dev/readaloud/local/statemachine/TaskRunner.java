package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One attempt of a Task state: Parameters, the resource call under TimeoutSeconds and
 * HeartbeatSeconds (real time), the Task or LambdaFunction history events, then ResultSelector,
 * ResultPath and OutputPath.
 */
final class TaskRunner {

    private final String executionName;
    private final TaskResolver resolver;
    private final Map<String, TaskResource> resources;
    private final History history;
    private final DataFlow dataFlow;

    /** @param resources the resources {@link #resolveAll} found, shared by an execution and its Map Run children */
    TaskRunner(String executionName, TaskResolver resolver, Map<String, TaskResource> resources, History history,
               DataFlow dataFlow) {
        this.executionName = executionName;
        this.resolver = resolver;
        this.resources = resources;
        this.history = history;
        this.dataFlow = dataFlow;
    }

    /**
     * Resolves every Task state's resource before an execution starts, so a missing one fails fast.
     *
     * @throws IllegalArgumentException naming the state without a resource
     */
    static Map<String, TaskResource> resolveAll(TaskResolver resolver, Map<String, String> taskResources) {
        Map<String, TaskResource> resources = new HashMap<>();
        for (Map.Entry<String, String> task : taskResources.entrySet()) {
            String resource = task.getValue();
            if (resource.equals(Definition.LAMBDA_INVOKE)) {
                continue; // FunctionName comes from a path: resolved when the state runs
            }
            TaskResource found = resolver.resolve(task.getKey(), resource);
            if (found == null) {
                throw new IllegalArgumentException("state '" + task.getKey() + "': no task resource for '" + resource + "'");
            }
            resources.put(task.getKey(), found);
        }
        return Map.copyOf(resources);
    }

    JsonNode run(State.Task state, JsonNode raw, Instant enteredTime, int retryCount, History.Frame frame,
                 ContextObject contextObject) {
        String token = UUID.randomUUID().toString();
        JsonNode context = contextObject.forState(state.name(), enteredTime, retryCount, token);
        JsonNode effective = dataFlow.template(state.parameters(), dataFlow.inputPath(state.name(), state.io(), raw), context);
        Payloads.check(effective, "the input of state '" + state.name() + "' after Parameters");
        Integer timeout = seconds(state, state.timeoutSeconds(), state.timeoutSecondsPath(), effective, "TimeoutSecondsPath");
        Integer heartbeat = seconds(state, state.heartbeatSeconds(), state.heartbeatSecondsPath(), effective, "HeartbeatSecondsPath");

        boolean lambdaInvoke = state.isLambdaInvoke();
        boolean lambdaEvents = state.isLambdaArn();
        TaskResource resource = resources.get(state.name());
        JsonNode payload = effective;
        if (lambdaInvoke) {
            JsonNode functionName = effective.path("FunctionName");
            if (!functionName.isTextual()) {
                throw new StatesError(StatesError.RUNTIME, "state '" + state.name() + "': Parameters.FunctionName must be a string");
            }
            if (resource == null) {
                resource = resolver.resolve(state.name(), functionName.textValue());
            }
            if (resource == null) {
                throw new StatesError("Lambda.ResourceNotFoundException", "Function not found: " + functionName.textValue());
            }
            payload = effective.has("Payload") ? effective.get("Payload") : NullNode.getInstance();
        }

        ObjectNode scheduled = Json.NODES.objectNode();
        scheduled.put("resource", lambdaInvoke ? "invoke" : state.resource());
        if (lambdaInvoke) {
            scheduled.put("resourceType", "lambda");
            scheduled.set("parameters", effective);
        } else {
            scheduled.set("input", effective);
        }
        if (timeout != null) {
            scheduled.put("timeoutInSeconds", timeout);
        }
        if (heartbeat != null) {
            scheduled.put("heartbeatInSeconds", heartbeat);
        }
        scheduled.put("attempt", retryCount + 1);
        history.record(frame, lambdaEvents ? HistoryEventType.LAMBDA_FUNCTION_SCHEDULED : HistoryEventType.TASK_SCHEDULED,
                state.name(), scheduled);
        history.record(frame, lambdaEvents ? HistoryEventType.LAMBDA_FUNCTION_STARTED : HistoryEventType.TASK_STARTED,
                state.name(), Json.NODES.objectNode().put("attempt", retryCount + 1));

        TaskContext taskContext = new TaskContext(executionName, state.name(), retryCount + 1, frame.mapIndex,
                timeout == null ? null : Duration.ofSeconds(timeout), token);
        JsonNode result;
        try {
            result = invoke(resource, payload, taskContext, timeout, heartbeat, state.name());
            if (result == null) {
                result = NullNode.getInstance();
            }
        } catch (StatesError e) {
            boolean timedOut = e.error().equals(StatesError.TIMEOUT) || e.error().equals(StatesError.HEARTBEAT_TIMEOUT);
            String type = lambdaEvents
                    ? timedOut ? HistoryEventType.LAMBDA_FUNCTION_TIMED_OUT : HistoryEventType.LAMBDA_FUNCTION_FAILED
                    : timedOut ? HistoryEventType.TASK_TIMED_OUT : HistoryEventType.TASK_FAILED;
            history.record(frame, type, state.name(), ErrorHandling.errorDetails(e.error(), e.cause()));
            throw e;
        }
        if (lambdaInvoke) {
            result = lambdaInvokeResult(result);
        }
        ObjectNode succeeded = Json.NODES.objectNode();
        succeeded.set("output", result);
        history.record(frame, lambdaEvents ? HistoryEventType.LAMBDA_FUNCTION_SUCCEEDED : HistoryEventType.TASK_SUCCEEDED,
                state.name(), succeeded);
        Payloads.check(result, "the result of state '" + state.name() + "'");
        return dataFlow.afterResult(state.name(), state.io(), state.result(), raw, result, context);
    }

    /** The response shape of the optimized Lambda integration (arn:aws:states:::lambda:invoke). */
    private static JsonNode lambdaInvokeResult(JsonNode payload) {
        ObjectNode response = Json.NODES.objectNode();
        response.put("ExecutedVersion", "$LATEST");
        response.set("Payload", payload);
        ObjectNode http = response.putObject("SdkHttpMetadata");
        http.put("HttpStatusCode", 200);
        response.putObject("SdkResponseMetadata").put("RequestId", UUID.randomUUID().toString());
        response.put("StatusCode", 200);
        return response;
    }

    private static JsonNode invoke(TaskResource resource, JsonNode payload, TaskContext taskContext, Integer timeout,
                                   Integer heartbeat, String stateName) {
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("task-" + stateName).start(() -> {
            try {
                future.complete(resource.invoke(payload, taskContext));
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        String token = taskContext.taskToken();
        Heartbeats.register(token);
        long start = System.nanoTime();
        try {
            while (true) {
                long now = System.nanoTime();
                long timeoutLeft = timeout == null ? Long.MAX_VALUE : start + TimeUnit.SECONDS.toNanos(timeout) - now;
                long heartbeatLeft = heartbeat == null ? Long.MAX_VALUE
                        : Heartbeats.lastBeatNanos(token) + TimeUnit.SECONDS.toNanos(heartbeat) - now;
                if (timeoutLeft <= 0) {
                    worker.interrupt();
                    throw new StatesError(StatesError.TIMEOUT, "Task '" + stateName + "' timed out after " + timeout + " seconds");
                }
                if (heartbeatLeft <= 0) {
                    worker.interrupt();
                    throw new StatesError(StatesError.HEARTBEAT_TIMEOUT, "Task '" + stateName + "' sent no heartbeat for "
                            + heartbeat + " seconds");
                }
                try {
                    return future.get(Math.min(timeoutLeft, heartbeatLeft), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // loop: decide which deadline passed
                }
            }
        } catch (InterruptedException e) {
            // The execution is stopped (StopExecution, or its Map Run failed). As on AWS, where stopping an
            // execution never stops a Lambda invocation in flight, the resource runs to its end and its result
            // is dropped: a chunk function half-way through cancelling a RunPod job or writing its record
            // finishes that, so whatever sweeps up after the failure finds the records whole.
            Thread.currentThread().interrupt();
            throw new ExecutionAborted();
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            if (failure instanceof TaskFailedException taskFailed) {
                throw new StatesError(taskFailed.error(), taskFailed.cause());
            }
            // A resource that throws something else is reported the way Lambda reports exceptions.
            throw new StatesError(failure.getClass().getName(), String.valueOf(failure.getMessage()));
        } finally {
            Heartbeats.unregister(token);
        }
    }

    private static Integer seconds(State.Task state, Integer constant, JsonPath path, JsonNode effective, String field) {
        if (constant != null || path == null) {
            return constant;
        }
        JsonNode value = path.select(effective, null);
        if (!value.isIntegralNumber() || value.longValue() < 1 || value.longValue() > 99_999_999) {
            throw new StatesError(StatesError.RUNTIME, "state '" + state.name() + "': " + field + " '" + path.text()
                    + "' must select a positive integer, got " + Json.describe(value));
        }
        return value.intValue();
    }
}
