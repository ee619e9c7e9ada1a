package dev.readaloud.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Loading: substitutions, validations beyond the conformance cases, the task resource map. */
class DefinitionTest {

    private static final String TASK = """
            {"StartAt": "Plan", "States": {
              "Plan": {"Type": "Task", "Resource": "${PlanArn}", "Next": "Chunks"},
              "Chunks": {"Type": "Map", "End": true, "ItemProcessor": {"StartAt": "Synth", "States": {
                "Synth": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "${SynthArn}", "Payload.$": "$"}, "End": true}}}}}}""";

    @Test
    void substitutions_areAppliedAndTaskResourcesListed() {
        // AWS SAM docs: "AWS::Serverless::StateMachine" > DefinitionSubstitutions.
        StateMachine machine = StateMachine.load(TASK, Map.of("PlanArn", "arn:aws:lambda:local:0:function:plan",
                "SynthArn", "arn:aws:lambda:local:0:function:synth"));

        assertThat(machine.taskResources()).containsExactly(
                Map.entry("Plan", "arn:aws:lambda:local:0:function:plan"),
                Map.entry("Synth", "arn:aws:lambda:local:0:function:synth"));
        assertThat(machine.stateNames()).containsExactly("Plan", "Chunks", "Synth");
        assertThat(machine.startAt()).isEqualTo("Plan");
    }

    @Test
    void missingSubstitution_isNamed() {
        assertThatThrownBy(() -> StateMachine.load(TASK, Map.of("PlanArn", "arn:aws:lambda:local:0:function:plan")))
                .isInstanceOf(DefinitionException.class).hasMessage("definition: no DefinitionSubstitutions value for ${SynthArn}");
    }

