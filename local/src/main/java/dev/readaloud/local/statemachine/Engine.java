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

    /** Resources looked up by Resource string (or lambda:invoke FunctionName); null = unknown. */
    public Engine(Function<String, TaskResource> resources, EngineOptions options) {
        this((stateName, resource) -> resources.apply(resource), options, EngineClock.SYSTEM);
    }

    public Engine(TaskResolver resolver, EngineOptions options, EngineClock clock) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
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
        return new Execution(machine.machine(), executionName, input, listener, resolver, options, clock).run();
    }

    /** Like SendTaskHeartbeat: keeps a task with HeartbeatSeconds alive. Unknown tokens are ignored. */
    public static void sendTaskHeartbeat(String taskToken) {
        Heartbeats.beat(taskToken);
    }
}
