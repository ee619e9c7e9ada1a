package dev.readaloud.local.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readaloud.local.statemachine.Engine;
import dev.readaloud.local.statemachine.ExecutionResult;
import dev.readaloud.local.statemachine.HistoryEvent;
import dev.readaloud.local.statemachine.StateMachine;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The executions of one state machine, run by the local engine with StartExecution's rules: a name is
 * used once per state machine; starting a running execution again with the same input returns it,
 * anything else with that name is ExecutionAlreadyExists.
 */
final class LocalExecutions implements AutoCloseable {

    /** Step Functions' cap on an execution's input, in UTF-8 bytes. */
    static final int MAX_INPUT_BYTES = 256 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern STATE_MACHINE_ARN = Pattern.compile("arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:stateMachine:[^:]+");
    private static final Pattern EXECUTION_ARN = Pattern.compile("arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:execution:[^:]+:[^:]+");
    /** AWS forbids whitespace, brackets, wildcards, these specials and control characters in names. */
    private static final Pattern FORBIDDEN_IN_NAME = Pattern.compile("[\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\x00-\\x1f\\x7f-\\x9f]");
    private static final int MAX_NAME_LENGTH = 80;

    private final Engine engine;
    private final StateMachine machine;
    private final String stateMachineArn;
    private final BiConsumer<String, HistoryEvent> events;
    private final Clock clock;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, LocalExecution> byName = new ConcurrentHashMap<>();

    /**
     * @param stateMachineArn the one state machine these executions belong to
     * @param events          gets each execution's history events with the execution name
     */
    LocalExecutions(Engine engine, StateMachine machine, String stateMachineArn,
                    BiConsumer<String, HistoryEvent> events, Clock clock) {
        if (!STATE_MACHINE_ARN.matcher(stateMachineArn).matches()) {
            throw new IllegalArgumentException("not a state machine ARN: " + stateMachineArn);
        }
        this.engine = engine;
        this.machine = machine;
        this.stateMachineArn = stateMachineArn;
        this.events = events;
        this.clock = clock;
    }

    String stateMachineArn() {
        return stateMachineArn;
    }

    /** StartExecution: the new execution, or the running one of that name when the input is the same. */
    LocalExecution start(String requestedMachineArn, String requestedName, String requestedInput) {
        requireOwnMachine(requestedMachineArn);
        String name = requestedName == null ? UUID.randomUUID().toString() : requireValidName(requestedName);
        String input = requestedInput == null ? "{}" : requestedInput;
        JsonNode inputJson = parseInput(input);
        String executionArn = stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":" + name;
        LocalExecution[] created = new LocalExecution[1];
        LocalExecution execution = byName.computeIfAbsent(name,
                n -> created[0] = launch(executionArn, n, input, inputJson));
        if (execution == created[0] || execution.input().equals(input) && execution.running()) {
            return execution;
        }
        throw new StepFunctionsException(StepFunctionsError.EXECUTION_ALREADY_EXISTS,
                "Execution Already Exists: '" + executionArn + "'");
    }

    /** DescribeExecution's subject. */
    LocalExecution describe(String executionArn) {
        if (executionArn == null || !EXECUTION_ARN.matcher(executionArn).matches()) {
            throw new StepFunctionsException(StepFunctionsError.INVALID_ARN, "Invalid Arn: '" + executionArn + "'");
        }
        String prefix = stateMachineArn.replaceFirst(":stateMachine:", ":execution:") + ":";
        LocalExecution execution = executionArn.startsWith(prefix)
                ? byName.get(executionArn.substring(prefix.length())) : null;
        if (execution == null) {
            throw new StepFunctionsException(StepFunctionsError.EXECUTION_DOES_NOT_EXIST,
                    "Execution Does Not Exist: '" + executionArn + "'");
        }
        return execution;
    }

    private LocalExecution launch(String executionArn, String name, String input, JsonNode inputJson) {
        CompletableFuture<LocalExecution.Ended> end = new CompletableFuture<>();
        LocalExecution execution = new LocalExecution(executionArn, name, input, clock.instant(), end);
        runs.submit(() -> {
            ExecutionResult result;
            try {
                result = engine.run(machine, name, inputJson, event -> events.accept(name, event));
            } catch (RuntimeException e) {
                // The engine refuses before running (a Task without a resource): Step Functions would fail the run.
                result = new ExecutionResult(ExecutionResult.Status.FAILED, null, "States.Runtime",
                        String.valueOf(e.getMessage()), List.of());
            }
            end.complete(new LocalExecution.Ended(result, clock.instant()));
        });
        return execution;
    }

    private void requireOwnMachine(String arn) {
        if (arn == null || !STATE_MACHINE_ARN.matcher(arn).matches()) {
            throw new StepFunctionsException(StepFunctionsError.INVALID_ARN, "Invalid Arn: '" + arn + "'");
        }
        if (!arn.equals(stateMachineArn)) {
            throw new StepFunctionsException(StepFunctionsError.STATE_MACHINE_DOES_NOT_EXIST,
                    "State Machine Does Not Exist: '" + arn + "'");
        }
    }

    private static String requireValidName(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || FORBIDDEN_IN_NAME.matcher(name).find()) {
            throw new StepFunctionsException(StepFunctionsError.INVALID_NAME, "Invalid Name: '" + name + "'");
        }
        return name;
    }

    private static JsonNode parseInput(String input) {
        if (input.getBytes(StandardCharsets.UTF_8).length > MAX_INPUT_BYTES) {
            throw new StepFunctionsException(StepFunctionsError.VALIDATION, "1 validation error detected: Value at "
                    + "'input' failed to satisfy constraint: Member must have length less than or equal to " + MAX_INPUT_BYTES);
        }
        try {
            return MAPPER.readTree(input);
        } catch (JsonProcessingException e) {
            throw new StepFunctionsException(StepFunctionsError.INVALID_EXECUTION_INPUT,
                    "Invalid State Machine Execution Input: the input is not JSON");
        }
    }

    /** Stops every running execution (their task threads are interrupted). */
    @Override
    public void close() {
        runs.shutdownNow();
    }
}
