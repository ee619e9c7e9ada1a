package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Builds the context object ({@code $$}) of one execution: Execution, State, StateMachine, Task
 * and, inside a Map, Map.Item (AWS developer guide, "Accessing execution data from the Context
 * object"). ARNs use region "local" and account 000000000000.
 */
final class ContextObject {

    static final String ACCOUNT = "000000000000";
    static final String REGION = "local";
    static final String MACHINE_NAME = "local";

    private final String executionName;
    private final String executionArn;
    private final String stateMachineArn;
    private final String stateMachineName;
    private final JsonNode executionInput;
    private final Instant startTime;

    /**
     * @param executionArn    {@code $$.Execution.Id}: {@link #executionArn(String)} for an execution, a
     *                        Map Run child's own ARN for a Distributed Map child
     * @param stateMachineArn {@code $$.StateMachine.Id}
     */
    ContextObject(String executionName, String executionArn, String stateMachineArn, String stateMachineName,
                  JsonNode executionInput, Instant startTime) {
        this.executionName = executionName;
        this.executionArn = executionArn;
        this.stateMachineArn = stateMachineArn;
        this.stateMachineName = stateMachineName;
        this.executionInput = executionInput;
        this.startTime = startTime;
    }

    /**
     * @param token the task token of a Task attempt, or null
     */
    JsonNode forState(String stateName, Instant enteredTime, int retryCount, String token) {
        ObjectNode context = Json.NODES.objectNode();
        ObjectNode execution = context.putObject("Execution");
        execution.put("Id", executionArn);
        execution.set("Input", executionInput);
        execution.put("Name", executionName);
        execution.put("RoleArn", roleArn());
        execution.put("StartTime", timestamp(startTime));
        execution.put("RedriveCount", 0);
        ObjectNode stateNode = context.putObject("State");
        stateNode.put("EnteredTime", timestamp(enteredTime));
        stateNode.put("Name", stateName);
        stateNode.put("RetryCount", retryCount);
        ObjectNode machineNode = context.putObject("StateMachine");
        machineNode.put("Id", stateMachineArn);
        machineNode.put("Name", stateMachineName);
        if (token != null) {
            context.putObject("Task").put("Token", token);
        }
        return context;
    }

    /** A copy of a state's context with {@code Map.Item.Index} and {@code Map.Item.Value}. */
    static JsonNode withMapItem(JsonNode context, int index, JsonNode item) {
        ObjectNode copy = (ObjectNode) context.deepCopy();
        ObjectNode itemNode = copy.putObject("Map").putObject("Item");
        itemNode.put("Index", index);
        itemNode.set("Value", item);
        return copy;
    }

    static String executionArn(String executionName) {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT + ":execution:" + MACHINE_NAME + ":" + executionName;
    }

    /**
     * A Distributed Map child's ARN, as AWS forms it: the parent machine's name and the Map's
     * label, then the child's name.
     */
    static String childExecutionArn(String label, String childName) {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT + ":execution:" + MACHINE_NAME + "/" + label + ":" + childName;
    }

    static String mapRunArn(String label, String mapRunId) {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT + ":mapRun:" + MACHINE_NAME + "/" + label + ":" + mapRunId;
    }

    static String roleArn() {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + MACHINE_NAME;
    }

    static String machineArn() {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:" + MACHINE_NAME;
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
