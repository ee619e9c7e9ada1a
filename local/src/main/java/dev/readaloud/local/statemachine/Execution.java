package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.readaloud.local.statemachine.ErrorHandling.Transition;
import dev.readaloud.local.statemachine.State.Scope;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One execution of a machine: the run loop from state to state, the execution's start and end
 * events, its TimeoutSeconds watchdog, and the dispatch of each state type to the classes that do
 * its work ({@link DataFlow}, {@link ErrorHandling}, {@link TaskRunner}, {@link Branches}).
 */
final class Execution {

    /** Local error name for an execution stopped by interrupting its thread (AWS: status ABORTED). */
    static final String ABORTED_ERROR = "States.Aborted";

    /**
     * What every execution of one {@link Engine#run} call shares, Distributed Map children included.
     *
     * @param itemSource reads Distributed Map ItemReader objects
     */
    record Environment(TaskResolver resolver, EngineOptions options, EngineClock clock, ItemSource itemSource) {
    }

    private final Environment env;
    private final Scope root;
    private final Integer timeoutSeconds;
    private final String name;
    private final String executionArn;
    private final JsonNode input;
    private final Map<String, TaskResource> resources;
    private final ExecutionListener listener;
    private final EngineOptions options;
    private final EngineClock clock;
    private final Random random;
    private final History history;
    private final DataFlow dataFlow;
    private final ErrorHandling errorHandling;
    private final TaskRunner tasks;
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private volatile Thread runner;
    private ContextObject contextObject;

    /**
     * @param timeoutSeconds   the execution's TimeoutSeconds, or null
     * @param maxHistoryEvents {@link ExecutionLimits#MAX_HISTORY_EVENTS}, or 0 for an Express child
     */
    private Execution(Environment env, Map<String, TaskResource> resources, Scope root, Integer timeoutSeconds,
                      int maxHistoryEvents, String name, String executionArn, JsonNode input, ExecutionListener listener) {
        this.env = env;
        this.resources = resources;
        this.root = root;
        this.timeoutSeconds = timeoutSeconds;
        this.name = name;
        this.executionArn = executionArn;
        this.input = input;
        this.listener = listener;
        this.options = env.options();
        this.clock = env.clock();
        this.random = new Random(options.jitterSeed());
        this.history = new History(listener, clock, maxHistoryEvents, this::stopRunner);
        this.dataFlow = new DataFlow(random);
        this.errorHandling = new ErrorHandling(history, dataFlow, random, this::sleepSeconds);
        this.tasks = new TaskRunner(this.name, env.resolver(), resources, history, dataFlow);
    }

    /**
     * Runs a Standard execution of {@code machine} to its end.
     *
     * @throws IllegalArgumentException before it starts: an input over 256 KiB (StartExecution refuses
     *                                  it), or a Task state without a resource
     */
    static ExecutionResult start(Definition.Machine machine, String name, JsonNode input, ExecutionListener listener,
                                 Environment env) {
        JsonNode executionInput = input == null || input.isMissingNode() ? Json.NODES.objectNode() : input.deepCopy();
        int size = Json.sizeInBytes(executionInput);
        if (size > ExecutionLimits.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("execution input is " + size + " bytes, more than the "
                    + ExecutionLimits.MAX_PAYLOAD_BYTES + " bytes quota");
        }
        Map<String, TaskResource> resources = TaskRunner.resolveAll(env.resolver(), machine.taskResources());
        String executionName = name == null || name.isBlank() ? UUID.randomUUID().toString() : name;
        return new Execution(env, resources, machine.root(), machine.timeoutSeconds(), ExecutionLimits.MAX_HISTORY_EVENTS,
                executionName, ContextObject.executionArn(executionName), executionInput,
                listener == null ? ExecutionListener.NONE : listener).run();
    }

    /**
     * Runs one Distributed Map child: a separate execution of the Map's processor with its own
     * history and quotas (Standard: 25,000 events; Express: 5 minutes and no history quota). Its
     * events reach this execution's listener as child events, never this execution's history.
     */
    private ExecutionResult runChild(State.MapState state, int childIndex, String childName, JsonNode childInput) {
        boolean express = state.distributed().executionType() == DistributedMap.ExecutionType.EXPRESS;
        ExecutionListener childListener = event -> {
            synchronized (listener) {
                listener.onChildEvent(childName, childIndex, event);
            }
        };
        return new Execution(env, resources, state.processor(), express ? ExecutionLimits.EXPRESS_MAX_DURATION_SECONDS : null,
                express ? 0 : ExecutionLimits.MAX_HISTORY_EVENTS, childName,
                ContextObject.childExecutionArn(state.distributed().label(), childName), childInput, childListener).run();
    }

