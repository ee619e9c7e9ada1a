package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs state machines on this machine like AWS Step Functions (Standard workflows, JSONPath).
 * Thread-safe: several executions may run at once.
 */
public final class Engine {

    private final TaskResolver resolver;
    private final EngineOptions options;
    private final EngineClock clock;
    private final ItemSource itemSource;

    /** Resources looked up by Resource string (or lambda:invoke FunctionName); null = unknown. */
    public Engine(Function<String, TaskResource> resources, EngineOptions options) {
        this((stateName, resource) -> resources.apply(resource), options, EngineClock.SYSTEM);
    }

    /** An engine whose Distributed Map ItemReader has no object storage ({@link ItemSource#NONE}). */
    public Engine(TaskResolver resolver, EngineOptions options, EngineClock clock) {
        this(resolver, options, clock, ItemSource.NONE);
    }

    /** @param itemSource reads the S3 objects of Distributed Map ItemReaders */
    public Engine(TaskResolver resolver, EngineOptions options, EngineClock clock, ItemSource itemSource) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.itemSource = Objects.requireNonNull(itemSource, "itemSource");
    }

    /**
     * Runs one execution to its end, blocking.
     *
     * @param executionName {@code $$.Execution.Name}
     * @param input         the execution input (null = {})
     * @param listener      gets every history event as it is recorded (null = none)
     * @throws IllegalArgumentException before the execution starts when a Task state has no resource
     */
    public ExecutionResult run(StateMachine machine, String executionName, JsonNode input, ExecutionListener listener) {
        return Execution.start(machine.machine(), executionName, input, listener,
                new Execution.Environment(resolver, options, clock, itemSource));
    }

    /**
     * SendTaskSuccess: the {@code arn:aws:states:::lambda:invoke.waitForTaskToken} task of this token
     * succeeds with {@code output} as its result (then ResultSelector, ResultPath and OutputPath
     * apply). A token is accepted once. May be called before the task's function returns: the task
     * then succeeds as soon as it does.
     *
     * @throws TaskTokenException {@code InvalidToken} for a token this engine did not issue (or of a
     *                            task that takes no callback), {@code TaskTimedOut} when the task
     *                            already ended or already took a callback, {@code ValidationException}
     *                            for an output over 262,144 UTF-8 bytes
     */
    public static void sendTaskSuccess(String taskToken, JsonNode output) {
        TaskTokens.succeed(taskToken, output);
    }

    /**
     * SendTaskSuccess with the output as the API carries it, JSON text.
     *
     * @throws TaskTokenException as {@link #sendTaskSuccess(String, JsonNode)}, and {@code InvalidOutput}
     *                            when {@code outputJson} is not JSON
     */
    public static void sendTaskSuccess(String taskToken, String outputJson) {
        TaskTokens.succeed(taskToken, outputJson);
    }

    /**
     * SendTaskFailure: the task of this token fails with {@code error} and {@code cause} (null: empty),
     * which its Retry and Catch see as for any task failure.
     *
     * @throws TaskTokenException as {@link #sendTaskSuccess(String, JsonNode)}; {@code ValidationException}
     *                            for an error over 256 or a cause over 32,768 characters
     */
    public static void sendTaskFailure(String taskToken, String error, String cause) {
        TaskTokens.fail(taskToken, error, cause);
    }

    /**
     * SendTaskHeartbeat: restarts the HeartbeatSeconds clock of the task of this token (any running
     * Task state's token, {@code $$.Task.Token}; TimeoutSeconds still counts from the task's start).
     *
     * @throws TaskTokenException {@code InvalidToken} for a token this engine did not issue,
     *                            {@code TaskTimedOut} when the task already ended or took its callback
     */
    public static void sendTaskHeartbeat(String taskToken) {
        TaskTokens.heartbeat(taskToken);
    }
}
