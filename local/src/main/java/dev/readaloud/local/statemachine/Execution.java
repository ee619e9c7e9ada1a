package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.readaloud.local.statemachine.Definition.Catcher;
import dev.readaloud.local.statemachine.Definition.OptPath;
import dev.readaloud.local.statemachine.Definition.Retrier;
import dev.readaloud.local.statemachine.Definition.Scope;
import dev.readaloud.local.statemachine.Definition.State;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** One execution of a machine: runs states, applies Retry and Catch, records the history. */
final class Execution {

    private static final String ACCOUNT = "000000000000";
    private static final String REGION = "local";
    private static final String MACHINE_NAME = "local";
    /** Local error name for an execution stopped by interrupting its thread (AWS: status ABORTED). */
    static final String ABORTED_ERROR = "States.Aborted";

    private final Definition.Machine machine;
    private final String name;
    private final JsonNode input;
    private final ExecutionListener listener;
    private final TaskResolver resolver;
    private final EngineOptions options;
    private final EngineClock clock;
    private final Random random;
    private final List<HistoryEvent> history = new ArrayList<>();
    private final Map<String, TaskResource> resources = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean timedOut = new java.util.concurrent.atomic.AtomicBoolean();
    private long lastEventId;
    private Instant startTime;

    Execution(Definition.Machine machine, String name, JsonNode input, ExecutionListener listener,
              TaskResolver resolver, EngineOptions options, EngineClock clock) {
        this.machine = machine;
        this.name = name == null || name.isBlank() ? UUID.randomUUID().toString() : name;
        this.input = input == null || input.isMissingNode() ? Json.NODES.objectNode() : input.deepCopy();
        this.listener = listener == null ? ExecutionListener.NONE : listener;
        this.resolver = resolver;
        this.options = options;
        this.clock = clock;
        this.random = new Random(options.jitterSeed());
    }

    /** Thrown inside iterations and branches that were stopped because a sibling failed. */
    private static final class Aborted extends RuntimeException {
        Aborted() {
            super("aborted", null, false, false);
        }
    }

    /** Where events are recorded from: a branch or Map iteration chains its own events. */
    private static final class Frame {
        final Integer mapIndex;
        long previousEventId;

        Frame(Integer mapIndex, long previousEventId) {
            this.mapIndex = mapIndex;
            this.previousEventId = previousEventId;
        }
    }

    private record Transition(String next, JsonNode output) {
    }

    ExecutionResult run() {
        if (Json.sizeInBytes(input) > Json.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("execution input is larger than " + Json.MAX_PAYLOAD_BYTES + " bytes");
        }
        resolveResources();
        startTime = clock.now();
        Frame frame = new Frame(null, 0);
        ObjectNode started = Json.NODES.objectNode();
        started.set("input", input);
        started.put("roleArn", roleArn());
        started.put("stateMachineArn", machineArn());
        record(frame, HistoryEventType.EXECUTION_STARTED, null, started);
        Thread watchdog = startWatchdog();
        try {
            JsonNode output = runScope(machine.root(), input, frame);
            checkSize(output, "the execution output");
            ObjectNode details = Json.NODES.objectNode();
            details.set("output", output);
            record(frame, HistoryEventType.EXECUTION_SUCCEEDED, null, details);
            return result(ExecutionResult.Status.SUCCEEDED, output, null, null);
        } catch (StatesError e) {
            record(frame, HistoryEventType.EXECUTION_FAILED, null, errorDetails(e.error(), e.cause()));
            return result(ExecutionResult.Status.FAILED, null, e.error(), e.cause());
        } catch (Aborted e) {
            Thread.interrupted();
            if (watchdog != null) {
                watchdog.interrupt();
            }
            if (timedOut.get()) {
                String cause = "The execution ran longer than its TimeoutSeconds (" + machine.timeoutSeconds() + ")";
                record(frame, HistoryEventType.EXECUTION_TIMED_OUT, null, errorDetails(StatesError.TIMEOUT, cause));
                return result(ExecutionResult.Status.FAILED, null, StatesError.TIMEOUT, cause);
            }
            // The caller interrupted the thread running the execution: like StopExecution.
            String cause = "The thread running the execution was interrupted";
            record(frame, HistoryEventType.EXECUTION_ABORTED, null, errorDetails(ABORTED_ERROR, cause));
            Thread.currentThread().interrupt();
            return result(ExecutionResult.Status.FAILED, null, ABORTED_ERROR, cause);
        } finally {
            if (watchdog != null) {
                watchdog.interrupt();
            }
        }
    }

