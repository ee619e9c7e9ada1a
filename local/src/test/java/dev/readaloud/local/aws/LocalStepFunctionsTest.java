package dev.readaloud.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.readaloud.local.statemachine.Engine;
import dev.readaloud.local.statemachine.EngineOptions;
import dev.readaloud.local.statemachine.StateMachine;
import dev.readaloud.local.statemachine.TaskFailedException;
import dev.readaloud.render.RenderState;
import dev.readaloud.render.RenderStatus;
import dev.readaloud.render.SfnRenderLauncher;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidExecutionInputException;
import software.amazon.awssdk.services.sfn.model.InvalidNameException;
import software.amazon.awssdk.services.sfn.model.InvalidOutputException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.SendTaskHeartbeatResponse;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessResponse;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * The Step Functions API over the local engine, called through the SDK's own SfnClient: StartExecution,
 * DescribeExecution and the task-token calls of the callback pattern.
 */
class LocalStepFunctionsTest {

    private static final String MACHINE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:readaloud-render";
    private static final String WORK = "arn:aws:lambda:us-east-1:000000000000:function:work";
    private static final String DEFINITION = """
            {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "%s", "End": true}}}
            """.formatted(WORK);

    private final CountDownLatch release = new CountDownLatch(1);
    private LocalStepFunctions api;
    private SfnClient sfn;

