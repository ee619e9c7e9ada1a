package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One state of a definition, parsed and validated once by {@link Definition}. A closed set: one
 * immutable record per state type, dispatched by pattern-matching switches. {@code next == null}
 * on a state that can have a Next means {@code End: true}.
 */
sealed interface State {

    String name();

    /** The ASL type name, which also prefixes the state's history events ({@code TaskStateEntered}). */
    default String type() {
        return switch (this) {
            case Pass _ -> "Pass";
            case Task _ -> "Task";
            case Choice _ -> "Choice";
            case Wait _ -> "Wait";
            case Succeed _ -> "Succeed";
            case Fail _ -> "Fail";
            case Parallel _ -> "Parallel";
            case MapState _ -> "Map";
        };
    }

    /** Every state name this state can transition to (Next, Default, Choices, Catch). */
    default List<String> targets() {
        List<String> targets = new ArrayList<>();
        switch (this) {
            case Pass p -> addIfSet(targets, p.next());
            case Task t -> {
                addIfSet(targets, t.next());
                t.errors().catchers().forEach(c -> targets.add(c.next()));
            }
            case Choice c -> {
                c.choices().forEach(rule -> targets.add(rule.next()));
                addIfSet(targets, c.defaultNext());
            }
            case Wait w -> addIfSet(targets, w.next());
            case Succeed _, Fail _ -> { }
            case Parallel p -> {
                addIfSet(targets, p.next());
                p.errors().catchers().forEach(c -> targets.add(c.next()));
            }
            case MapState m -> {
                addIfSet(targets, m.next());
                m.errors().catchers().forEach(c -> targets.add(c.next()));
            }
        }
        return targets;
    }

    /** Whether an execution can end in this state (End: true, Succeed or Fail). */
    default boolean terminal() {
        return switch (this) {
            case Pass p -> p.next() == null;
            case Task t -> t.next() == null;
            case Choice _ -> false;
            case Wait w -> w.next() == null;
            case Succeed _, Fail _ -> true;
            case Parallel p -> p.next() == null;
            case MapState m -> m.next() == null;
        };
    }

    private static void addIfSet(List<String> targets, String name) {
        if (name != null) {
            targets.add(name);
        }
    }

    // ------------------------------------------------------------------ shared parts

    /** A path field: absent means {@code $}; JSON null means "none" ({@code path == null}). */
    record OptPath(JsonPath path) {
        static final OptPath ROOT = new OptPath(JsonPath.parse("$"));
        static final OptPath NULL = new OptPath(null);

        boolean isNull() {
            return path == null;
        }
    }

    /** InputPath and OutputPath. */
    record Io(OptPath inputPath, OptPath outputPath) {
        static final Io DEFAULT = new Io(OptPath.ROOT, OptPath.ROOT);
    }

    /**
     * ResultSelector (null = none) and ResultPath, applied in this order to a Task, Parallel or
     * Map result.
     */
    record ResultHandling(PayloadTemplate resultSelector, OptPath resultPath) {
    }

    record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
                   Integer maxDelaySeconds, boolean fullJitter) {
    }

    record Catcher(List<String> errorEquals, String next, OptPath resultPath) {
    }

    /** Retry and Catch of a Task, Parallel or Map state. */
    record Errors(List<Retrier> retry, List<Catcher> catchers) {
        static final Errors NONE = new Errors(List.of(), List.of());
    }

    /** A set of states with a start: the machine itself, a Parallel branch or a Map's processor. */
    record Scope(String startAt, Map<String, State> states) {
    }

    /** Fail's Error/Cause: a constant, a path or an intrinsic call (exactly one set). */
    record Dynamic(String constant, JsonPath path, Intrinsics.Call call) {
    }

    // ------------------------------------------------------------------ the state types

    record Pass(String name, String next, Io io, PayloadTemplate parameters, JsonNode result, OptPath resultPath)
            implements State {
    }

    /**
     * @param timeoutSeconds   the constant TimeoutSeconds, or null
     * @param heartbeatSeconds the constant HeartbeatSeconds, or null
     */
    record Task(String name, String next, Io io, PayloadTemplate parameters, ResultHandling result, String resource,
                Integer timeoutSeconds, JsonPath timeoutSecondsPath, Integer heartbeatSeconds,
                JsonPath heartbeatSecondsPath, Errors errors) implements State {

        boolean isLambdaArn() {
            return resource.startsWith("arn:aws:lambda:");
        }

        /** The optimized Lambda integration, request-response or callback: FunctionName and Payload in Parameters. */
        boolean isLambdaInvoke() {
            return resource.equals(Definition.LAMBDA_INVOKE) || waitsForTaskToken();
        }

        /** {@code arn:aws:states:::lambda:invoke.waitForTaskToken}: the task ends by its task token. */
        boolean waitsForTaskToken() {
            return resource.equals(Definition.LAMBDA_INVOKE_WAIT_FOR_TASK_TOKEN);
        }
    }

    record Choice(String name, Io io, List<ChoiceRule> choices, String defaultNext) implements State {
    }

    /** Exactly one of seconds, secondsPath, timestamp, timestampPath is set. */
    record Wait(String name, String next, Io io, BigDecimal seconds, JsonPath secondsPath, String timestamp,
                JsonPath timestampPath) implements State {
    }

    record Succeed(String name, Io io) implements State {
    }

    record Fail(String name, Dynamic error, Dynamic cause) implements State {
    }

    record Parallel(String name, String next, Io io, PayloadTemplate parameters, ResultHandling result,
                    List<Scope> branches, Errors errors) implements State {
    }

    /**
     * A Map state, inline or distributed.
     *
     * @param itemSelector   ItemSelector (or the older Parameters), null = the item itself
     * @param maxConcurrency the constant MaxConcurrency (0 = no limit of its own), or null
     * @param distributed    the Distributed Map settings, or null for an inline Map
     */
    record MapState(String name, String next, Io io, JsonPath itemsPath, PayloadTemplate itemSelector,
                    ResultHandling result, Scope processor, Integer maxConcurrency, JsonPath maxConcurrencyPath,
                    Errors errors, DistributedMap distributed) implements State {
    }
}
