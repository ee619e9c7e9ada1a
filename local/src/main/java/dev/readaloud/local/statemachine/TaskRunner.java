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
import java.util.function.BooleanSupplier;

/**
 * One attempt of a Task state: Parameters, the resource call under TimeoutSeconds and
 * HeartbeatSeconds (real time), for {@code lambda:invoke.waitForTaskToken} the wait for the task
 * token's callback, the Task or LambdaFunction history events, then ResultSelector, ResultPath and
 * OutputPath.
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
            if (resource.equals(Definition.LAMBDA_INVOKE) || resource.equals(Definition.LAMBDA_INVOKE_WAIT_FOR_TASK_TOKEN)) {
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

    /**
     * One attempt. The attempt's task token ({@code $$.Task.Token}) is live from its start to its end,
     * for heartbeats and, in a {@code .waitForTaskToken} task, the callback; a retry gets a new token.
     */
    JsonNode run(State.Task state, JsonNode raw, Instant enteredTime, int retryCount, History.Frame frame,
                 ContextObject contextObject) {
        try (TaskTokens.Task task = TaskTokens.open(state.waitsForTaskToken())) {
            return run(state, raw, enteredTime, retryCount, frame, contextObject, task);
        }
    }

    private JsonNode run(State.Task state, JsonNode raw, Instant enteredTime, int retryCount, History.Frame frame,
                         ContextObject contextObject, TaskTokens.Task task) {
        JsonNode context = contextObject.forState(state.name(), enteredTime, retryCount, task.token());
        JsonNode stateInput = dataFlow.inputPath(state.name(), state.io(), raw);
        JsonNode effective = dataFlow.template(state.parameters(), stateInput, context);
        Payloads.check(effective, "the input of state '" + state.name() + "' after Parameters");
        // The paths select from the state input (after InputPath), not from what Parameters builds: a
        // lambda:invoke task's Parameters hold only FunctionName and Payload.
        Integer timeout = seconds(state, state.timeoutSeconds(), state.timeoutSecondsPath(), stateInput, "TimeoutSecondsPath");
        Integer heartbeat = seconds(state, state.heartbeatSeconds(), state.heartbeatSecondsPath(), stateInput, "HeartbeatSecondsPath");

        boolean lambdaInvoke = state.isLambdaInvoke();
        boolean callback = state.waitsForTaskToken();
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
        scheduled.put("resource", lambdaInvoke ? callback ? "invoke.waitForTaskToken" : "invoke" : state.resource());
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
                timeout == null ? null : Duration.ofSeconds(timeout), task.token());
        Deadlines deadlines = new Deadlines(System.nanoTime(), timeout, heartbeat, state.name(), task);
        JsonNode result;
        try {
            result = invoke(resource, payload, taskContext, deadlines);
            if (callback) {
                ObjectNode submitted = Json.NODES.objectNode();
                submitted.set("output", lambdaInvokeResult(result));
                history.record(frame, HistoryEventType.TASK_SUBMITTED, state.name(), submitted);
                result = awaitCallback(deadlines);
            } else if (lambdaInvoke) {
                result = lambdaInvokeResult(result);
            }
        } catch (StatesError e) {
            boolean timedOut = e.error().equals(StatesError.TIMEOUT) || e.error().equals(StatesError.HEARTBEAT_TIMEOUT);
            String type = lambdaEvents
                    ? timedOut ? HistoryEventType.LAMBDA_FUNCTION_TIMED_OUT : HistoryEventType.LAMBDA_FUNCTION_FAILED
                    : timedOut ? HistoryEventType.TASK_TIMED_OUT : HistoryEventType.TASK_FAILED;
            history.record(frame, type, state.name(), ErrorHandling.errorDetails(e.error(), e.cause()));
            throw e;
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
        response.set("Payload", payload == null ? NullNode.getInstance() : payload);
        ObjectNode http = response.putObject("SdkHttpMetadata");
        http.put("HttpStatusCode", 200);
        response.putObject("SdkResponseMetadata").put("RequestId", UUID.randomUUID().toString());
        response.put("StatusCode", 200);
        return response;
    }

    /**
     * TimeoutSeconds (from the attempt's start, whatever heartbeats arrive) and HeartbeatSeconds (from
     * the start or the latest SendTaskHeartbeat) of one attempt, in real time.
     */
    private record Deadlines(long startNanos, Integer timeout, Integer heartbeat, String stateName, TaskTokens.Task task) {

        /** The error of the deadline that passed, or null while none has. */
        StatesError expired(long now) {
            if (timeout != null && now - startNanos >= TimeUnit.SECONDS.toNanos(timeout)) {
                return new StatesError(StatesError.TIMEOUT, "Task '" + stateName + "' timed out after " + timeout + " seconds");
            }
            if (heartbeat != null && now - task.lastBeatNanos() >= TimeUnit.SECONDS.toNanos(heartbeat)) {
                return new StatesError(StatesError.HEARTBEAT_TIMEOUT, "Task '" + stateName + "' sent no heartbeat for "
                        + heartbeat + " seconds");
            }
            return null;
        }

        /** Nanoseconds until the nearer deadline (it may have moved: a heartbeat pushes it back). */
        long nanosLeft(long now) {
            long left = Long.MAX_VALUE;
            if (timeout != null) {
                left = Math.min(left, startNanos + TimeUnit.SECONDS.toNanos(timeout) - now);
            }
            if (heartbeat != null) {
                left = Math.min(left, task.lastBeatNanos() + TimeUnit.SECONDS.toNanos(heartbeat) - now);
            }
            return Math.max(left, 1);
        }
    }

    /**
     * Waits for {@code future} until a deadline passes. {@code onExpiry} then decides: true ends the
     * attempt with that deadline's error, false means the future completed meanwhile and wins.
     */
    private static <T> T await(CompletableFuture<T> future, Deadlines deadlines, BooleanSupplier onExpiry)
            throws InterruptedException, ExecutionException {
        while (true) {
            long now = System.nanoTime();
            StatesError expired = deadlines.expired(now);
            if (expired != null) {
                if (onExpiry.getAsBoolean()) {
                    throw expired;
                }
                return future.get();
            }
            try {
                return future.get(deadlines.nanosLeft(now), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // loop: a deadline passed, or a heartbeat moved it
            }
        }
    }

    /** Calls the resource on its own thread and waits for it under the attempt's deadlines. */
    private static JsonNode invoke(TaskResource resource, JsonNode payload, TaskContext taskContext, Deadlines deadlines) {
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("task-" + deadlines.stateName()).start(() -> {
            try {
                future.complete(resource.invoke(payload, taskContext));
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        try {
            JsonNode result = await(future, deadlines, () -> {
                worker.interrupt();
                return true;
            });
            return result == null ? NullNode.getInstance() : result;
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
        }
    }

    /**
     * A {@code .waitForTaskToken} task after its function returned: waits for SendTaskSuccess or
     * SendTaskFailure with the attempt's token (already there if it came during the invocation). A
     * deadline ends the token first, so a callback either counts or is refused with TaskTimedOut.
     */
    private static JsonNode awaitCallback(Deadlines deadlines) {
        TaskTokens.Task task = deadlines.task();
        TaskTokens.Outcome outcome;
        try {
            outcome = await(task.outcome(), deadlines, task::closeUnlessCallbackArrived);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionAborted();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a task token's outcome never fails", e);
        }
        return switch (outcome) {
            case TaskTokens.Outcome.Succeeded succeeded -> succeeded.output();
            case TaskTokens.Outcome.Failed failed -> throw new StatesError(failed.error(), failed.cause());
            case TaskTokens.Outcome.Closed closed -> throw new IllegalStateException("task token closed while its task waited");
        };
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
