package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.readaloud.render.ExecutionLimits;
import dev.readaloud.render.RenderJson;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the state machine definition and the template promise each other and the handlers. */
class RenderDefinitionTest {

    private static final List<String> LAMBDA_TRANSIENT = List.of("Lambda.ServiceException",
            "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException");

    private static JsonNode definition;
    private static String definitionText;
    private static String template;

    @BeforeAll
    static void load() throws IOException {
        definitionText = Files.readString(RepositoryFiles.home().resolve("statemachine/render.asl.json"));
        definition = RenderJson.MAPPER.readTree(definitionText);
        template = Files.readString(RepositoryFiles.home().resolve("template.yaml"));
    }

    @Test
    void everySubstitutionInTheDefinition_isAPublishedVersion_thatTheStateMachineMayInvokeAfterLaterDeploys() {
        Set<String> used = new TreeSet<>();
        Matcher placeholders = Pattern.compile("\\$\\{(\\w+)}").matcher(definitionText);
        while (placeholders.find()) {
            used.add(placeholders.group(1));
        }

        assertThat(used).containsExactlyInAnyOrder("PlanFunctionArn", "SynthesizeChunkFunctionArn",
                "StitchFunctionArn", "RecordFailureFunctionArn");
        for (String name : used) {
            String function = name.replace("Arn", "");
            // A version ARN, not the alias: running executions keep the definition, so the code, they started with.
            assertThat(template).contains(name + ": !Ref " + function + ".Version");
            // Every version, so a running execution may still invoke the one it started with after a deploy.
            assertThat(template).contains("- !Sub \"${" + function + ".Arn}:*\"");
        }
        assertThat(template).doesNotContain(".Alias");
    }

