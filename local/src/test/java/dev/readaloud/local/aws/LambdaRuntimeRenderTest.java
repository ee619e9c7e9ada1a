package dev.readaloud.local.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.readaloud.audio.WavInfo;
import dev.readaloud.audio.WavReader;
import dev.readaloud.local.lambda.AwsEndpoint;
import dev.readaloud.local.lambda.EmulatedFunction;
import dev.readaloud.local.lambda.LambdaEmulator;
import dev.readaloud.local.lambda.RuntimeFiles;
import dev.readaloud.local.lambda.SamTemplate;
import dev.readaloud.local.runtime.LocalRender;
import dev.readaloud.local.runtime.LocalRuntime;
import dev.readaloud.local.runtime.LocalRuntimeOptions;
import dev.readaloud.local.s3.S3ItemSource;
import dev.readaloud.local.statemachine.Engine;
import dev.readaloud.local.statemachine.EngineClock;
import dev.readaloud.local.statemachine.EngineOptions;
import dev.readaloud.local.statemachine.StateMachine;
import dev.readaloud.local.statemachine.TaskResource;
import dev.readaloud.local.worker.LocalWorker;
import dev.readaloud.local.worker.WorkerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole render in the Lambda-runtime tier: all six functions of template.yaml in the AWS Lambda Java
 * runtime interface client behind the Runtime Interface Emulator, each built by its no-arg constructor
 * from template.yaml's environment and SnapStart's container credentials only; S3 and Secrets Manager
 * on LocalStack (on the host, no Docker); Step Functions as {@link LocalStepFunctions} over the local
 * engine; RunPod as the local worker. Driven like API Gateway drives it: POST /renders, then
 * GET /renders/{id} until it succeeds, then the presigned audioUrl.
 */
class LambdaRuntimeRenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path HOME = TestLocalStack.repository();
    private static final String BUCKET = "readaloud-renders";
    private static final String STATE_MACHINE_ARN = LocalRuntime.STATE_MACHINE_ARN;
    private static final List<String> ALL_FUNCTIONS = List.of("StartRenderFunction", "GetRenderFunction", "PlanFunction",
            "SynthesizeChunkFunction", "StitchFunction", "RecordFailureFunction");
    /** About 900 characters: three chunks at template.yaml's ChunkMaxChars (400) and ChunkPlanWidth (3). */
    private static final String TEXT = """
            The keeper climbed the stairs at dusk, as he had done every evening for eleven years, and \
            polished the great lens until the last of the salt was gone from it. Below him the sea was \
            calm, and the boats came home one by one, their lamps swinging in the dark.

            When the supply boat missed its third crossing in a row he rationed the coffee, then the tea, \
            and finally his patience. Still the lamp was lit at dusk, and still it turned until morning, \
            because a light that is sometimes dark is worse than no light at all.

            In spring a letter came from the mainland. It said the light would be automated within the \
            year, and thanked him for his service. He read it twice, folded it small, and went up the \
            stairs to polish the lens.""";

    @TempDir
    static Path dir;

    private static LocalStack localStack;
    private static LocalWorker worker;
    private static LambdaEmulator emulator;
    private static LocalStepFunctions stepFunctions;
    private static S3Client itemReaderS3;
    private static SamTemplate template;
    private static Map<String, String> templateEnvironment;

    @BeforeAll
    static void deploy() throws Exception {
        localStack = LocalStack.start(TestLocalStack.installation(), dir.resolve("localstack"));
        worker = LocalWorker.start(workerOptions());
        LocalStackRenderAccount account = LocalStackRenderAccount.create(localStack, BUCKET, worker.options().apiKey());
        template = SamTemplate.load(HOME.resolve("template.yaml"), Map.of(
                        "RunPodEndpointId", worker.endpointId(),
                        "RunPodApiKeySecretArn", account.apiKeySecretArn(),
                        "RunPodBaseUrl", worker.baseUrl().toString(),
                        "Voice", "synthetic"),
                Map.of("RenderBucket", account.bucket(), "RenderStateMachine", STATE_MACHINE_ARN, "RenderApi", "local-api"));
        templateEnvironment = template.function("PlanFunction").environment();
        // Role credentials as LocalStack takes them; SnapStart functions only ever see them through the
        // container credentials endpoint.
        RuntimeFiles files = RuntimeFiles.locate(HOME);
        emulator = LambdaEmulator.start(files,
                AwsEndpoint.of(localStack.endpoint(), LocalStack.REGION.id(), "test", "test"),
                (function, line) -> System.out.println(function + " | " + line), 3);
        Map<String, TaskResource> tasks = EmulatedStateMachineFunctions.resources(emulator, template, Map.of());
        StateMachine machine = StateMachine.load(Files.readString(HOME.resolve("statemachine/render.asl.json")),
                EmulatedStateMachineFunctions.substitutions());
        // The Distributed Map's ItemReader reads the plan's items from LocalStack's S3, as Step Functions
        // reads them from S3 with the state machine's role.
        itemReaderS3 = localStack.s3();
        stepFunctions = LocalStepFunctions.start(new Engine((state, resource) -> tasks.get(resource),
                        new EngineOptions(0, 7), EngineClock.SYSTEM, new S3ItemSource(itemReaderS3)), machine,
                STATE_MACHINE_ARN, (execution, event) -> { });
    }

    @AfterAll
    static void undeploy() {
        for (AutoCloseable part : new AutoCloseable[] {stepFunctions, itemReaderS3, emulator, worker, localStack}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    // Keep closing the rest.
                }
            }
        }
    }

    private static WorkerOptions workerOptions() {
        return WorkerOptions.defaults().withVoice("synthetic").withWorkers(3)
                .withApiKey("local-" + UUID.randomUUID());
    }

    /** The API functions reach Step Functions at LocalStepFunctions and everything else at LocalStack. */
    private static EmulatedFunction apiFunction(String logicalId) {
        return apiFunction(emulator, stepFunctions, logicalId);
    }

    private static EmulatedFunction apiFunction(LambdaEmulator emulator, LocalStepFunctions stepFunctions,
                                                String logicalId) {
        return emulator.function(template.function(logicalId),
                Map.of("AWS_ENDPOINT_URL_SFN", stepFunctions.endpoint().toString()));
    }

    @Test
    void postThenPollThenDownload_givesTheSameWavAsTheInProcessRender() throws Exception {
        ObjectNode body = JSON.createObjectNode().put("text", TEXT).put("voice", "synthetic").put("concurrency", 3);

        JsonNode started = call(apiFunction("StartRenderFunction"), startEvent(body.toString()));
        assertThat(started.path("statusCode").asInt()).as(started.toString()).isEqualTo(202);
        String renderId = JSON.readTree(started.path("body").asText()).path("renderId").asText();
        JsonNode done = pollUntilFinished(apiFunction("GetRenderFunction"), renderId, Duration.ofMinutes(4));
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        byte[] wav = download(URI.create(done.path("audioUrl").asText()));

        WavInfo info = WavReader.inspect(wav);
        assertThat(info.frames()).isPositive();
        assertThat(done.path("progress").path("chunksDone").asInt()).isEqualTo(3);
        assertThat(wav).as("the same text rendered in-process with the same settings").isEqualTo(inProcessRender());

        // SnapStart's credentials: only from the container endpoint, and they were fetched.
        assertThat(emulator.credentials().requestCount()).isPositive();
        assertThat(emulator.credentials().refusedCount()).isZero();
        // Each function's handler was built by its no-arg constructor in processes of its own.
        Set<Long> seen = new HashSet<>();
        for (String logicalId : ALL_FUNCTIONS) {
            EmulatedFunction function = emulator.function(template.function(logicalId));
            if (logicalId.equals("RecordFailureFunction")) {
                continue; // only the Catch path of a failed render invokes it
            }
            assertThat(function.environmentsStarted()).as(logicalId).isPositive();
            List<Long> pids = function.processes().stream().map(ProcessHandle::pid).toList();
            assertThat(pids).as(logicalId + "'s processes").isNotEmpty();
            assertThat(Collections.disjoint(pids, seen)).as(logicalId + " shares no process with another function").isTrue();
            seen.addAll(pids);
        }
        assertThat(seen).doesNotContain(ProcessHandle.current().pid());
        assertThat(stepFunctions.calls("StartExecution")).isEqualTo(1);
        assertThat(stepFunctions.calls("DescribeExecution")).isPositive();
    }

    @Test
    void callbackMode_chunkTasksWaitForTokens_theWebhookFunctionEndsThem_andTheWavIsTheSame() throws Exception {
        // A deployment of its own: the chunk and webhook functions call SendTaskSuccess on this Step Functions,
        // and RunPod (the local worker) reports each job's end to the webhook route, as API Gateway would pass it.
        Map<String, TaskResource> tasks = new ConcurrentHashMap<>();
        StateMachine machine = StateMachine.load(Files.readString(HOME.resolve("statemachine/render.asl.json")),
                EmulatedStateMachineFunctions.substitutions());
        try (LambdaEmulator callbackEmulator = LambdaEmulator.start(RuntimeFiles.locate(HOME),
                     AwsEndpoint.of(localStack.endpoint(), LocalStack.REGION.id(), "test", "test"),
                     (function, line) -> System.out.println(function + " | " + line), 3);
             LocalStepFunctions callbackStepFunctions = LocalStepFunctions.start(new Engine(
                     (state, resource) -> tasks.get(resource), new EngineOptions(0, 7), EngineClock.SYSTEM,
                     new S3ItemSource(itemReaderS3)), machine, STATE_MACHINE_ARN, (execution, event) -> { });
             EmulatedWebhookRoute webhooks = EmulatedWebhookRoute.start(HOME)) {
            Map<String, String> callbackEnvironment = Map.of(
                    "RUNPOD_WAIT_MODE", "callback",
                    "RUNPOD_CALLBACK_TIMEOUT_SECONDS", "120",
                    "RUNPOD_WEBHOOK_URL", webhooks.url().toString(),
                    "AWS_ENDPOINT_URL_SFN", callbackStepFunctions.endpoint().toString());
            tasks.putAll(EmulatedStateMachineFunctions.resources(callbackEmulator, template, callbackEnvironment));
            EmulatedFunction webhook = callbackEmulator.function(template.function("RunPodWebhookFunction"),
                    callbackEnvironment);
            webhooks.forwardTo(webhook);
            long delivered = worker.stats().webhooksDelivered();
            // Every chunk new: the shared chunk store may hold them from the other test's render.
            ObjectNode body = JSON.createObjectNode().put("text", TEXT).put("voice", "synthetic").put("concurrency", 3)
                    .put("reuse", false);

            JsonNode started = call(apiFunction(callbackEmulator, callbackStepFunctions, "StartRenderFunction"),
                    startEvent(body.toString()));
            String renderId = JSON.readTree(started.path("body").asText()).path("renderId").asText();
            JsonNode done = pollUntilFinished(apiFunction(callbackEmulator, callbackStepFunctions, "GetRenderFunction"),
                    renderId, Duration.ofMinutes(4));

            assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
            assertThat(download(URI.create(done.path("audioUrl").asText())))
                    .as("the poll mode's bytes, rendered in-process").isEqualTo(inProcessRender());
            assertThat(worker.stats().webhooksDelivered() - delivered).isEqualTo(3);
            assertThat(webhooks.answers()).as("every webhook accepted once").containsExactly(200, 200, 200);
            assertThat(callbackStepFunctions.calls("SendTaskSuccess")).isEqualTo(3);
            assertThat(webhook.environmentsStarted()).isPositive();
        }
    }

    private static JsonNode pollUntilFinished(EmulatedFunction getRender, String renderId, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode view = null;
        while (System.nanoTime() < deadline) {
            JsonNode response = call(getRender, getEvent(renderId));
            assertThat(response.path("statusCode").asInt()).as(response.toString()).isEqualTo(200);
            view = JSON.readTree(response.path("body").asText());
            String status = view.path("status").asText();
            if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
                return view;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("render " + renderId + " not finished after " + timeout + ": " + view);
    }

    /** The same request through LocalRuntime: in-process handlers, embedded S3, its own local worker. */
    private static byte[] inProcessRender() throws Exception {
        Map<String, String> env = new HashMap<>(templateEnvironment);
        env.remove("RENDER_BUCKET");
        Path data = dir.resolve("in-process");
        Path out = dir.resolve("in-process.wav");
        try (LocalRuntime runtime = LocalRuntime.start(new LocalRuntimeOptions(data,
                HOME.resolve("statemachine/render.asl.json"), workerOptions(), null, env, 0, 7, Duration.ofMinutes(2)))) {
            LocalRender.render(runtime, new LocalRender.Request(TEXT, "synthetic", 3, 0, 0), out, timeline -> { });
        }
        return Files.readAllBytes(out);
    }

    private static JsonNode call(EmulatedFunction function, ObjectNode event) throws Exception {
        return JSON.readTree(function.invoke(event.toString()));
    }

    private static ObjectNode startEvent(String body) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(HOME.resolve("events/start-render.json").toFile());
        ((ObjectNode) event.path("headers")).put("idempotency-key", "lambda-runtime-" + UUID.randomUUID());
        event.put("body", body);
        return event;
    }

    private static ObjectNode getEvent(String renderId) throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(HOME.resolve("events/get-render.json").toFile());
        String path = "/renders/" + renderId;
        event.put("rawPath", path);
        ((ObjectNode) event.path("pathParameters")).put("id", renderId);
        ((ObjectNode) event.path("requestContext").path("http")).put("path", path);
        return event;
    }

    private static byte[] download(URI audioUrl) throws Exception {
        assertThat(audioUrl.toString()).startsWith(localStack.endpoint() + "/" + BUCKET + "/renders/");
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(audioUrl).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("GET presigned audioUrl").isEqualTo(200);
        return response.body();
    }

}