    @BeforeEach
    void start() {
        Engine engine = new Engine(resource -> (input, context) -> work(input), EngineOptions.instant());
        api = LocalStepFunctions.start(engine, StateMachine.load(DEFINITION, Map.of()), MACHINE_ARN, (name, event) -> { });
        sfn = SfnClient.builder().endpointOverride(api.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        sfn.close();
        api.close();
    }

    /** Echoes its input once released; fails with the error an input names. */
    private JsonNode work(JsonNode input) throws TaskFailedException {
        if (input.has("fail")) {
            throw new TaskFailedException(input.get("fail").asText(), "{\"errorMessage\":\"chunk 3 gave up\"}");
        }
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return input;
    }

    @Test
    void startExecution_runsTheMachineAndDescribeExecutionFollowsItToSucceeded() throws Exception {
        StartExecutionResponse started = sfn.startExecution(b -> b.stateMachineArn(MACHINE_ARN).name("render-1")
                .input("{\"renderId\":\"render-1\"}"));

        assertThat(started.executionArn()).isEqualTo("arn:aws:states:us-east-1:000000000000:execution:readaloud-render:render-1");
        assertThat(started.startDate()).isNotNull();
        DescribeExecutionResponse running = sfn.describeExecution(b -> b.executionArn(started.executionArn()));
        assertThat(running.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(running.name()).isEqualTo("render-1");
        assertThat(running.stateMachineArn()).isEqualTo(MACHINE_ARN);
        assertThat(running.input()).isEqualTo("{\"renderId\":\"render-1\"}");
        assertThat(running.stopDate()).isNull();

        release.countDown();
        DescribeExecutionResponse done = awaitEnd(started.executionArn());
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output()).isEqualTo("{\"renderId\":\"render-1\"}");
        assertThat(done.stopDate()).isAfterOrEqualTo(done.startDate());
        assertThat(api.calls("StartExecution")).isEqualTo(1);
    }

    @Test
    void startExecution_withTheNameOfARunningExecutionAndTheSameInput_returnsThatExecution() {
        String first = sfn.startExecution(b -> b.stateMachineArn(MACHINE_ARN).name("same").input("{}")).executionArn();
        String again = sfn.startExecution(b -> b.stateMachineArn(MACHINE_ARN).name("same").input("{}")).executionArn();

        assertThat(again).isEqualTo(first);
    }

    @Test
    void startExecution_withAUsedNameAndOtherInputOrAfterTheEnd_isExecutionAlreadyExists() throws Exception {
        String arn = sfn.startExecution(b -> b.stateMachineArn(MACHINE_ARN).name("used").input("{}")).executionArn();

        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(MACHINE_ARN).name("used").input("{\"x\":1}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class)
                .hasMessageContaining("Execution Already Exists: '" + arn + "'");
        release.countDown();
        awaitEnd(arn);
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(MACHINE_ARN).name("used").input("{}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
    }

    @Test
    void startExecution_refusesOtherMachinesBadNamesAndInputThatIsNotJson() {
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(MACHINE_ARN.replace("readaloud-render", "other"))))
                .isInstanceOf(StateMachineDoesNotExistException.class);
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn("not-an-arn")))
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(MACHINE_ARN).name("has space")))
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(MACHINE_ARN).name("n").input("{oops")))
                .isInstanceOf(InvalidExecutionInputException.class);
    }

    @Test
    void describeExecution_ofAnUnknownExecution_isExecutionDoesNotExist() {
        assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn(
                "arn:aws:states:us-east-1:000000000000:execution:readaloud-render:nobody")))
                .isInstanceOf(ExecutionDoesNotExistException.class)
                .hasMessageContaining("Execution Does Not Exist");
        assertThatThrownBy(() -> sfn.describeExecution(b -> b.executionArn("arn:nope")))
                .isInstanceOf(InvalidArnException.class);
    }

    @Test
    void describeExecution_ofAFailedExecution_carriesTheErrorAndCause() throws Exception {
        String arn = sfn.startExecution(b -> b.stateMachineArn(MACHINE_ARN).name("fails")
                .input("{\"fail\":\"dev.readaloud.runpod.JobFailedException\"}")).executionArn();

        DescribeExecutionResponse done = awaitEnd(arn);

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("dev.readaloud.runpod.JobFailedException");
        assertThat(done.cause()).contains("chunk 3 gave up");
    }

    @Test
    void anOperationItDoesNotImplement_isUnknownOperation() {
        assertThatThrownBy(() -> sfn.listExecutions(b -> b.stateMachineArn(MACHINE_ARN)))
                .isInstanceOfSatisfying(SfnException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnknownOperationException");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("not ListExecutions");
                });
    }

    @Test
    void anUnsignedRequest_isRefusedAsMissingAuthenticationToken() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(api.endpoint())
                .header("X-Amz-Target", "AWSStepFunctions.DescribeExecution")
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString("{\"executionArn\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
        assertThat(response.body()).contains("\"__type\":\"com.amazon.coral.service#MissingAuthenticationTokenException\"");
    }

    @Test
    void sfnRenderLauncher_startsOnceAndReadsPendingRunningAndSucceeded() throws Exception {
        SfnRenderLauncher launcher = new SfnRenderLauncher(sfn, MACHINE_ARN);
        String id = "0123456789abcdef0123456789abcdef";

        assertThat(launcher.status(id).state()).isEqualTo(RenderState.PENDING);
        launcher.start(id, "{\"renderId\":\"" + id + "\",\"maxConcurrency\":3}");
        launcher.start(id, "{\"renderId\":\"" + id + "\",\"maxConcurrency\":3}");
        assertThat(launcher.status(id).state()).isEqualTo(RenderState.RUNNING);
        release.countDown();
        awaitEnd(launcher.executionArn(id));

        RenderStatus status = launcher.status(id);
        assertThat(status.state()).isEqualTo(RenderState.SUCCEEDED);
        assertThat(api.calls("StartExecution")).isEqualTo(2);
    }

    @Test
    void sendTaskSuccess_endsAWaitForTaskTokenTask_withThatOutput() throws Exception {
        try (Callbacks callbacks = new Callbacks()) {
            String arn = callbacks.sfn.startExecution(b -> b.stateMachineArn(MACHINE_ARN).name("approved")
                    .input("{\"renderId\":\"r1\"}")).executionArn();
            String token = callbacks.nextToken();
            assertThat(callbacks.sfn.describeExecution(b -> b.executionArn(arn)).status()).isEqualTo(ExecutionStatus.RUNNING);

            SendTaskHeartbeatResponse beat = callbacks.sfn.sendTaskHeartbeat(b -> b.taskToken(token));
            SendTaskSuccessResponse success = callbacks.sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"approved\":true}"));

            assertThat(beat.sdkHttpResponse().statusCode()).isEqualTo(200);
            assertThat(success.sdkHttpResponse().statusCode()).isEqualTo(200);
            DescribeExecutionResponse done = awaitEnd(callbacks.sfn, arn);
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.output()).isEqualTo("{\"renderId\":\"r1\",\"review\":{\"approved\":true}}");
            // A token is accepted once; after its task ended, AWS answers TaskTimedOut.
            assertThatThrownBy(() -> callbacks.sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")))
                    .isInstanceOfSatisfying(TaskTimedOutException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TaskTimedOut");
                    });
            assertThatThrownBy(() -> callbacks.sfn.sendTaskHeartbeat(b -> b.taskToken(token)))
                    .isInstanceOf(TaskTimedOutException.class);
            assertThat(callbacks.api.calls("SendTaskSuccess")).isEqualTo(2);
        }
    }

    @Test
    void sendTaskFailure_failsTheTask_withThatErrorAndCause() throws Exception {
        try (Callbacks callbacks = new Callbacks()) {
            String arn = callbacks.sfn.startExecution(b -> b.stateMachineArn(MACHINE_ARN).name("rejected")).executionArn();
            String token = callbacks.nextToken();

            callbacks.sfn.sendTaskFailure(b -> b.taskToken(token).error("Review.Rejected").cause("too quiet"));

            DescribeExecutionResponse done = awaitEnd(callbacks.sfn, arn);
            assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(done.error()).isEqualTo("Review.Rejected");
            assertThat(done.cause()).isEqualTo("too quiet");
            assertThatThrownBy(() -> callbacks.sfn.sendTaskFailure(b -> b.taskToken(token).error("Again")))
                    .isInstanceOf(TaskTimedOutException.class);
        }
    }

    @Test
    void taskTokenCalls_refuseForgedTokensBadOutputAndMissingFields_asAwsDoes() throws Exception {
        try (Callbacks callbacks = new Callbacks()) {
            String arn = callbacks.sfn.startExecution(b -> b.stateMachineArn(MACHINE_ARN).name("refusals")).executionArn();
            String token = callbacks.nextToken();
            String forged = token.substring(0, 20) + (token.charAt(20) == 'A' ? 'B' : 'A') + token.substring(21);

            assertThatThrownBy(() -> callbacks.sfn.sendTaskSuccess(b -> b.taskToken(forged).output("{}")))
                    .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
            assertThatThrownBy(() -> callbacks.sfn.sendTaskFailure(b -> b.taskToken("nonsense")))
                    .isInstanceOf(InvalidTokenException.class);
            assertThatThrownBy(() -> callbacks.sfn.sendTaskHeartbeat(b -> b.taskToken("nonsense")))
                    .isInstanceOf(InvalidTokenException.class);
            assertThatThrownBy(() -> callbacks.sfn.sendTaskSuccess(b -> b.taskToken(token).output("{not json")))
                    .isInstanceOfSatisfying(InvalidOutputException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
            String big = "\"" + "x".repeat(256 * 1024) + "\"";
            assertThatThrownBy(() -> callbacks.sfn.sendTaskSuccess(b -> b.taskToken(token).output(big)))
                    .isInstanceOfSatisfying(SfnException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.statusCode()).isEqualTo(400);
                    });
            assertThatThrownBy(() -> callbacks.sfn.sendTaskHeartbeat(b -> { }))
                    .isInstanceOfSatisfying(SfnException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage()).contains("'taskToken'"));

            // None of it touched the task: the real token still ends it.
            callbacks.sfn.sendTaskSuccess(b -> b.taskToken(token).output("\"ok\""));
            assertThat(awaitEnd(callbacks.sfn, arn).output()).isEqualTo("{\"review\":\"ok\"}");
        }
    }

    /** A second API whose machine has a .waitForTaskToken task; its function hands the token over. */
    private static final class Callbacks implements AutoCloseable {
        private static final String CALLBACK_DEFINITION = """
                {"StartAt": "Review", "States": {"Review": {"Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken", "TimeoutSeconds": 20,
                  "Parameters": {"FunctionName": "%s", "Payload": {"token.$": "$$.Task.Token"}},
                  "ResultPath": "$.review", "End": true}}}""".formatted(WORK);

        final BlockingQueue<String> tokens = new LinkedBlockingQueue<>();
        final LocalStepFunctions api;
        final SfnClient sfn;

        Callbacks() {
            Engine engine = new Engine(resource -> (input, context) -> {
                tokens.add(input.get("token").asText());
                return input;
            }, EngineOptions.instant());
            api = LocalStepFunctions.start(engine, StateMachine.load(CALLBACK_DEFINITION, Map.of()), MACHINE_ARN, (name, event) -> { });
            sfn = SfnClient.builder().endpointOverride(api.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
                    .httpClient(UrlConnectionHttpClient.create()).build();
        }

        String nextToken() throws InterruptedException {
            String token = tokens.poll(10, TimeUnit.SECONDS);
            assertThat(token).as("the function got the task token").isNotNull();
            return token;
        }

        @Override
        public void close() {
            sfn.close();
            api.close();
        }
    }

    private DescribeExecutionResponse awaitEnd(String executionArn) throws InterruptedException {
        return awaitEnd(sfn, executionArn);
    }

    private static DescribeExecutionResponse awaitEnd(SfnClient sfn, String executionArn) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(executionArn));
            if (execution.status() != ExecutionStatus.RUNNING) {
                return execution;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("execution " + executionArn + " still running after 10 s");
    }

}