    private Thread startWatchdog() {
        Integer timeout = machine.timeoutSeconds();
        if (timeout == null) {
            return null;
        }
        Thread runner = Thread.currentThread();
        return Thread.ofVirtual().name("execution-timeout-" + name).start(() -> {
            try {
                Thread.sleep(Duration.ofSeconds(timeout));
                timedOut.set(true);
                runner.interrupt();
            } catch (InterruptedException e) {
                // the execution ended first
            }
        });
    }

    private ExecutionResult result(ExecutionResult.Status status, JsonNode output, String error, String cause) {
        synchronized (this) {
            return new ExecutionResult(status, output, error, cause, new ArrayList<>(history));
        }
    }

    private void resolveResources() {
        for (Map.Entry<String, String> task : machine.taskResources().entrySet()) {
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
    }

    private synchronized void record(Frame frame, String type, String stateName, JsonNode details) {
        long id = ++lastEventId;
        HistoryEvent event = new HistoryEvent(id, frame.previousEventId, clock.now(), type, stateName, frame.mapIndex, details);
        frame.previousEventId = id;
        history.add(event);
        listener.onEvent(event);
    }

    // ---------------------------------------------------------------- states

    private JsonNode runScope(Scope scope, JsonNode scopeInput, Frame frame) {
        String current = scope.startAt();
        JsonNode data = scopeInput;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new Aborted();
            }
            State state = scope.states().get(current);
            Transition transition = runState(state, data, frame);
            if (transition.next() == null) {
                return transition.output();
            }
            current = transition.next();
            data = transition.output();
        }
    }

    private Transition runState(State state, JsonNode raw, Frame frame) {
        ObjectNode entered = Json.NODES.objectNode();
        entered.put("name", state.name);
        entered.set("input", raw);
        record(frame, state.type + HistoryEventType.STATE_ENTERED, state.name, entered);
        Instant enteredTime = clock.now();
        Transition transition = switch (state.type) {
            case "Pass" -> new Transition(state.next, pass(state, raw, enteredTime, frame));
            case "Choice" -> choice(state, raw);
            case "Wait" -> new Transition(state.next, waitState(state, raw));
            case "Succeed" -> new Transition(null, outputPath(state, inputPath(state, raw)));
            case "Fail" -> throw fail(state, raw, enteredTime, frame);
            case "Task", "Parallel", "Map" -> withRetryAndCatch(state, raw, enteredTime, frame);
            default -> throw new IllegalStateException("unknown state type " + state.type);
        };
        checkSize(transition.output(), "the output of state '" + state.name + "'");
        ObjectNode exited = Json.NODES.objectNode();
        exited.put("name", state.name);
        exited.set("output", transition.output());
        record(frame, state.type + HistoryEventType.STATE_EXITED, state.name, exited);
        return transition;
    }

    private JsonNode pass(State state, JsonNode raw, Instant enteredTime, Frame frame) {
        JsonNode effective = parameters(state, inputPath(state, raw), context(state, enteredTime, 0, null, frame));
        JsonNode result = state.result != null ? state.result.deepCopy() : effective;
        return outputPath(state, resultPath(state.resultPath, state, raw, result));
    }

    private Transition choice(State state, JsonNode raw) {
        JsonNode effective = inputPath(state, raw);
        for (ChoiceRule rule : state.choices) {
            if (rule.evaluate(effective, state.name)) {
                return new Transition(rule.next(), outputPath(state, effective));
            }
        }
        if (state.defaultNext != null) {
            return new Transition(state.defaultNext, outputPath(state, effective));
        }
        throw new StatesError(StatesError.NO_CHOICE_MATCHED, "No Matches! (state '" + state.name + "')");
    }

    private JsonNode waitState(State state, JsonNode raw) {
        JsonNode effective = inputPath(state, raw);
        double seconds;
        if (state.seconds != null) {
            seconds = state.seconds.doubleValue();
        } else if (state.secondsPath != null) {
            JsonNode value = state.secondsPath.select(effective, null);
            if (!value.isIntegralNumber() || value.longValue() < 0) {
                throw new StatesError(StatesError.RUNTIME, "state '" + state.name + "': SecondsPath '" + state.secondsPath.text()
                        + "' must select a non-negative integer, got " + describe(value));
            }
            seconds = value.doubleValue();
        } else {
            String text = state.timestamp;
            if (text == null) {
                JsonNode value = state.timestampPath.select(effective, null);
                if (ChoiceRule.timestamp(value) == null) {
                    throw new StatesError(StatesError.RUNTIME, "state '" + state.name + "': TimestampPath '" + state.timestampPath.text()
                            + "' must select an RFC 3339 timestamp, got " + describe(value));
                }
                text = value.textValue();
            }
            Instant until = OffsetDateTime.parse(text).toInstant();
            seconds = Math.max(0, Duration.between(clock.now(), until).toNanos() / 1e9);
        }
        sleepSeconds(seconds);
        return outputPath(state, effective);
    }

    private StatesError fail(State state, JsonNode raw, Instant enteredTime, Frame frame) {
        JsonNode context = context(state, enteredTime, 0, null, frame);
        String error = failField(state, state.error, raw, context, "ErrorPath");
        String cause = failField(state, state.cause, raw, context, "CausePath");
        return new StatesError(error == null ? "" : error, cause);
    }

    private String failField(State state, Definition.Dynamic field, JsonNode raw, JsonNode context, String pathField) {
        if (field == null) {
            return null;
        }
        if (field.constant() != null) {
            return field.constant();
        }
        JsonNode value = field.path() != null
                ? field.path().select(raw, context)
                : Intrinsics.evaluate(field.call(), new Intrinsics.Env(raw, context, random));
        if (!value.isTextual()) {
            throw new StatesError(StatesError.RUNTIME, "state '" + state.name + "': " + pathField + " must select a string, got "
                    + describe(value));
        }
        return value.textValue();
    }

    // ---------------------------------------------------------------- Retry and Catch

    private Transition withRetryAndCatch(State state, JsonNode raw, Instant enteredTime, Frame frame) {
        int[] retries = new int[state.retry.size()];
        int totalRetries = 0;
        while (true) {
            try {
                JsonNode output = switch (state.type) {
                    case "Task" -> task(state, raw, enteredTime, totalRetries, frame);
                    case "Parallel" -> parallel(state, raw, enteredTime, totalRetries, frame);
                    default -> map(state, raw, enteredTime, totalRetries, frame);
                };
                checkSize(output, "the output of state '" + state.name + "'");
                return new Transition(state.next, output);
            } catch (StatesError e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new Aborted();
                }
                int index = matchingRetrier(state.retry, e);
                if (index >= 0 && retries[index] < state.retry.get(index).maxAttempts()) {
                    double delay = retryDelaySeconds(state.retry.get(index), retries[index]);
                    retries[index]++;
                    totalRetries++;
                    ObjectNode details = errorDetails(e.error(), e.cause());
                    details.put("retrier", index);
                    details.put("retryCount", retries[index]);
                    details.put("attempt", totalRetries + 1);
                    details.put("delaySeconds", delay);
                    details.put("localOnly", true);
                    record(frame, HistoryEventType.RETRY_SCHEDULED, state.name, details);
                    sleepSeconds(delay);
                    continue;
                }
                for (Catcher catcher : state.catchers) {
                    if (e.matches(catcher.errorEquals())) {
                        ObjectNode errorOutput = Json.NODES.objectNode();
                        errorOutput.put("Error", e.error());
                        errorOutput.put("Cause", e.cause());
                        return new Transition(catcher.next(), resultPath(catcher.resultPath(), state, raw, errorOutput));
                    }
                }
                throw e;
            }
        }
    }

    private static int matchingRetrier(List<Retrier> retriers, StatesError error) {
        for (int i = 0; i < retriers.size(); i++) {
            if (error.matches(retriers.get(i).errorEquals())) {
                return i;
            }
        }
        return -1;
    }

    /**
     * AWS developer guide, "Handling errors", Retry: IntervalSeconds x BackoffRate^(retries so far),
     * capped at MaxDelaySeconds, then with JitterStrategy FULL a uniform random value up to it.
     */
    double retryDelaySeconds(Retrier retrier, int retriesSoFar) {
        double delay = retrier.intervalSeconds() * Math.pow(retrier.backoffRate(), retriesSoFar);
        if (retrier.maxDelaySeconds() != null) {
            delay = Math.min(delay, retrier.maxDelaySeconds());
        }
        if (retrier.fullJitter()) {
            synchronized (random) {
                delay = delay * random.nextDouble();
            }
        }
        return delay;
    }

    private void sleepSeconds(double seconds) {
        double scaled = seconds * options.timeScale();
        try {
            clock.sleep(Duration.ofNanos((long) (scaled * 1e9)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Aborted();
        }
    }

    // ---------------------------------------------------------------- Task

    private JsonNode task(State state, JsonNode raw, Instant enteredTime, int retryCount, Frame frame) {
        String token = UUID.randomUUID().toString();
        JsonNode context = context(state, enteredTime, retryCount, token, frame);
        JsonNode effective = parameters(state, inputPath(state, raw), context);
        checkSize(effective, "the input of state '" + state.name + "' after Parameters");
        Integer timeout = seconds(state, state.timeoutSeconds, state.timeoutSecondsPath, effective, "TimeoutSecondsPath");
        Integer heartbeat = seconds(state, state.heartbeatSeconds, state.heartbeatSecondsPath, effective, "HeartbeatSecondsPath");

        boolean lambdaInvoke = state.resource.equals(Definition.LAMBDA_INVOKE);
        boolean lambdaEvents = state.isLambda() && !lambdaInvoke;
        TaskResource resource = resources.get(state.name);
        JsonNode payload = effective;
        if (lambdaInvoke) {
            JsonNode functionName = effective.path("FunctionName");
            if (!functionName.isTextual()) {
                throw new StatesError(StatesError.RUNTIME, "state '" + state.name + "': Parameters.FunctionName must be a string");
            }
            if (resource == null) {
                resource = resolver.resolve(state.name, functionName.textValue());
            }
            if (resource == null) {
                throw new StatesError("Lambda.ResourceNotFoundException", "Function not found: " + functionName.textValue());
            }
            payload = effective.has("Payload") ? effective.get("Payload") : NullNode.getInstance();
        }

        ObjectNode scheduled = Json.NODES.objectNode();
        scheduled.put("resource", lambdaInvoke ? "invoke" : state.resource);
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
        record(frame, lambdaEvents ? HistoryEventType.LAMBDA_FUNCTION_SCHEDULED : HistoryEventType.TASK_SCHEDULED, state.name, scheduled);
        record(frame, lambdaEvents ? HistoryEventType.LAMBDA_FUNCTION_STARTED : HistoryEventType.TASK_STARTED, state.name,
                Json.NODES.objectNode().put("attempt", retryCount + 1));

        TaskContext taskContext = new TaskContext(name, state.name, retryCount + 1, frame.mapIndex,
                timeout == null ? null : Duration.ofSeconds(timeout), token);
        JsonNode result;
        try {
            result = invoke(resource, payload, taskContext, timeout, heartbeat, state);
            if (result == null) {
                result = NullNode.getInstance();
            }
        } catch (StatesError e) {
            boolean timedOut = e.error().equals(StatesError.TIMEOUT) || e.error().equals(StatesError.HEARTBEAT_TIMEOUT);
            String type = lambdaEvents
                    ? timedOut ? HistoryEventType.LAMBDA_FUNCTION_TIMED_OUT : HistoryEventType.LAMBDA_FUNCTION_FAILED
                    : timedOut ? HistoryEventType.TASK_TIMED_OUT : HistoryEventType.TASK_FAILED;
            record(frame, type, state.name, errorDetails(e.error(), e.cause()));
            throw e;
        }
        if (lambdaInvoke) {
            result = lambdaInvokeResult(result);
        }
        ObjectNode succeeded = Json.NODES.objectNode();
        succeeded.set("output", result);
        record(frame, lambdaEvents ? HistoryEventType.LAMBDA_FUNCTION_SUCCEEDED : HistoryEventType.TASK_SUCCEEDED, state.name, succeeded);
        checkSize(result, "the result of state '" + state.name + "'");
        JsonNode selected = state.resultSelector == null ? result
                : state.resultSelector.evaluate(result, context, new Intrinsics.Env(result, context, random));
        return outputPath(state, resultPath(state.resultPath, state, raw, selected));
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

    private JsonNode invoke(TaskResource resource, JsonNode payload, TaskContext taskContext, Integer timeout,
                            Integer heartbeat, State state) {
        CompletableFuture<JsonNode> future = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("task-" + state.name).start(() -> {
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
                    throw new StatesError(StatesError.TIMEOUT, "Task '" + state.name + "' timed out after " + timeout + " seconds");
                }
                if (heartbeatLeft <= 0) {
                    worker.interrupt();
                    throw new StatesError(StatesError.HEARTBEAT_TIMEOUT, "Task '" + state.name + "' sent no heartbeat for "
                            + heartbeat + " seconds");
                }
                try {
                    return future.get(Math.min(timeoutLeft, heartbeatLeft), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    // loop: decide which deadline passed
                }
            }
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new Aborted();
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

    private Integer seconds(State state, Integer constant, JsonPath path, JsonNode effective, String field) {
        if (constant != null || path == null) {
            return constant;
        }
        JsonNode value = path.select(effective, null);
        if (!value.isIntegralNumber() || value.longValue() < 1 || value.longValue() > 99_999_999) {
            throw new StatesError(StatesError.RUNTIME, "state '" + state.name + "': " + field + " '" + path.text()
                    + "' must select a positive integer, got " + describe(value));
        }
        return value.intValue();
    }

    // ---------------------------------------------------------------- Parallel and Map

    private JsonNode parallel(State state, JsonNode raw, Instant enteredTime, int retryCount, Frame frame) {
        JsonNode context = context(state, enteredTime, retryCount, null, frame);
        JsonNode effective = parameters(state, inputPath(state, raw), context);
        checkSize(effective, "the input of state '" + state.name + "' after Parameters");
        record(frame, HistoryEventType.PARALLEL_STATE_STARTED, state.name, Json.NODES.objectNode());
        int count = state.branches.size();
        JsonNode[] results = new JsonNode[count];
        AtomicReference<StatesError> failure = new AtomicReference<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        long previous = frame.previousEventId;
        for (int i = 0; i < count; i++) {
            int index = i;
            Scope branch = state.branches.get(i);
            Frame child = new Frame(frame.mapIndex, previous);
            threads.add(Thread.ofVirtual().name("branch-" + state.name + "-" + i).start(() -> {
                try {
                    results[index] = runScope(branch, effective, child);
                } catch (StatesError e) {
                    if (failure.compareAndSet(null, e)) {
                        abortOthers(threads);
                    }
                } catch (Aborted e) {
                    // a sibling failed
                }
            }));
        }
        if (failure.get() != null) {
            threads.forEach(Thread::interrupt);
        }
        joinAll(threads, failure);
        if (failure.get() != null) {
            record(frame, HistoryEventType.PARALLEL_STATE_FAILED, state.name, errorDetails(failure.get().error(), failure.get().cause()));
            throw failure.get();
        }
        record(frame, HistoryEventType.PARALLEL_STATE_SUCCEEDED, state.name, Json.NODES.objectNode());
        ArrayNode result = Json.NODES.arrayNode();
        for (JsonNode branchResult : results) {
            result.add(branchResult);
        }
        return afterResult(state, raw, result, context);
    }

    private JsonNode map(State state, JsonNode raw, Instant enteredTime, int retryCount, Frame frame) {
        JsonNode context = context(state, enteredTime, retryCount, null, frame);
        JsonNode effective = inputPath(state, raw);
        JsonNode items = state.itemsPath.select(effective, null);
        if (!items.isArray()) {
            throw new StatesError(StatesError.RUNTIME, "state '" + state.name + "': ItemsPath '" + state.itemsPath.text()
                    + "' must select an array, got " + describe(items));
        }
        int limit = maxConcurrency(state, effective);
        int count = items.size();
        record(frame, HistoryEventType.MAP_STATE_STARTED, state.name, Json.NODES.objectNode().put("length", count));
        JsonNode[] results = new JsonNode[count];
        AtomicReference<StatesError> failure = new AtomicReference<>();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        Semaphore permits = new Semaphore(limit == 0 ? Math.max(count, 1) : limit);
        long previous = frame.previousEventId;
        try {
            for (int i = 0; i < count && failure.get() == null; i++) {
                permits.acquire();
                if (failure.get() != null) {
                    permits.release();
                    break;
                }
                int index = i;
                JsonNode item = items.get(i);
                JsonNode itemInput;
                try {
                    itemInput = state.itemSelector == null ? item
                            : state.itemSelector.evaluate(effective, mapItemContext(context, index, item),
                                    new Intrinsics.Env(effective, mapItemContext(context, index, item), random));
                } catch (StatesError e) {
                    permits.release();
                    failure.compareAndSet(null, e);
                    break;
                }
                Frame child = new Frame(index, previous);
                threads.add(Thread.ofVirtual().name("map-" + state.name + "-" + index).start(() -> {
                    ObjectNode startedDetails = Json.NODES.objectNode().put("index", index).put("name", state.name);
                    record(child, HistoryEventType.MAP_ITERATION_STARTED, state.name, startedDetails);
                    try {
                        results[index] = runScope(state.processor, itemInput, child);
                        record(child, HistoryEventType.MAP_ITERATION_SUCCEEDED, state.name,
                                Json.NODES.objectNode().put("index", index).put("name", state.name));
                    } catch (StatesError e) {
                        ObjectNode details = errorDetails(e.error(), e.cause()).put("index", index).put("name", state.name);
                        record(child, HistoryEventType.MAP_ITERATION_FAILED, state.name, details);
                        if (failure.compareAndSet(null, e)) {
                            abortOthers(threads);
                        }
                    } catch (Aborted e) {
                        record(child, HistoryEventType.MAP_ITERATION_ABORTED, state.name,
                                Json.NODES.objectNode().put("index", index).put("name", state.name));
                    } finally {
                        permits.release();
                    }
                }));
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            joinQuietly(threads);
            Thread.currentThread().interrupt();
            throw new Aborted();
        }
        if (failure.get() != null) {
            threads.forEach(Thread::interrupt);
        }
        joinAll(threads, failure);
        if (failure.get() != null) {
            record(frame, HistoryEventType.MAP_STATE_FAILED, state.name, errorDetails(failure.get().error(), failure.get().cause()));
            throw failure.get();
        }
        record(frame, HistoryEventType.MAP_STATE_SUCCEEDED, state.name, Json.NODES.objectNode());
        ArrayNode result = Json.NODES.arrayNode();
        for (JsonNode iterationResult : results) {
            result.add(iterationResult);
        }
        return afterResult(state, raw, result, context);
    }

    private int maxConcurrency(State state, JsonNode effective) {
        if (state.maxConcurrencyPath == null) {
            return state.maxConcurrency == null ? 0 : state.maxConcurrency;
        }
        JsonNode value = state.maxConcurrencyPath.select(effective, null);
        if (!value.isIntegralNumber() || value.longValue() < 0 || value.longValue() > Integer.MAX_VALUE) {
            throw new StatesError(StatesError.RUNTIME, "state '" + state.name + "': MaxConcurrencyPath '"
                    + state.maxConcurrencyPath.text() + "' must select an integer >= 0, got " + describe(value));
        }
        return value.intValue();
    }

    /**
     * A failed branch or iteration stops its siblings. Threads started after this snapshot are
     * stopped by the launching thread, which checks for a failure before and after launching.
     */
    private static void abortOthers(List<Thread> threads) {
        for (Thread thread : threads) {
            if (thread != Thread.currentThread()) {
                thread.interrupt();
            }
        }
    }

    /** Waits for every thread; if this thread is interrupted, stops them all and aborts. */
    private void joinAll(List<Thread> threads, AtomicReference<StatesError> failure) {
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            joinQuietly(threads);
            Thread.currentThread().interrupt();
            throw new Aborted();
        }
    }

    private static void joinQuietly(List<Thread> threads) {
        for (Thread thread : threads) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private JsonNode afterResult(State state, JsonNode raw, JsonNode result, JsonNode context) {
        JsonNode selected = state.resultSelector == null ? result
                : state.resultSelector.evaluate(result, context, new Intrinsics.Env(result, context, random));
        return outputPath(state, resultPath(state.resultPath, state, raw, selected));
    }

    // ---------------------------------------------------------------- input and output processing

    private static JsonNode inputPath(State state, JsonNode raw) {
        return applyPath(state.inputPath, state, raw, "InputPath");
    }

    private static JsonNode outputPath(State state, JsonNode output) {
        return applyPath(state.outputPath, state, output, "OutputPath");
    }

    /** InputPath and OutputPath: null gives {}, a path that matches nothing is States.Runtime. */
    private static JsonNode applyPath(OptPath path, State state, JsonNode node, String field) {
        if (path.isNull()) {
            return Json.NODES.objectNode();
        }
        JsonNode selected = path.path().select(node, null);
        if (selected.isMissingNode()) {
            throw new StatesError(StatesError.RUNTIME, "An error occurred while executing the state '" + state.name
                    + "'. Invalid path '" + path.path().text() + "' : No results for path: " + field + " '"
                    + path.path().text() + "' in " + Json.abbreviate(node));
        }
        return selected;
    }

    private JsonNode parameters(State state, JsonNode effective, JsonNode context) {
        if (state.parameters == null) {
            return effective;
        }
        return state.parameters.evaluate(effective, context, new Intrinsics.Env(effective, context, random));
    }

    /** ResultPath: null keeps the raw input, $ replaces it, a deeper path inserts into a copy. */
    private static JsonNode resultPath(OptPath path, State state, JsonNode raw, JsonNode result) {
        if (path.isNull()) {
            return raw;
        }
        try {
            return path.path().set(raw, result);
        } catch (IllegalArgumentException e) {
            throw new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE, "state '" + state.name + "': " + e.getMessage());
        }
    }

    private static void checkSize(JsonNode node, String what) {
        int size = Json.sizeInBytes(node);
        if (size > Json.MAX_PAYLOAD_BYTES) {
            throw new StatesError(StatesError.DATA_LIMIT_EXCEEDED, what + " is " + size
                    + " bytes, more than the " + Json.MAX_PAYLOAD_BYTES + " bytes quota");
        }
    }

    // ---------------------------------------------------------------- context object

    private JsonNode context(State state, Instant enteredTime, int retryCount, String token, Frame frame) {
        ObjectNode context = Json.NODES.objectNode();
        ObjectNode execution = context.putObject("Execution");
        execution.put("Id", "arn:aws:states:" + REGION + ":" + ACCOUNT + ":execution:" + MACHINE_NAME + ":" + name);
        execution.set("Input", input);
        execution.put("Name", name);
        execution.put("RoleArn", roleArn());
        execution.put("StartTime", timestamp(startTime));
        execution.put("RedriveCount", 0);
        ObjectNode stateNode = context.putObject("State");
        stateNode.put("EnteredTime", timestamp(enteredTime));
        stateNode.put("Name", state.name);
        stateNode.put("RetryCount", retryCount);
        ObjectNode machineNode = context.putObject("StateMachine");
        machineNode.put("Id", machineArn());
        machineNode.put("Name", MACHINE_NAME);
        if (token != null) {
            context.putObject("Task").put("Token", token);
        }
        return context;
    }

    private static JsonNode mapItemContext(JsonNode context, int index, JsonNode item) {
        ObjectNode copy = (ObjectNode) context.deepCopy();
        ObjectNode itemNode = copy.putObject("Map").putObject("Item");
        itemNode.put("Index", index);
        itemNode.set("Value", item);
        return copy;
    }

    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String roleArn() {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + MACHINE_NAME;
    }

    private static String machineArn() {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:" + MACHINE_NAME;
    }

    private static ObjectNode errorDetails(String error, String cause) {
        ObjectNode details = Json.NODES.objectNode();
        details.put("error", error);
        details.put("cause", cause);
        return details;
    }

    private static String describe(JsonNode value) {
        return value.isMissingNode() ? "nothing" : Json.abbreviate(value);
    }

}
