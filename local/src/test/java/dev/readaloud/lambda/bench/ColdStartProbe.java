package dev.readaloud.lambda.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.readaloud.lambda.GetRenderHandler;
import dev.readaloud.lambda.PlanHandler;
import dev.readaloud.lambda.RecordFailureHandler;
import dev.readaloud.lambda.StartRenderHandler;
import dev.readaloud.lambda.StitchHandler;
import dev.readaloud.lambda.SynthesizeChunkHandler;
import dev.readaloud.render.RenderConfig;
import dev.readaloud.render.RenderJson;
import dev.readaloud.render.RunPodSettings;
import dev.readaloud.render.SfnRenderLauncher;
import dev.readaloud.runpod.RunPodClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Runs in a fresh JVM per measurement (started by {@link ColdStartBenchmark}): builds one handler the
 * way its no-arg constructor does (configuration, SDK clients with the chosen HTTP client), invokes it
 * once with its sample event and prints {@code initMs invokeMs status}. Endpoints and keys come as
 * arguments; the embedded S3 runs in the parent process, so its start is not measured.
 *
 * <p>Arguments: handler httpClient(urlconnection|crt) s3Endpoint sfnEndpoint accessKey secretKey bucket home
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        String handler = args[0];
        if (handler.equals("JvmOnly")) {
            // The baseline: a JVM that starts, runs main and answers, with nothing of the functions loaded.
            System.out.println("0 0 baseline");
            System.exit(0);
        }
        String httpClient = args[1];
        URI s3Endpoint = URI.create(args[2]);
        URI sfnEndpoint = URI.create(args[3]);
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(args[4], args[5]));
        String bucket = args[6];
        Path events = Path.of(args[7], "events");

        Map<String, String> env = new HashMap<>(Map.of("RENDER_BUCKET", bucket));
        RenderConfig config = RenderConfig.fromEnvironment(env);
        S3Client s3 = S3Client.builder().endpointOverride(s3Endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(httpClient(httpClient))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        Object result;
        long initNanos;
        long invokeNanos;
        switch (handler) {
            case "StartRender", "GetRender" -> {
                SfnClient sfn = SfnClient.builder().endpointOverride(sfnEndpoint).region(Region.US_EAST_1)
                        .credentialsProvider(credentials).httpClient(httpClient(httpClient)).build();
                SfnRenderLauncher launcher = new SfnRenderLauncher(sfn,
                        "arn:aws:states:us-east-1:123456789012:stateMachine:readaloud");
                if (handler.equals("StartRender")) {
                    StartRenderHandler start = new StartRenderHandler(config, s3, launcher);
                    initNanos = System.nanoTime();
                    APIGatewayV2HTTPEvent event = httpEvent(events.resolve("start-render.json"));
                    result = start.handleRequest(event, null).getStatusCode();
                } else {
                    S3Presigner presigner = S3Presigner.builder().endpointOverride(s3Endpoint).region(Region.US_EAST_1)
                            .credentialsProvider(credentials)
                            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
                    GetRenderHandler get = new GetRenderHandler(config, s3, presigner, launcher);
                    initNanos = System.nanoTime();
                    APIGatewayV2HTTPEvent event = httpEvent(events.resolve("get-render.json"));
                    result = get.handleRequest(event, null).getStatusCode();
                }
            }
            case "Plan" -> {
                PlanHandler plan = new PlanHandler(config, s3);
                initNanos = System.nanoTime();
                result = plan.handleRequest(step(events, "plan.json"), null).get("chunkCount");
            }
            case "SynthesizeChunk" -> {
                RunPodSettings settings = RunPodSettings.fromEnvironment(Map.of("RUNPOD_ENDPOINT_ID", "bench",
                        "RUNPOD_API_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:bench",
                        "RUNPOD_BASE_URL", "http://127.0.0.1:9"));
                SynthesizeChunkHandler chunk = new SynthesizeChunkHandler(config, s3,
                        new RunPodClient(settings.clientConfig("bench-key"), HttpClient.newHttpClient()));
                initNanos = System.nanoTime();
                result = chunk.handleRequest(step(events, "synthesize-chunk.json"), null).get("reused");
            }
            case "Stitch" -> {
                StitchHandler stitch = new StitchHandler(config, s3);
                initNanos = System.nanoTime();
                result = stitch.handleRequest(step(events, "stitch.json"), null).get("bytes");
            }
            case "RecordFailure" -> {
                RecordFailureHandler failure = new RecordFailureHandler(config, s3);
                initNanos = System.nanoTime();
                result = failure.handleRequest(step(events, "record-failure.json"), null).get("error");
            }
            default -> throw new IllegalArgumentException("unknown handler " + handler);
        }
        invokeNanos = System.nanoTime();
        System.out.println((initNanos - started) / 1_000_000 + " " + (invokeNanos - initNanos) / 1_000_000 + " " + result);
        System.exit(0);
    }

    /**
     * The sample API Gateway event, read with plain Jackson: the runtime parses the event before the
     * handler runs with its own serializer, whose cost is not the handler's (and whose test-library copy
     * needs Joda time, which the deployment package leaves out).
     */
    private static APIGatewayV2HTTPEvent httpEvent(Path file) throws java.io.IOException {
        return RenderJson.MAPPER.copy()
                .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(file.toFile(), APIGatewayV2HTTPEvent.class);
    }

    /** Step Functions inputs arrive as plain JSON maps, as the Lambda runtime deserializes them. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> step(Path events, String name) throws java.io.IOException {
        return RenderJson.MAPPER.readValue(events.resolve(name).toFile(), Map.class);
    }

    /** The HTTP client by name; the CRT one is loaded by name because only its benchmark classpath holds it. */
    private static SdkHttpClient httpClient(String name) throws ReflectiveOperationException {
        return switch (name) {
            case "urlconnection" -> software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create();
            case "crt" -> (SdkHttpClient) Class.forName("software.amazon.awssdk.http.crt.AwsCrtHttpClient")
                    .getMethod("create").invoke(null);
            default -> throw new IllegalArgumentException("unknown HTTP client " + name);
        };
    }
}