    @Test
    void theMap_runsOneChildExecutionPerChunk_readingItsItemsFromS3_atTheInputsConcurrency() {
        JsonNode map = definition.at("/States/SynthesizeChunks");

        assertThat(map.get("Type").asText()).isEqualTo("Map");
        assertThat(map.at("/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("DISTRIBUTED");
        // Standard, not Express: a chunk may wait on RunPod far longer than Express's five minutes.
        assertThat(map.at("/ItemProcessor/ProcessorConfig/ExecutionType").asText()).isEqualTo("STANDARD");
        assertThat(map.has("ItemsPath")).as("items come from S3, never from a payload").isFalse();
        assertThat(map.has("ItemBatcher")).as("one chunk a child keeps today's scheduling").isFalse();
        assertThat(map.at("/ItemReader/Resource").asText()).isEqualTo("arn:aws:states:::s3:getObject");
        assertThat(map.at("/ItemReader/ReaderConfig/InputType").asText()).isEqualTo("JSON");
        assertThat(map.at("/ItemReader/Parameters/Bucket.$").asText()).isEqualTo("$.items.bucket");
        assertThat(map.at("/ItemReader/Parameters/Key.$").asText()).isEqualTo("$.items.key");
        assertThat(map.get("MaxConcurrencyPath").asText()).isEqualTo("$.maxConcurrency");
        assertThat(map.has("MaxConcurrency")).isFalse();
        assertThat(map.get("ToleratedFailureCount").asInt()).as("one chunk given up fails the render").isZero();
        assertThat(map.get("ResultPath").isNull()).isTrue();
        assertThat(map.at("/ItemSelector/index.$").asText()).isEqualTo("$$.Map.Item.Value.index");
        assertThat(map.at("/ItemSelector/renderId.$").asText()).isEqualTo("$.renderId");
        assertThat(map.at("/ItemProcessor/States/SynthesizeChunk/ResultPath").isNull()).isTrue();
        // Every child returns {}: the Map's result, one output a child, stays far below 256 KiB.
        assertThat(map.at("/ItemProcessor/States/SynthesizeChunk/OutputPath").isNull()).isTrue();
        assertThat((long) ExecutionLimits.MAX_CHUNKS * ExecutionLimits.CHILD_RESULT_BYTES)
                .isLessThan(ExecutionLimits.PAYLOAD_LIMIT_BYTES / 4);
    }

    @Test
    void aChildExecution_staysFarBelowTheHistoryLimit_evenWhenItsChunkSpendsEveryRetry() {
        JsonNode states = definition.at("/States/SynthesizeChunks/ItemProcessor/States");
        int worstCase = ExecutionLimits.CHILD_FIXED_EVENTS;
        for (String task : List.of("SynthesizeChunk", "AbandonChunk")) {
            int attempts = 1;
            for (JsonNode retrier : states.at("/" + task + "/Retry")) {
                attempts += retrier.path("MaxAttempts").asInt(3);
            }
            worstCase += attempts * ExecutionLimits.CHILD_EVENTS_PER_ATTEMPT;
        }

        assertThat(worstCase).isLessThan(ExecutionLimits.HISTORY_EVENT_LIMIT / 50);
    }

    @Test
    void theStateMachinesRole_mayRunItsOwnChildExecutions_andReadOnlyTheItemsObject() {
        assertThat(template).contains("Name: !Sub \"${AWS::StackName}-render\"")
                .contains("Action: states:StartExecution\n"
                        + "              Resource: !Sub \"arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::StackName}-render\"")
                .contains("Action: [states:DescribeExecution, states:StopExecution]\n"
                        + "              Resource: !Sub \"arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${AWS::StackName}-render/*\"")
                .contains("Action: s3:GetObject\n              Resource: !Sub \"${RenderBucket.Arn}/renders/*/items.json\"");
    }

    @Test
    void everyRetry_backsOffWithFullJitterAndACap() {
        List<JsonNode> retries = retriers();

        assertThat(retries).isNotEmpty().allSatisfy(retry -> {
            assertThat(retry.get("JitterStrategy").asText()).isEqualTo("FULL");
            assertThat(retry.get("MaxDelaySeconds").asInt()).isPositive();
            assertThat(retry.get("BackoffRate").asDouble()).isGreaterThan(1.0);
            assertThat(retry.get("IntervalSeconds").asInt()).isPositive();
        });
    }

    @Test
    void everyTask_retriesLambdasTransientErrors_andCatchesIntoTheFailurePath() {
        for (JsonNode task : tasks()) {
            assertThat(errorsRetried(task)).as(task.get("Resource").asText()).containsAll(LAMBDA_TRANSIENT);
        }
        for (String state : List.of("Plan", "SynthesizeChunks", "Stitch")) {
            JsonNode catcher = definition.at("/States/" + state + "/Catch/0");
            assertThat(catcher.get("ErrorEquals").get(0).asText()).isEqualTo("States.ALL");
            assertThat(catcher.get("Next").asText()).isEqualTo("RecordFailure");
        }
        assertThat(definition.at("/States/Failed/ErrorPath").asText()).isEqualTo("$.error");
        assertThat(definition.at("/States/Failed/CausePath").asText()).isEqualTo("$.cause");
    }

    @Test
    void everyTask_retriesPassingStorageTrouble() {
        String storageUnavailable = "dev.readaloud.render.StorageUnavailableException";

        assertThat(classExists(storageUnavailable)).isTrue();
        assertThat(tasks()).hasSize(7).allSatisfy(task ->
                assertThat(errorsRetried(task)).as(task.get("Resource").asText()).contains(storageUnavailable));
    }

    @Test
    void aChunkGivenUp_cancelsItsJob_thenFailsTheMapWithTheChunksOwnError() {
        JsonNode states = definition.at("/States/SynthesizeChunks/ItemProcessor/States");
        JsonNode abandon = states.at("/AbandonChunk");

        assertThat(states.at("/SynthesizeChunk/Catch/0/ErrorEquals/0").asText()).isEqualTo("States.ALL");
        assertThat(states.at("/SynthesizeChunk/Catch/0/Next").asText()).isEqualTo("AbandonChunk");
        assertThat(states.at("/SynthesizeChunk/Catch/0/ResultPath").asText()).isEqualTo("$.failure");
        assertThat(abandon.at("/Resource").asText()).isEqualTo(states.at("/SynthesizeChunk/Resource").asText());
        assertThat(abandon.at("/Parameters/abandon").asBoolean()).isTrue();
        assertThat(abandon.at("/Parameters/failure.$").asText()).as("records the chunk's error").isEqualTo("$.failure");
        assertThat(abandon.at("/ResultPath").isNull()).as("keeps $.failure").isTrue();
        assertThat(abandon.at("/Next").asText()).isEqualTo("ChunkFailed");
        assertThat(abandon.at("/Catch/0/Next").asText()).isEqualTo("ChunkFailed");
        assertThat(states.at("/ChunkFailed/Type").asText()).isEqualTo("Fail");
        assertThat(states.at("/ChunkFailed/ErrorPath").asText()).isEqualTo("$.failure.Error");
        assertThat(states.at("/ChunkFailed/CausePath").asText()).isEqualTo("$.failure.Cause");
    }

    @Test
    void theChunkTask_retriesRunPodsPassingTroubles_butNoPermanentError() {
        JsonNode chunk = definition.at("/States/SynthesizeChunks/ItemProcessor/States/SynthesizeChunk");
        Set<String> retried = errorsRetried(chunk);

        assertThat(retried).contains("dev.readaloud.runpod.RateLimitedException",
                "dev.readaloud.runpod.RunPodUnavailableException", "dev.readaloud.runpod.JobStillRunningException",
                "dev.readaloud.runpod.JobFailedException");
        assertThat(retried).doesNotContain("States.ALL", "States.TaskFailed", "dev.readaloud.runpod.UnauthorizedException",
                "dev.readaloud.runpod.EndpointNotFoundException", "dev.readaloud.runpod.BadRequestException",
                "dev.readaloud.render.MissingChunkException", "dev.readaloud.render.InvalidStepInputException");
        for (String error : retried) {
            if (error.startsWith("dev.readaloud.")) {
                assertThat(classExists(error)).as(error + " is a class of the functions").isTrue();
            }
        }
    }

    @Test
    void badAudioAndEmptyOutput_areRetriedAsNewJobs_aSmallNumberOfTimes() {
        JsonNode chunk = definition.at("/States/SynthesizeChunks/ItemProcessor/States/SynthesizeChunk");

        JsonNode retrier = null;
        for (JsonNode candidate : chunk.get("Retry")) {
            if (candidate.get("ErrorEquals").toString().contains("dev.readaloud.runpod.BadAudioException")) {
                retrier = candidate;
            }
        }
        assertThat(retrier).isNotNull();
        assertThat(retrier.get("ErrorEquals").toString()).contains("dev.readaloud.runpod.EmptyOutputException");
        assertThat(retrier.get("MaxAttempts").asInt()).isBetween(1, 3);
    }

    @Test
    void aFailedRender_cancelsEveryRecordedJob_afterRecordingItsFailure_withoutHidingTheError() {
        JsonNode cancel = definition.at("/States/CancelJobs");

        assertThat(definition.at("/States/RecordFailure/Next").asText()).isEqualTo("CancelJobs");
        assertThat(cancel.at("/Resource").asText())
                .isEqualTo(definition.at("/States/SynthesizeChunks/ItemProcessor/States/SynthesizeChunk/Resource").asText());
        assertThat(cancel.at("/Parameters/cancelJobs").asBoolean()).isTrue();
        assertThat(cancel.at("/ResultPath").isNull()).as("keeps the recorded error and cause").isTrue();
        assertThat(cancel.at("/Next").asText()).isEqualTo("Failed");
        assertThat(cancel.at("/Catch/0/Next").asText()).isEqualTo("Failed");
        assertThat(cancel.at("/Catch/0/ResultPath").asText()).isNotEqualTo("$");
    }

    @Test
    void aStoppedOrTimedOutRender_sweepsItsJobsThroughAnEventBridgeRule() {
        // No Catch runs when an execution is stopped from outside: the template routes that status change.
        assertThat(template).contains("status: [ABORTED, TIMED_OUT]")
                .contains("stateMachineArn: [!Ref RenderStateMachine]")
                .contains("renderId: $.detail.name")
                .contains("InputTemplate: '{\"renderId\": \"<renderId>\", \"cancelJobs\": true}'");
    }

    @Test
    void everyHandlerInTheTemplate_isAClassWithTheProductionConstructor() throws Exception {
        Matcher handlers = Pattern.compile("Handler: ([\\w.]+)::handleRequest").matcher(template);
        List<String> names = new ArrayList<>();
        while (handlers.find()) {
            names.add(handlers.group(1));
        }

        assertThat(names).hasSize(7);
        for (String name : names) {
            assertThat(Class.forName(name).getConstructor()).isNotNull();
        }
    }

    private static List<JsonNode> tasks() {
        List<JsonNode> tasks = new ArrayList<>();
        collectTasks(definition.get("States"), tasks);
        return tasks;
    }

    private static void collectTasks(JsonNode states, List<JsonNode> tasks) {
        states.forEach(state -> {
            if ("Task".equals(state.path("Type").asText())) {
                tasks.add(state);
            }
            if (state.has("ItemProcessor")) {
                collectTasks(state.at("/ItemProcessor/States"), tasks);
            }
        });
    }

    private static List<JsonNode> retriers() {
        return tasks().stream().flatMap(task -> StreamSupport.stream(task.path("Retry").spliterator(), false)).toList();
    }

    private static Set<String> errorsRetried(JsonNode task) {
        Set<String> errors = new TreeSet<>();
        task.path("Retry").forEach(retry -> retry.get("ErrorEquals").forEach(e -> errors.add(e.asText())));
        return errors;
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
