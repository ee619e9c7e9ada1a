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

    /** Like SendTaskHeartbeat: keeps a task with HeartbeatSeconds alive. Unknown tokens are ignored. */
    public static void sendTaskHeartbeat(String taskToken) {
        Heartbeats.beat(taskToken);
    }
}
