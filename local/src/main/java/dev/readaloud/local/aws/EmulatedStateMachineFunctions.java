package dev.readaloud.local.aws;

import dev.readaloud.local.lambda.LambdaEmulator;
import dev.readaloud.local.lambda.SamTemplate;
import dev.readaloud.local.statemachine.TaskResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The render state machine's Lambda tasks as emulated functions: template.yaml fills each
 * {@code ${XFunctionArn}} of render.asl.json with {@code !Ref XFunction.Version}, a published
 * version's ARN; here that ARN names the emulated function of logical id XFunction.
 */
public final class EmulatedStateMachineFunctions {

    /** The functions the state machine invokes, by logical id, each filling {@code ${<id>Arn}}. */
    static final List<String> LOGICAL_IDS = List.of("PlanFunction", "SynthesizeChunkFunction", "StitchFunction",
            "RecordFailureFunction");

    private EmulatedStateMachineFunctions() {
    }

    /** render.asl.json's DefinitionSubstitutions: {@code PlanFunctionArn -> arn:aws:lambda:...:function:PlanFunction:1}, ... */
    public static Map<String, String> substitutions() {
        Map<String, String> substitutions = new LinkedHashMap<>();
        for (String logicalId : LOGICAL_IDS) {
            substitutions.put(logicalId + "Arn", versionArn(logicalId));
        }
        return substitutions;
    }

    /**
     * The task resources by function ARN: each the template's function in {@code emulator}, with the
     * template's environment plus {@code extraEnvironment}.
     */
    public static Map<String, TaskResource> resources(LambdaEmulator emulator, SamTemplate template,
                                                      Map<String, String> extraEnvironment) {
        Map<String, TaskResource> resources = new LinkedHashMap<>();
        for (String logicalId : LOGICAL_IDS) {
            resources.put(versionArn(logicalId), emulator.function(template.function(logicalId), extraEnvironment));
        }
        return resources;
    }

    private static String versionArn(String logicalId) {
        return "arn:aws:lambda:" + LocalStack.REGION.id() + ":" + LocalStack.ACCOUNT_ID + ":function:" + logicalId + ":1";
    }
}
