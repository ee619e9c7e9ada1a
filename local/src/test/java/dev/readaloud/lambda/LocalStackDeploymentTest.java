package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.readaloud.render.RenderJson;
import dev.readaloud.render.RenderResult;
import dev.readaloud.render.RenderStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Architecture;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Deploys what template.yaml deploys (the bucket, the six functions from the functions/ build, the
 * state machine definition) into LocalStack, starts a render through StartRenderHandler and waits for
 * output.wav. RunPod is a RunPod-shaped stub on the host that answers every job with a known WAV.
 * Needs Docker; skipped without it.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackDeploymentTest {

    private static final String BUCKET = "readaloud-renders";
    private static final String ROLE = "arn:aws:iam::000000000000:role/readaloud-lambda";
    private static final String ENDPOINT_ID = "stub-endpoint";

    @Container
    private static final LocalStackContainer LOCALSTACK = new LocalStackContainer("localstack/localstack:4.14.0")
            .withServices("s3", "lambda", "stepfunctions", "secretsmanager", "iam", "logs")
            // Lambda containers reach the RunPod stub on the Docker host.
            .withEnv("LAMBDA_DOCKER_FLAGS", "--add-host=host.docker.internal:host-gateway");

    private static HttpServer runPodStub;
    private static final AtomicInteger JOBS = new AtomicInteger();
    private static final byte[] CHUNK_WAV = TestWavs.sine(440, 400, 16_000);

    @BeforeAll
    static void startRunPodStub() throws IOException {
        runPodStub = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        runPodStub.createContext("/", LocalStackDeploymentTest::answerLikeRunPod);
        runPodStub.start();
    }

    @AfterAll
    static void stopRunPodStub() {
        runPodStub.stop(0);
    }

    /** POST /{endpoint}/run|runsync, GET /{endpoint}/status/{id}, POST /{endpoint}/cancel/{id}: every job COMPLETED. */
    private static void answerLikeRunPod(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        exchange.getRequestBody().readAllBytes();
        String id = path.contains("/status/") || path.contains("/cancel/")
                ? path.substring(path.lastIndexOf('/') + 1) : "job-" + JOBS.incrementAndGet();
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        if (path.endsWith("/run")) {
            body.put("status", "IN_QUEUE");
        } else if (path.contains("/cancel/")) {
            body.put("status", "CANCELLED");
        } else {
            body.put("status", "COMPLETED");
            body.put("delayTime", 12);
            body.put("executionTime", 34);
            body.put("output", Map.of("audio_base64", Base64.getEncoder().encodeToString(CHUNK_WAV)));
        }
        byte[] json = RenderJson.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, json.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
        }
    }

    @Test
    void deployedStack_rendersAReadingIntoOutputWav() throws Exception {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey()));
        Region region = Region.of(LOCALSTACK.getRegion());
        try (S3Client s3 = S3Client.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region)
                     .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                     .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
             LambdaClient lambda = LambdaClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region)
                     .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
             SfnClient sfn = SfnClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(region)
                     .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
             SecretsManagerClient secrets = SecretsManagerClient.builder().endpointOverride(LOCALSTACK.getEndpoint())
                     .region(region).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                     .build()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            String secretArn = secrets.createSecret(b -> b.name("readaloud/runpod").secretString("stub-key")).arn();

            SdkBytes code = SdkBytes.fromByteArray(functionsZip());
            Map<String, String> env = new HashMap<>(Map.of(
                    "RENDER_BUCKET", BUCKET, "MAX_CONCURRENCY", "3", "CHUNK_MAX_CHARS", "60",
                    "CHUNK_MIN_CHARS", "10", "CHUNK_PLAN_WIDTH", "3", "STITCH_CROSSFADE_MS", "0"));
            String plan = createFunction(lambda, code, "plan", "PlanHandler", env);
            Map<String, String> chunkEnv = new HashMap<>(env);
            chunkEnv.putAll(Map.of("RUNPOD_BASE_URL", "http://host.docker.internal:" + runPodStub.getAddress().getPort(),
                    "RUNPOD_ENDPOINT_ID", ENDPOINT_ID, "RUNPOD_API_KEY_SECRET_ARN", secretArn,
                    "CHUNK_SAFETY_MARGIN_MS", "5000"));
            String chunk = createFunction(lambda, code, "synthesize-chunk", "SynthesizeChunkHandler", chunkEnv);
            String stitch = createFunction(lambda, code, "stitch", "StitchHandler", env);
            String failure = createFunction(lambda, code, "record-failure", "RecordFailureHandler", env);

            String definition = Files.readString(RepositoryFiles.home().resolve("statemachine/render.asl.json"))
                    .replace("${PlanFunctionArn}", plan)
                    .replace("${SynthesizeChunkFunctionArn}", chunk)
                    .replace("${StitchFunctionArn}", stitch)
                    .replace("${RecordFailureFunctionArn}", failure);
            String stateMachineArn = sfn.createStateMachine(b -> b.name("readaloud-render").definition(definition)
                    .roleArn("arn:aws:iam::000000000000:role/readaloud-states")).stateMachineArn();
            Map<String, String> startEnv = new HashMap<>(env);
            startEnv.put("STATE_MACHINE_ARN", stateMachineArn);
            createFunction(lambda, code, "start-render", "StartRenderHandler", startEnv);

            SdkBytes startEvent = SdkBytes.fromByteArray(Files.readAllBytes(RepositoryFiles.event("start-render.json")));
            InvokeResponse started = lambda.invoke(b -> b.functionName("start-render").payload(startEvent));
            JsonNode response = RenderJson.MAPPER.readTree(started.payload().asByteArray());
            assertThat(response.get("statusCode").asInt()).as(response.toString()).isEqualTo(202);
            String renderId = RenderJson.MAPPER.readTree(response.get("body").asText()).get("renderId").asText();

            DescribeExecutionResponse execution = awaitEnd(sfn,
                    stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + renderId);
            assertThat(execution.status()).as("%s %s", execution.error(), execution.cause())
                    .isEqualTo(ExecutionStatus.SUCCEEDED);

            byte[] output = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(RenderStore.outputKey(renderId))).asByteArray();
            RenderResult result = RenderJson.MAPPER.readValue(
                    s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(RenderStore.resultKey(renderId))).asByteArray(),
                    RenderResult.class);
            assertThat(new String(output, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
            assertThat(result.sha256()).isEqualTo(HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(output)));
            assertThat(result.chunkCount()).isPositive();
            assertThat(result.chunks()).allSatisfy(timing -> assertThat(timing.jobId()).startsWith("job-"));
            assertThat(JOBS.get()).isGreaterThanOrEqualTo(result.chunkCount());
        }
    }

    private static String createFunction(LambdaClient lambda, SdkBytes code, String name, String handler,
                                         Map<String, String> env) {
        String arn = lambda.createFunction(b -> b.functionName(name)
                .runtime("java25")
                .architectures(Architecture.X86_64)
                .handler("dev.readaloud.lambda." + handler + "::handleRequest")
                .role(ROLE)
                .memorySize(1024)
                .timeout(120)
                .environment(e -> e.variables(env))
                .code(c -> c.zipFile(code))).functionArn();
        lambda.waiter().waitUntilFunctionActiveV2(b -> b.functionName(name));
        return arn;
    }

    private static DescribeExecutionResponse awaitEnd(SfnClient sfn, String executionArn) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(5));
        while (true) {
            DescribeExecutionResponse execution = sfn.describeExecution(b -> b.executionArn(executionArn));
            if (execution.status() != ExecutionStatus.RUNNING || Instant.now().isAfter(giveUp)) {
                return execution;
            }
            Thread.sleep(1_000);
        }
    }

    /** The deployment package as sam build makes it: the classes at the root, the runtime jars under lib/. */
    private static byte[] functionsZip() throws IOException, InterruptedException {
        Path functions = RepositoryFiles.home().resolve("functions");
        Path dependencies = functions.resolve("target/dependency");
        if (!Files.isDirectory(dependencies)) {
            Process copy = new ProcessBuilder("mvn", "-B", "-q", "-f", functions.resolve("pom.xml").toString(),
                    "dependency:copy-dependencies", "-DincludeScope=runtime").inheritIO().start();
            assertThat(copy.waitFor()).as("mvn dependency:copy-dependencies").isZero();
        }
        Path classes = functions.resolve("target/classes");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    zip.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
                    zip.write(Files.readAllBytes(file));
                    zip.closeEntry();
                }
            }
            try (Stream<Path> jars = Files.list(dependencies)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    zip.putNextEntry(new ZipEntry("lib/" + jar.getFileName()));
                    zip.write(Files.readAllBytes(jar));
                    zip.closeEntry();
                }
            }
        }
        return bytes.toByteArray();
    }
}