    @Test
    void unknownResource_failsBeforeTheExecutionStarts() {
        StateMachine machine = StateMachine.load(TASK, Map.of("PlanArn", "arn:aws:lambda:local:0:function:plan",
                "SynthArn", "arn:aws:lambda:local:0:function:synth"));
        Engine engine = new Engine(arn -> arn.endsWith(":synth") ? (input, context) -> TextNode.valueOf("") : null, EngineOptions.instant());

        assertThatThrownBy(() -> engine.run(machine, "e", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("state 'Plan': no task resource for 'arn:aws:lambda:local:0:function:plan'");
    }

    @Test
    void rejections_nameStateAndField() {
        assertRejected("""
                {"StartAt": "A", "States": {"A": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}]}}}""",
                "state 'A': state names must be unique in the whole state machine");
        assertRejected("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:x:1:function:f",
                  "TimeoutSeconds": 5, "HeartbeatSeconds": 5, "End": true}}}""",
                "state 'T': field 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'");
        assertRejected("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true}}}""",
                "state 'T': field 'Parameters' must set FunctionName");
        assertRejected("{\"StartAt\": \"A\", \"StartAt\": \"B\", \"States\": {}}", "definition: not valid JSON: Duplicate field 'StartAt'");
        assertRejected("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "ItemProcessor": {
                  "ProcessorConfig": {"Mode": "SERIAL"}, "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}}}""",
                "state 'M': field 'ItemProcessor.ProcessorConfig.Mode' must be INLINE or DISTRIBUTED");
        assertRejected("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": {}, "End": true}}}""",
                "state 'P': field 'Output' belongs to JSONata or workflow variables");
        assertRejected("""
                {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.a", "NumericEquals": "1", "Next": "E"}]},
                  "E": {"Type": "Succeed"}}}""",
                "state 'C': field 'Choices[0].NumericEquals' has a value of the wrong type");
        assertRejected("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Next": "P"}}}""",
                "definition: no terminal state");
        assertRejected("""
                {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": "States.Format('{}', $.a"}, "End": true}}}""",
                "state 'P' field 'Parameters': 'x.$': invalid intrinsic function");
        assertRejected("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "lambda-f", "End": true}}}""",
                "state 'T': field 'Resource' must be an ARN");
        assertRejected("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:x:1:function:f",
                  "Retry": [{"ErrorEquals": ["X"], "JitterStrategy": "HALF"}], "End": true}}}""",
                "state 'T': field 'Retry[0].JitterStrategy' must be FULL or NONE");
    }

    @Test
    void lambdaInvokeWaitForTaskToken_loadsAndListsItsFunction_withOrWithoutATokenReference() {
        // AWS docs: "Discover service integration patterns in Step Functions" > "Wait for a Callback with Task
        // Token"; "Invoke an AWS Lambda function with Step Functions" (FunctionName, Payload). AWS accepts a
        // .waitForTaskToken task whose Parameters do not pass $$.Task.Token (it can then only time out).
        StateMachine machine = StateMachine.load("""
                {"StartAt": "Ask", "States": {
                  "Ask": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters": {"FunctionName": "arn:aws:lambda:local:0:function:ask", "Payload": {"token.$": "$$.Task.Token"}},
                    "HeartbeatSeconds": 60, "TimeoutSeconds": 3600, "Next": "NoToken"},
                  "NoToken": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters": {"FunctionName.$": "$.function", "Payload": {}}, "TimeoutSeconds": 5, "End": true}}}""", Map.of());

        assertThat(machine.taskResources()).containsExactly(
                Map.entry("Ask", "arn:aws:lambda:local:0:function:ask"),
                Map.entry("NoToken", "arn:aws:states:::lambda:invoke.waitForTaskToken"));
    }

    @Test
    void callbackAndSyncIntegrations_otherThanLambdaInvokeWaitForTaskToken_areRejectedByName() {
        assertRejected("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "End": true}}}""",
                "state 'T': field 'Resource' 'arn:aws:states:::sqs:sendMessage.waitForTaskToken' uses the callback pattern"
                        + " (.waitForTaskToken) with a service this engine does not run; it runs only"
                        + " arn:aws:states:::lambda:invoke.waitForTaskToken");
        assertRejected("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
                  "Parameters": {"StateMachineArn": "arn:aws:states:x:1:stateMachine:m"}, "End": true}}}""",
                "state 'T': field 'Resource' 'arn:aws:states:::states:startExecution.waitForTaskToken' uses the callback pattern");
        assertRejected("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
                  "Parameters": {"StateMachineArn": "arn:aws:states:x:1:stateMachine:m"}, "End": true}}}""",
                "state 'T': field 'Resource' 'arn:aws:states:::states:startExecution.sync' uses the .sync (run a job) integration"
                        + " pattern, which this engine does not support");
        assertRejected("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                  "Parameters": {"StateMachineArn": "arn:aws:states:x:1:stateMachine:m"}, "End": true}}}""",
                "state 'T': field 'Resource' 'arn:aws:states:::states:startExecution.sync:2' uses the .sync (run a job)");
        assertRejected("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters": {"Payload": {"token.$": "$$.Task.Token"}}, "End": true}}}""",
                "state 'T': field 'Parameters' must set FunctionName for arn:aws:states:::lambda:invoke.waitForTaskToken");
        assertRejected("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "End": true}}}""",
                "state 'T': field 'Parameters' must set FunctionName for arn:aws:states:::lambda:invoke.waitForTaskToken");
        assertRejected("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters": {"FunctionName": "f"}, "TimeoutSeconds": 2, "HeartbeatSeconds": 2, "End": true}}}""",
                "state 'T': field 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'");
    }

    @Test
    void intrinsicNesting_isLimitedToTen() {
        String nested = "$.a";
        for (int i = 0; i < 11; i++) {
            nested = "States.Array(" + nested + ")";
        }
        String definition = "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"Parameters\": {\"x.$\": \"" + nested
                + "\"}, \"End\": true}}}";
        assertRejected(definition, "more than 10 nested intrinsic functions");
    }

    private static void assertRejected(String definition, String message) {
        assertThatThrownBy(() -> StateMachine.load(definition, Map.of()))
                .isInstanceOf(DefinitionException.class).hasMessageContaining(message);
    }
}