    private ExecutionResult run() {
        runner = Thread.currentThread();
        contextObject = new ContextObject(name, executionArn, ContextObject.machineArn(), ContextObject.MACHINE_NAME, input, clock.now());
        History.Frame frame = new History.Frame(null, 0);
        ObjectNode started = Json.NODES.objectNode();
        started.set("input", input);
        started.put("roleArn", ContextObject.roleArn());
        started.put("stateMachineArn", ContextObject.machineArn());
        history.record(frame, HistoryEventType.EXECUTION_STARTED, null, started);
        Thread watchdog = startWatchdog();
        try {
            JsonNode output = runScope(root, input, frame);
            Payloads.check(output, "the execution output");
            ObjectNode details = Json.NODES.objectNode();
            details.set("output", output);
            history.record(frame, HistoryEventType.EXECUTION_SUCCEEDED, null, details);
            return result(ExecutionResult.Status.SUCCEEDED, output, null, null);
        } catch (StatesError e) {
            if (history.limitReached()) {
                return historyLimitReached(frame);
            }
            history.recordEnd(frame, HistoryEventType.EXECUTION_FAILED, ErrorHandling.errorDetails(e.error(), e.cause()));
            return result(ExecutionResult.Status.FAILED, null, e.error(), e.cause());
        } catch (ExecutionAborted e) {
            Thread.interrupted();
            if (watchdog != null) {
                watchdog.interrupt();
            }
            if (history.limitReached()) {
                return historyLimitReached(frame);
            }
            if (timedOut.get()) {
                String cause = "The execution ran longer than its TimeoutSeconds (" + timeoutSeconds + ")";
                history.recordEnd(frame, HistoryEventType.EXECUTION_TIMED_OUT, ErrorHandling.errorDetails(StatesError.TIMEOUT, cause));
                return result(ExecutionResult.Status.FAILED, null, StatesError.TIMEOUT, cause);
            }
            // The caller interrupted the thread running the execution: like StopExecution.
            String cause = "The thread running the execution was interrupted";
            history.recordEnd(frame, HistoryEventType.EXECUTION_ABORTED, ErrorHandling.errorDetails(ABORTED_ERROR, cause));
            Thread.currentThread().interrupt();
            return result(ExecutionResult.Status.FAILED, null, ABORTED_ERROR, cause);
        } finally {
            if (watchdog != null) {
                watchdog.interrupt();
            }
        }
    }

    /** See {@link ExecutionLimits#MAX_HISTORY_EVENTS}: ExecutionFailed is the last event, whatever was running. */
    private ExecutionResult historyLimitReached(History.Frame frame) {
        Thread.interrupted();
        String cause = "The execution reached the maximum number of history events (" + ExecutionLimits.MAX_HISTORY_EVENTS
                + "); event " + ExecutionLimits.MAX_HISTORY_EVENTS + " was not ExecutionSucceeded";
        history.recordEnd(frame, HistoryEventType.EXECUTION_FAILED,
                ErrorHandling.errorDetails(ExecutionLimits.HISTORY_LIMIT_ERROR, cause));
        return result(ExecutionResult.Status.FAILED, null, ExecutionLimits.HISTORY_LIMIT_ERROR, cause);
    }

