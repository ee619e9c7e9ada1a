package dev.readaloud.local.runtime;

import dev.readaloud.lambda.GetRenderHandler;
import dev.readaloud.lambda.PlanHandler;
import dev.readaloud.lambda.RecordFailureHandler;
import dev.readaloud.lambda.StartRenderHandler;
import dev.readaloud.lambda.StitchHandler;
import dev.readaloud.lambda.SynthesizeChunkHandler;
import dev.readaloud.local.s3.EmbeddedS3;
import dev.readaloud.local.statemachine.Engine;
import dev.readaloud.local.statemachine.EngineOptions;
import dev.readaloud.local.statemachine.LambdaTaskResource;
import dev.readaloud.local.statemachine.StateMachine;
import dev.readaloud.local.statemachine.TaskResource;
import dev.readaloud.local.worker.LocalWorker;
import dev.readaloud.render.EnvironmentVariables;
import dev.readaloud.render.RenderConfig;
import dev.readaloud.runpod.RunPodClient;
import dev.readaloud.runpod.RunPodConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything a render needs on one machine: the embedded S3 server, a RunPod endpoint (the
 * local worker, or a real one), the very handler classes the Lambdas run, and the project's
 * state machine file run by the local engine. Used by {@code readaloud render}, {@code serve}
 * and the end-to-end tests.
 */
public final class LocalRuntime implements AutoCloseable {

    /** The bucket the embedded S3 server holds renders in. */
    public static final String BUCKET = "readaloud";

    private static final String ACCOUNT_PREFIX = "arn:aws:lambda:us-east-1:000000000000:function:readaloud-";

    private final EmbeddedS3 s3;
    private final LocalWorker worker;
    private final RenderConfig config;
    private final RenderHistories histories = new RenderHistories();
    private final LocalRenderLauncher launcher;
    private final StartRenderHandler startRender;
    private final GetRenderHandler getRender;

    private LocalRuntime(EmbeddedS3 s3, LocalWorker worker, RenderConfig config, RunPodClient runPod,
                         LocalRuntimeOptions options) throws IOException {
        this.s3 = s3;
        this.worker = worker;
        this.config = config;
        Map<String, TaskResource> functions = new HashMap<>();
        functions.put(ACCOUNT_PREFIX + "plan", lambda(new PlanHandler(config, s3.client()), "plan", Duration.ofSeconds(120)));
        functions.put(ACCOUNT_PREFIX + "synthesize-chunk", lambda(new SynthesizeChunkHandler(config, s3.client(), runPod),
                "synthesize-chunk", options.chunkTimeout()));
        functions.put(ACCOUNT_PREFIX + "stitch", lambda(new StitchHandler(config, s3.client()),
                "stitch", Duration.ofMinutes(15)));
        functions.put(ACCOUNT_PREFIX + "record-failure", lambda(new RecordFailureHandler(config, s3.client()),
                "record-failure", Duration.ofSeconds(30)));
        Map<String, String> substitutions = Map.of(
                "PlanFunctionArn", ACCOUNT_PREFIX + "plan",
                "SynthesizeChunkFunctionArn", ACCOUNT_PREFIX + "synthesize-chunk",
                "StitchFunctionArn", ACCOUNT_PREFIX + "stitch",
                "RecordFailureFunctionArn", ACCOUNT_PREFIX + "record-failure");
        StateMachine machine = StateMachine.load(Files.readString(options.definition()), substitutions);
        Engine engine = new Engine(functions::get, new EngineOptions(options.timeScale(), options.jitterSeed()));
        this.launcher = new LocalRenderLauncher(engine, machine, histories::record);
        this.startRender = new StartRenderHandler(config, s3.client(), launcher);
        this.getRender = new GetRenderHandler(config, s3.client(), s3.presigner(), launcher);
    }

    /**
     * Starts the embedded S3 server (files under the data directory) and, unless a RunPod endpoint
     * is given, a local worker; then wires the handlers and the state machine.
     */
    public static LocalRuntime start(LocalRuntimeOptions options)
            throws IOException {
        EmbeddedS3 s3 = null;
        LocalWorker worker = null;
        try {
            s3 = EmbeddedS3.start(Files.createDirectories(options.dataDirectory().resolve("s3")));
            s3.createBucket(BUCKET);
            RunPodConfig runPodConfig;
            if (options.endpoint() == null) {
                worker = LocalWorker.start(options.worker());
                runPodConfig = RunPodConfig.of(worker.baseUrl(), worker.endpointId(), options.worker().apiKey());
            } else {
                runPodConfig = RunPodConfig.of(options.endpoint().baseUrl(), options.endpoint().endpointId(),
                        options.endpoint().apiKey());
            }
            Map<String, String> env = options.environment(BUCKET);
            // Like the chunk function in AWS: each job asks RunPod to give up after the execution timeout.
            runPodConfig = runPodConfig.withPolicy(Duration.ofMillis(new EnvironmentVariables(env)
                    .integer("RUNPOD_EXECUTION_TIMEOUT_MS", 600_000, 100, 86_400_000)), Duration.ofHours(1));
            RunPodClient runPod = new RunPodClient(runPodConfig, HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10)).build());
            RenderConfig config = RenderConfig.fromEnvironment(env);
            return new LocalRuntime(s3, worker, config, runPod, options);
        } catch (IOException | RuntimeException e) {
            closeQuietly(worker);
            closeQuietly(s3);
            throw e;
        }
    }

    private static TaskResource lambda(Object handler, String name, Duration timeout) {
        return new LambdaTaskResource(handler, "readaloud-" + name, timeout);
    }

    public RenderConfig config() {
        return config;
    }

    public EmbeddedS3 s3() {
        return s3;
    }

    /** The local worker, or null when a real RunPod endpoint is used. */
    public LocalWorker worker() {
        return worker;
    }

    /** Every render's execution history, as it happens. */
    public RenderHistories histories() {
        return histories;
    }

    public LocalRenderLauncher launcher() {
        return launcher;
    }

    public StartRenderHandler startRenderHandler() {
        return startRender;
    }

    public GetRenderHandler getRenderHandler() {
        return getRender;
    }

    @Override
    public void close() {
        launcher.close();
        closeQuietly(worker);
        closeQuietly(s3);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Shutting down: nothing useful to do with a failure to close.
        }
    }

    /** A real RunPod endpoint: {@code https://api.runpod.ai/v2/{endpointId}} split into its parts. */
    public record Endpoint(URI baseUrl, String endpointId, String apiKey) {

        /** Splits an endpoint URL whose last path segment is the endpoint id. */
        public static Endpoint parse(String url, String apiKey) {
            URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
            String path = uri.getPath() == null ? "" : uri.getPath();
            int slash = path.lastIndexOf('/');
            if (!uri.isAbsolute() || slash < 0 || slash == path.length() - 1) {
                throw new IllegalArgumentException(
                        "--endpoint must be a RunPod endpoint URL like https://api.runpod.ai/v2/ENDPOINT_ID, got " + url);
            }
            return new Endpoint(uri.resolve(path.substring(0, slash)), path.substring(slash + 1), apiKey);
        }
    }
}
