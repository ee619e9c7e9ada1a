package dev.readaloud.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readaloud.local.s3.EmbeddedS3;
import dev.readaloud.local.statemachine.TaskFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functions in the real runtime interface client behind the real Runtime Interface Emulator. These
 * fail, not skip, when aws-lambda-rie is not installed (.ci/lambda-runtime-tools, run by ./run-tests).
 */
class EmulatedFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path HOME = Path.of(System.getProperty("readaloud.home", ".."));
    private static final String BUCKET = "readaloud";

    @TempDir
    static Path dir;

    private static EmbeddedS3 s3;
    private static AwsEndpoint aws;
    private static RuntimeFiles files;
    private static SamTemplate template;
    private static final ConcurrentLinkedQueue<String> logLines = new ConcurrentLinkedQueue<>();
    private static final LogSink LOGS = (function, line) -> {
        logLines.add(function + " " + line);
        // Surefire keeps this in target/surefire-reports, next to the test's report.
        System.out.println(function + " | " + line);
    };

    @BeforeAll
    static void start() throws Exception {
        files = RuntimeFiles.locate(HOME);
        s3 = EmbeddedS3.start(null);
        s3.createBucket(BUCKET);
        aws = AwsEndpoint.of(s3.endpoint(), "us-east-1", s3.accessKey(), s3.secretKey());
        template = SamTemplate.load(HOME.resolve("template.yaml"), SamTemplateTest.REQUIRED_PARAMETERS,
                Map.of("RenderBucket", BUCKET, "RenderStateMachine", SamTemplateTest.RESOURCES.get("RenderStateMachine"), "RenderApi", "local-api"));
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
    }

    private static FunctionSpec probe(Duration timeout, boolean snapStart) {
        return new FunctionSpec("ProbeFunction", ProbeHandler.HANDLER, 256, timeout,
                Map.of("FROM_TEMPLATE", "yes"), 512, snapStart);
    }

    @Test
    void realHandler_throughItsNoArgConstructor_writesToS3WithContainerCredentialsOnly() throws Exception {
        try (LambdaEmulator emulator = LambdaEmulator.start(files, aws, LOGS, 2)) {
            EmulatedFunction recordFailure = emulator.function(template.function("RecordFailureFunction"));
            String event = Files.readString(HOME.resolve("events/record-failure.json"));

            String answer = recordFailure.invoke(event);

            assertThat(JSON.readTree(answer).path("error").asText()).isEqualTo("dev.readaloud.runpod.JobFailedException");
            String key = "renders/0123456789abcdef0123456789abcdef/failure.json";
            String written = s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
            assertThat(JSON.readTree(written).path("error").asText()).isEqualTo("dev.readaloud.runpod.JobFailedException");
            assertThat(emulator.credentials().requestCount()).isPositive();
        }
    }

    @Test
    void realHandler_badInput_isAFunctionErrorNamedByItsExceptionClass() throws Exception {
        try (LambdaEmulator emulator = LambdaEmulator.start(files, aws, LOGS, 1)) {
            EmulatedFunction plan = emulator.function(template.function("PlanFunction"));

            assertThatThrownBy(() -> plan.invoke("{\"renderId\":\"not-a-render-id\",\"maxConcurrency\":3}"))
                    .isInstanceOfSatisfying(TaskFailedException.class, failure -> {
                        assertThat(failure.error()).isEqualTo("dev.readaloud.render.InvalidStepInputException");
                        JsonNode cause = parse(failure.cause());
                        assertThat(cause.path("errorType").asText()).isEqualTo("dev.readaloud.render.InvalidStepInputException");
                        assertThat(cause.path("errorMessage").asText()).contains("renderId must be 32 lowercase hex digits");
                        assertThat(cause.path("stackTrace").isArray()).isTrue();
                    });
        }
    }

    @Test
    void snapStartFunction_runsItsCracHooks_andSeesOnlyLambdasVariablesAndNoAccessKeys() throws Exception {
        RuntimeFiles probeFiles = ProbeHandler.deploymentPackage(files, dir.resolve("env-probe"));
        try (LambdaEmulator emulator = LambdaEmulator.start(probeFiles, aws, LOGS, 1)) {
            EmulatedFunction function = emulator.function(probe(Duration.ofSeconds(30), true), Map.of("EXTRA_FROM_CALLER", "1"));
            JsonNode answer = JSON.readTree(function.invoke("{}"));

            assertThat(answer.path("hooks")).extracting(JsonNode::asText).containsExactly("beforeCheckpoint", "afterRestore");
            assertThat(function.restores()).isOne();
            assertThat(JSON.readTree(function.invoke("{}")).path("hooks")).hasSize(2);

            JsonNode env = answer.path("env");
            assertThat(env.has("AWS_ACCESS_KEY_ID")).isFalse();
            assertThat(env.has("AWS_SECRET_ACCESS_KEY")).isFalse();
            assertThat(env.has("AWS_SESSION_TOKEN")).isFalse();
            assertThat(env.path("AWS_CONTAINER_CREDENTIALS_FULL_URI").asText()).isEqualTo(emulator.credentials().uri().toString());
            assertThat(env.path("AWS_CONTAINER_AUTHORIZATION_TOKEN").asText()).isEqualTo(emulator.credentials().token());
            assertThat(env.path("_HANDLER").asText()).isEqualTo(ProbeHandler.HANDLER);
            assertThat(env.path("AWS_LAMBDA_FUNCTION_NAME").asText()).isEqualTo("ProbeFunction");
            assertThat(env.path("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText()).isEqualTo("256");
            assertThat(env.path("AWS_LAMBDA_LOG_FORMAT").asText()).isEqualTo("JSON");
            assertThat(env.path("AWS_LAMBDA_INITIALIZATION_TYPE").asText()).isEqualTo("snap-start");
            assertThat(env.path("AWS_REGION").asText()).isEqualTo("us-east-1");
            assertThat(env.path("AWS_ENDPOINT_URL").asText()).isEqualTo(s3.endpoint().toString());
            assertThat(env.path("TZ").asText()).isEqualTo(":UTC");
            assertThat(env.path("FROM_TEMPLATE").asText()).isEqualTo("yes");
            assertThat(env.path("EXTRA_FROM_CALLER").asText()).isEqualTo("1");
            // Nothing of the test JVM's own environment reaches the function.
            for (String inherited : System.getenv().keySet()) {
                if (!List.of("PATH", "JAVA_HOME", "LANG", "TZ").contains(inherited) && !inherited.startsWith("AWS_")) {
                    assertThat(env.has(inherited)).as("inherited variable %s", inherited).isFalse();
                }
            }
            // The heap is sized from MemorySize as the managed runtime sizes it, not from this machine's memory.
            assertThat(answer.path("maxHeapBytes").asLong()).isLessThanOrEqualTo(256L * 1024 * 1024 * JvmOptions.HEAP_PERCENT / 100);
        }
    }

    @Test
    void functionError_isReportedWithTheErrorTypeAsErrorAndThePayloadAsCause() throws Exception {
        RuntimeFiles probeFiles = ProbeHandler.deploymentPackage(files, dir.resolve("error-probe"));
        try (LambdaEmulator emulator = LambdaEmulator.start(probeFiles, aws, LOGS, 1)) {
            EmulatedFunction function = emulator.function(probe(Duration.ofSeconds(30), false));

            assertThatThrownBy(() -> function.invoke("{\"fail\":\"chunk 4 failed\"}"))
                    .isInstanceOfSatisfying(TaskFailedException.class, failure -> {
                        assertThat(failure.error()).isEqualTo("probe.Probe$ProbeFailure");
                        JsonNode cause = parse(failure.cause());
                        assertThat(cause.path("errorType").asText()).isEqualTo("probe.Probe$ProbeFailure");
                        assertThat(cause.path("errorMessage").asText()).isEqualTo("chunk 4 failed");
                        assertThat(cause.path("stackTrace").get(0).asText()).startsWith("probe.Probe.handleRequest(Probe.java:");
                    });
            // The environment survives a function error, warm; without SnapStart no CRaC hook runs.
            JsonNode answer = JSON.readTree(function.invoke("{}"));
            assertThat(answer.has("pid")).isTrue();
            assertThat(answer.path("hooks")).isEmpty();
            assertThat(answer.path("env").path("AWS_LAMBDA_INITIALIZATION_TYPE").asText()).isEqualTo("on-demand");
            assertThat(function.environmentsStarted()).isEqualTo(1);
        }
    }

    @Test
    void timeout_isSandboxTimedoutAndTheNextInvocationGetsAFreshRuntime() throws Exception {
        RuntimeFiles probeFiles = ProbeHandler.deploymentPackage(files, dir.resolve("timeout-probe"));
        try (LambdaEmulator emulator = LambdaEmulator.start(probeFiles, aws, LOGS, 1)) {
            EmulatedFunction function = emulator.function(probe(Duration.ofSeconds(5), false));
            long firstPid = JSON.readTree(function.invoke("{}")).path("pid").asLong();

            assertThatThrownBy(() -> function.invoke("{\"sleepMillis\":8000}"))
                    .isInstanceOfSatisfying(TaskFailedException.class, failure -> {
                        assertThat(failure.error()).isEqualTo("Sandbox.Timedout");
                        JsonNode cause = parse(failure.cause());
                        assertThat(cause.path("errorType").asText()).isEqualTo("Sandbox.Timedout");
                        assertThat(cause.path("errorMessage").asText()).endsWith("Task timed out after 5.00 seconds");
                    });
            long nextPid = JSON.readTree(function.invoke("{}")).path("pid").asLong();
            assertThat(nextPid).isNotEqualTo(firstPid);
            assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
    }

    @Test
    void concurrentInvocations_runInSeparateEnvironmentsThatStayWarm_andCloseLeavesNoProcess() throws Exception {
        RuntimeFiles probeFiles = ProbeHandler.deploymentPackage(files, dir.resolve("pool-probe"));
        List<ProcessHandle> processes;
        try (LambdaEmulator emulator = LambdaEmulator.start(probeFiles, aws, LOGS, 4)) {
            EmulatedFunction function = emulator.function(probe(Duration.ofSeconds(30), true));
            ExecutorService callers = Executors.newFixedThreadPool(2);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                answers.add(callers.submit(() -> function.invoke("{\"sleepMillis\":1500}")));
            }
            long first = JSON.readTree(answers.get(0).get()).path("pid").asLong();
            long second = JSON.readTree(answers.get(1).get()).path("pid").asLong();
            callers.shutdown();

            assertThat(first).isNotEqualTo(second);
            assertThat(function.environmentsStarted()).isEqualTo(2);
            long warm = JSON.readTree(function.invoke("{}")).path("pid").asLong();
            assertThat(warm).isIn(first, second);
            assertThat(function.environmentsStarted()).isEqualTo(2);
            processes = function.processes();
            // Two emulators, each with its runtime (and the env wrapper's exec'd java is the same process).
            assertThat(processes).hasSizeGreaterThanOrEqualTo(4);
        }
        for (ProcessHandle process : processes) {
            assertThat(process.isAlive()).as("process %d after close()", process.pid()).isFalse();
        }
        assertThat(logLines).anyMatch(line -> line.startsWith("ProbeFunction REPORT RequestId:"));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