    /** Stops the execution from any thread: its own thread unwinds, stopping branches and iterations. */
    private void stopRunner() {
        Thread thread = runner;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private Thread startWatchdog() {
        Integer timeout = timeoutSeconds;
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
        return new ExecutionResult(status, output, error, cause, history.snapshot());
    }

    // ---------------------------------------------------------------- the run loop

    private JsonNode runScope(Scope scope, JsonNode scopeInput, History.Frame frame) {
        String current = scope.startAt();
        JsonNode data = scopeInput;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new ExecutionAborted();
            }
            Transition transition = runState(scope.states().get(current), data, frame);
            if (transition.next() == null) {
                return transition.output();
            }
            current = transition.next();
            data = transition.output();
        }
    }

    private Transition runState(State state, JsonNode raw, History.Frame frame) {
        ObjectNode entered = Json.NODES.objectNode();
        entered.put("name", state.name());
        entered.set("input", raw);
        history.record(frame, state.type() + HistoryEventType.STATE_ENTERED, state.name(), entered);
        Instant enteredTime = clock.now();
        Transition transition = switch (state) {
            case State.Pass pass -> new Transition(pass.next(), pass(pass, raw, enteredTime));
            case State.Choice choice -> choice(choice, raw);
            case State.Wait wait -> new Transition(wait.next(), waitState(wait, raw));
            case State.Succeed succeed -> new Transition(null,
                    dataFlow.outputPath(succeed.name(), succeed.io(), dataFlow.inputPath(succeed.name(), succeed.io(), raw)));
            case State.Fail fail -> throw fail(fail, raw, enteredTime);
            case State.Task task -> errorHandling.run(task.name(), task.next(), task.errors(), raw, frame,
                    retryCount -> tasks.run(task, raw, enteredTime, retryCount, frame, contextObject));
            case State.Parallel parallel -> errorHandling.run(parallel.name(), parallel.next(), parallel.errors(), raw, frame,
                    retryCount -> parallel(parallel, raw, enteredTime, retryCount, frame));
            case State.MapState map when map.distributed() != null -> errorHandling.run(map.name(), map.next(), map.errors(),
                    raw, frame, retryCount -> distributedMap(map, raw, enteredTime, retryCount, frame));
            case State.MapState map -> errorHandling.run(map.name(), map.next(), map.errors(), raw, frame,
                    retryCount -> map(map, raw, enteredTime, retryCount, frame));
        };
        Payloads.check(transition.output(), "the output of state '" + state.name() + "'");
        ObjectNode exited = Json.NODES.objectNode();
        exited.put("name", state.name());
        exited.set("output", transition.output());
        history.record(frame, state.type() + HistoryEventType.STATE_EXITED, state.name(), exited);
        return transition;
    }

    // ---------------------------------------------------------------- Pass, Choice, Wait, Fail

    private JsonNode pass(State.Pass state, JsonNode raw, Instant enteredTime) {
        JsonNode context = contextObject.forState(state.name(), enteredTime, 0, null);
        JsonNode effective = dataFlow.template(state.parameters(), dataFlow.inputPath(state.name(), state.io(), raw), context);
        JsonNode result = state.result() != null ? state.result().deepCopy() : effective;
        return dataFlow.outputPath(state.name(), state.io(), dataFlow.resultPath(state.resultPath(), state.name(), raw, result));
    }

    private Transition choice(State.Choice state, JsonNode raw) {
        JsonNode effective = dataFlow.inputPath(state.name(), state.io(), raw);
        for (ChoiceRule rule : state.choices()) {
            if (rule.evaluate(effective, state.name())) {
                return new Transition(rule.next(), dataFlow.outputPath(state.name(), state.io(), effective));
            }
        }
        if (state.defaultNext() != null) {
            return new Transition(state.defaultNext(), dataFlow.outputPath(state.name(), state.io(), effective));
        }
        throw new StatesError(StatesError.NO_CHOICE_MATCHED, "No Matches! (state '" + state.name() + "')");
    }

    private JsonNode waitState(State.Wait state, JsonNode raw) {
        JsonNode effective = dataFlow.inputPath(state.name(), state.io(), raw);
        double seconds;
        if (state.seconds() != null) {
            seconds = state.seconds().doubleValue();
        } else if (state.secondsPath() != null) {
            JsonNode value = state.secondsPath().select(effective, null);
            if (!value.isIntegralNumber() || value.longValue() < 0) {
                throw new StatesError(StatesError.RUNTIME, "state '" + state.name() + "': SecondsPath '" + state.secondsPath().text()
                        + "' must select a non-negative integer, got " + Json.describe(value));
            }
            seconds = value.doubleValue();
        } else {
            String text = state.timestamp();
            if (text == null) {
                JsonNode value = state.timestampPath().select(effective, null);
                if (ChoiceRule.timestamp(value) == null) {
                    throw new StatesError(StatesError.RUNTIME, "state '" + state.name() + "': TimestampPath '"
                            + state.timestampPath().text() + "' must select an RFC 3339 timestamp, got " + Json.describe(value));
                }
                text = value.textValue();
            }
            Instant until = OffsetDateTime.parse(text).toInstant();
            seconds = Math.max(0, Duration.between(clock.now(), until).toNanos() / 1e9);
        }
        sleepSeconds(seconds);
        return dataFlow.outputPath(state.name(), state.io(), effective);
    }

    private StatesError fail(State.Fail state, JsonNode raw, Instant enteredTime) {
        JsonNode context = contextObject.forState(state.name(), enteredTime, 0, null);
        String error = failField(state, state.error(), raw, context, "ErrorPath");
        String cause = failField(state, state.cause(), raw, context, "CausePath");
        return new StatesError(error == null ? "" : error, cause);
    }

    private String failField(State.Fail state, State.Dynamic field, JsonNode raw, JsonNode context, String pathField) {
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
            throw new StatesError(StatesError.RUNTIME, "state '" + state.name() + "': " + pathField + " must select a string, got "
                    + Json.describe(value));
        }
        return value.textValue();
    }

    /** Wait and Retry delays: scaled by {@link EngineOptions#timeScale()}, slept on the engine clock. */
    private void sleepSeconds(double seconds) {
        double scaled = seconds * options.timeScale();
        try {
            clock.sleep(Duration.ofNanos((long) (scaled * 1e9)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecutionAborted();
        }
    }

    // ---------------------------------------------------------------- Parallel and Map

    private JsonNode parallel(State.Parallel state, JsonNode raw, Instant enteredTime, int retryCount, History.Frame frame) {
        JsonNode context = contextObject.forState(state.name(), enteredTime, retryCount, null);
        JsonNode effective = dataFlow.template(state.parameters(), dataFlow.inputPath(state.name(), state.io(), raw), context);
        Payloads.check(effective, "the input of state '" + state.name() + "' after Parameters");
        history.record(frame, HistoryEventType.PARALLEL_STATE_STARTED, state.name(), Json.NODES.objectNode());
        Branches.Outcome outcome;
        try {
            outcome = Branches.run("branch-" + state.name(), state.branches().size(), 0, index -> {
                History.Frame branchFrame = frame.fork(frame.mapIndex);
                return () -> runScope(state.branches().get(index), effective, branchFrame);
            }, Branches.FAIL_FAST);
        } catch (StatesError e) {
            history.record(frame, HistoryEventType.PARALLEL_STATE_FAILED, state.name(), ErrorHandling.errorDetails(e.error(), e.cause()));
            throw e;
        }
        history.record(frame, HistoryEventType.PARALLEL_STATE_SUCCEEDED, state.name(), Json.NODES.objectNode());
        ArrayNode result = toArray(outcome.results());
        Payloads.check(result, "the result of state '" + state.name() + "'");
        return dataFlow.afterResult(state.name(), state.io(), state.result(), raw, result, context);
    }

    private JsonNode map(State.MapState state, JsonNode raw, Instant enteredTime, int retryCount, History.Frame frame) {
        JsonNode context = contextObject.forState(state.name(), enteredTime, retryCount, null);
        JsonNode effective = dataFlow.inputPath(state.name(), state.io(), raw);
        JsonNode items = state.itemsPath().select(effective, null);
        if (!items.isArray()) {
            throw new StatesError(StatesError.RUNTIME, "state '" + state.name() + "': ItemsPath '" + state.itemsPath().text()
                    + "' must select an array, got " + Json.describe(items));
        }
        int limit = inlineConcurrency(maxConcurrency(state, effective));
        int count = items.size();
        history.record(frame, HistoryEventType.MAP_STATE_STARTED, state.name(), Json.NODES.objectNode().put("length", count));
        Branches.Outcome outcome;
        try {
            outcome = Branches.run("map-" + state.name(), count, limit, index -> {
                JsonNode item = items.get(index);
                JsonNode iterationInput = state.itemSelector() == null ? item
                        : dataFlow.template(state.itemSelector(), effective, ContextObject.withMapItem(context, index, item));
                Payloads.check(iterationInput, "the input of iteration " + index + " of state '" + state.name() + "'");
                History.Frame iterationFrame = frame.fork(index);
                return () -> iteration(state, index, iterationInput, iterationFrame);
            }, Branches.FAIL_FAST);
        } catch (StatesError e) {
            history.record(frame, HistoryEventType.MAP_STATE_FAILED, state.name(), ErrorHandling.errorDetails(e.error(), e.cause()));
            throw e;
        }
        history.record(frame, HistoryEventType.MAP_STATE_SUCCEEDED, state.name(), Json.NODES.objectNode());
        ArrayNode result = toArray(outcome.results());
        Payloads.check(result, "the result of state '" + state.name() + "'");
        return dataFlow.afterResult(state.name(), state.io(), state.result(), raw, result, context);
    }

    /**
     * A Distributed Map: MapStateStarted, the Map Run (its children run as separate executions,
     * see {@link DistributedMapRun}), then the result as for any Map.
     */
    private JsonNode distributedMap(State.MapState state, JsonNode raw, Instant enteredTime, int retryCount, History.Frame frame) {
        JsonNode context = contextObject.forState(state.name(), enteredTime, retryCount, null);
        JsonNode effective = dataFlow.inputPath(state.name(), state.io(), raw);
        history.record(frame, HistoryEventType.MAP_STATE_STARTED, state.name(), Json.NODES.objectNode());
        ArrayNode result;
        try {
            result = new DistributedMapRun(state, effective, context, dataFlow, history, env.itemSource(),
                    (childIndex, childName, childInput) -> runChild(state, childIndex, childName, childInput)).run(frame);
        } catch (StatesError e) {
            history.record(frame, HistoryEventType.MAP_STATE_FAILED, state.name(), ErrorHandling.errorDetails(e.error(), e.cause()));
            throw e;
        }
        history.record(frame, HistoryEventType.MAP_STATE_SUCCEEDED, state.name(), Json.NODES.objectNode());
        Payloads.check(result, "the result of state '" + state.name() + "'");
        return dataFlow.afterResult(state.name(), state.io(), state.result(), raw, result, context);
    }

    private JsonNode iteration(State.MapState state, int index, JsonNode itemInput, History.Frame frame) {
        history.record(frame, HistoryEventType.MAP_ITERATION_STARTED, state.name(), iterationDetails(state, index));
        try {
            JsonNode result = runScope(state.processor(), itemInput, frame);
            history.record(frame, HistoryEventType.MAP_ITERATION_SUCCEEDED, state.name(), iterationDetails(state, index));
            return result;
        } catch (StatesError e) {
            ObjectNode details = ErrorHandling.errorDetails(e.error(), e.cause()).put("index", index).put("name", state.name());
            history.record(frame, HistoryEventType.MAP_ITERATION_FAILED, state.name(), details);
            throw e;
        } catch (ExecutionAborted e) {
            history.record(frame, HistoryEventType.MAP_ITERATION_ABORTED, state.name(), iterationDetails(state, index));
            throw e;
        }
    }

    private static ObjectNode iterationDetails(State.MapState state, int index) {
        return Json.NODES.objectNode().put("index", index).put("name", state.name());
    }

    /** MaxConcurrency 0 (no limit) or above 40 still runs 40 iterations at a time: see {@link ExecutionLimits#MAX_INLINE_MAP_CONCURRENCY}. */
    static int inlineConcurrency(int maxConcurrency) {
        return maxConcurrency == 0 ? ExecutionLimits.MAX_INLINE_MAP_CONCURRENCY
                : Math.min(maxConcurrency, ExecutionLimits.MAX_INLINE_MAP_CONCURRENCY);
    }

    static int maxConcurrency(State.MapState state, JsonNode effective) {
        if (state.maxConcurrencyPath() == null) {
            return state.maxConcurrency() == null ? 0 : state.maxConcurrency();
        }
        JsonNode value = state.maxConcurrencyPath().select(effective, null);
        if (!value.isIntegralNumber() || value.longValue() < 0 || value.longValue() > Integer.MAX_VALUE) {
            throw new StatesError(StatesError.RUNTIME, "state '" + state.name() + "': MaxConcurrencyPath '"
                    + state.maxConcurrencyPath().text() + "' must select an integer >= 0, got " + Json.describe(value));
        }
        return value.intValue();
    }

    private static ArrayNode toArray(JsonNode[] results) {
        ArrayNode array = Json.NODES.arrayNode();
        for (JsonNode result : results) {
            array.add(result);
        }
        return array;
    }
}
