package dev.readaloud.local.runtime;

import dev.readaloud.lambda.GetRenderHandler;
import dev.readaloud.lambda.PlanHandler;
import dev.readaloud.lambda.RecordFailureHandler;
import dev.readaloud.lambda.RunPodWebhookHandler;
import dev.readaloud.lambda.StartRenderHandler;
import dev.readaloud.lambda.StitchHandler;
import dev.readaloud.lambda.SynthesizeChunkHandler;
import dev.readaloud.local.lambda.FunctionSpec;
import dev.readaloud.local.lambda.SamTemplate;
import dev.readaloud.local.s3.EmbeddedS3;
import dev.readaloud.local.s3.S3ItemSource;
import dev.readaloud.local.statemachine.Engine;
import dev.readaloud.local.statemachine.EngineClock;
import dev.readaloud.local.statemachine.EngineOptions;
import dev.readaloud.local.statemachine.StateMachine;
import dev.readaloud.local.statemachine.TaskResource;
import dev.readaloud.local.worker.LocalWorker;
import dev.readaloud.render.RenderConfig;
import dev.readaloud.render.RunPodSettings;
import dev.readaloud.render.RunPodWaitMode;
import dev.readaloud.render.TaskCallbacks;
import dev.readaloud.runpod.RunPodClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Everything a render needs on one machine: the embedded S3 server, a RunPod endpoint (the
 * local worker, or a real one), the very handler classes the Lambdas run, and the project's
 * state machine file run by the local engine. Used by {@code readaloud render}, {@code serve}
 * and the end-to-end tests.
 *
 * <p>One wiring path with the Lambdas: each function's environment and timeout come from
 * template.yaml through {@link SamTemplate} (the same {@link FunctionSpec} the emulated Lambda runtime
 * uses), and the handlers' settings are read from that environment by the functions' own factories
 * ({@link RenderConfig#fromEnvironment}, {@link RunPodSettings#fromEnvironment}), with the same variable
 * names, defaults and bounds as on AWS. Only what differs on this machine is set here: the bucket, the
 * local RunPod endpoint, and no object tagging (S3Proxy has none).
 */
public final class LocalRuntime implements AutoCloseable {

    /** The bucket the embedded S3 server holds renders in. */
    public static final String BUCKET = "readaloud";

    /** What !Ref RenderStateMachine stands for on this machine. */
    public static final String STATE_MACHINE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:readaloud-render";

    /** The Secrets Manager ARN the template wants; locally the API key is handed to the client directly. */
    private static final String LOCAL_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:readaloud-local";

    private static final String FUNCTION_ARN_PREFIX = "arn:aws:lambda:us-east-1:000000000000:function:";

    /**
     * What the template's resource references stand for on this machine. RenderApi only names the API in
     * URLs; the one URL a function needs from it (RUNPOD_WEBHOOK_URL) is replaced by the local receiver's.
     */
    public static final Map<String, String> TEMPLATE_RESOURCES = Map.of("RenderBucket", BUCKET,
            "RenderStateMachine", STATE_MACHINE_ARN, "RenderApi", "local-api");

    /** The functions the state machine's DefinitionSubstitutions name, as {@code ${LogicalIdArn}}. */
    private static final List<String> TASK_FUNCTIONS = List.of("PlanFunction", "SynthesizeChunkFunction", "StitchFunction",
            "RecordFailureFunction");

    private final EmbeddedS3 s3;
    private final S3Client s3Client;
    private final LocalWorker worker;
    /** Closed with the runtime, last first (the Lambda-runtime tier's emulator and LocalStack). */
    private final List<AutoCloseable> owned;
    private final RenderConfig config;
    private final RenderHistories histories = new RenderHistories();
    private final LocalRenderLauncher launcher;
    private final StartRenderHandler startRender;
    private final GetRenderHandler getRender;
    private final RunPodWebhookHandler webhook;
    private final FunctionSpec startRenderSpec;
    private final FunctionSpec getRenderSpec;
    private final FunctionSpec webhookSpec;

    private LocalRuntime(EmbeddedS3 s3, LocalWorker worker, LocalFunctions functions, RunPodClient runPod, URI webhookUrl,
                         LocalRuntimeOptions options, LocalApiServer webhookReceiver) throws IOException {
        this.s3 = s3;
        this.s3Client = s3.client();
        this.worker = worker;
        this.owned = webhookReceiver == null ? List.of() : List.of(webhookReceiver);
        TaskCallbacks callbacks = new EngineTaskCallbacks();
        this.config = functions.config("StartRenderFunction");
        this.startRenderSpec = functions.spec("StartRenderFunction");
        this.getRenderSpec = functions.spec("GetRenderFunction");
        Map<String, TaskResource> resources = new HashMap<>();
        resources.put(FUNCTION_ARN_PREFIX + "PlanFunction", functions.task("PlanFunction",
                new PlanHandler(functions.config("PlanFunction"), s3.client())));
        resources.put(FUNCTION_ARN_PREFIX + "SynthesizeChunkFunction", functions.task("SynthesizeChunkFunction",
                new SynthesizeChunkHandler(functions.config("SynthesizeChunkFunction"), s3.client(), runPod, callbacks,
                        webhookUrl)));
        resources.put(FUNCTION_ARN_PREFIX + "StitchFunction", functions.task("StitchFunction",
                new StitchHandler(functions.config("StitchFunction"), s3.client())));
        resources.put(FUNCTION_ARN_PREFIX + "RecordFailureFunction", functions.task("RecordFailureFunction",
                new RecordFailureHandler(functions.config("RecordFailureFunction"), s3.client())));
        Map<String, String> substitutions = new HashMap<>();
        for (String function : TASK_FUNCTIONS) {
            substitutions.put(function + "Arn", FUNCTION_ARN_PREFIX + function);
        }
        StateMachine machine = StateMachine.load(Files.readString(options.definition()), substitutions);
        Engine engine = new Engine((state, resource) -> resources.get(resource),
                new EngineOptions(options.timeScale(), options.jitterSeed()), EngineClock.SYSTEM, new S3ItemSource(s3.client()));
        this.launcher = new LocalRenderLauncher(engine, machine, histories);
        this.startRender = new StartRenderHandler(config, s3.client(), launcher);
        this.getRender = new GetRenderHandler(functions.config("GetRenderFunction"), s3.client(), s3.presigner(), launcher);
        this.webhookSpec = functions.spec("RunPodWebhookFunction");
        this.webhook = new RunPodWebhookHandler(functions.config("RunPodWebhookFunction"), s3.client(), runPod, callbacks);
    }

    /** The Lambda-runtime tier: see {@link #withTasks}. */
    private LocalRuntime(S3Client s3Client, S3Presigner presigner, LocalWorker worker, LocalFunctions functions,
                         Map<String, String> substitutions, Map<String, TaskResource> tasks,
                         LocalRuntimeOptions options, List<AutoCloseable> owned) throws IOException {
        this.s3 = null;
        this.s3Client = s3Client;
        this.worker = worker;
        this.owned = List.copyOf(owned);
        this.config = functions.config("StartRenderFunction");
        this.startRenderSpec = functions.spec("StartRenderFunction");
        this.getRenderSpec = functions.spec("GetRenderFunction");
        StateMachine machine = StateMachine.load(Files.readString(options.definition()), substitutions);
        Engine engine = new Engine((state, resource) -> tasks.get(resource),
                new EngineOptions(options.timeScale(), options.jitterSeed()), EngineClock.SYSTEM, new S3ItemSource(s3Client));
        this.launcher = new LocalRenderLauncher(engine, machine, histories);
        this.startRender = new StartRenderHandler(config, s3Client, launcher);
        this.getRender = new GetRenderHandler(functions.config("GetRenderFunction"), s3Client, presigner, launcher);
        this.webhookSpec = functions.spec("RunPodWebhookFunction");
        this.webhook = null;
    }

    /**
     * A runtime whose state machine runs {@code tasks} (by function ARN, the values of the definition's
     * {@code substitutions}) instead of the in-process handlers, against the S3 of {@code s3Client} and
     * {@code presigner}, which holds the bucket {@link #BUCKET}. The API handlers still run in this JVM,
     * configured from {@code template} like the in-process ones. {@code owned} (LocalStack, the Lambda
     * emulator ...) is closed with the runtime, last first.
     */
    public static LocalRuntime withTasks(LocalRuntimeOptions options, SamTemplate template, S3Client s3Client,
                                         S3Presigner presigner, LocalWorker worker, Map<String, String> substitutions,
                                         Map<String, TaskResource> tasks, List<AutoCloseable> owned) throws IOException {
        return new LocalRuntime(s3Client, presigner, worker, new LocalFunctions(template, options), substitutions, tasks,
                options, owned);
    }

    /**
     * Starts the embedded S3 server (files under the data directory) and, unless a RunPod endpoint
     * is given, a local worker; then wires the handlers and the state machine.
     */
    public static LocalRuntime start(LocalRuntimeOptions options)
            throws IOException {
        EmbeddedS3 s3 = null;
        LocalWorker worker = null;
        LocalApiServer webhookReceiver = null;
        try {
            s3 = EmbeddedS3.start(Files.createDirectories(options.dataDirectory().resolve("s3")));
            s3.createBucket(BUCKET);
            URI baseUrl;
            String endpointId;
            String apiKey;
            if (options.endpoint() == null) {
                worker = LocalWorker.start(options.worker());
                baseUrl = worker.baseUrl();
                endpointId = worker.endpointId();
                apiKey = options.worker().apiKey();
            } else {
                baseUrl = options.endpoint().baseUrl();
                endpointId = options.endpoint().endpointId();
                apiKey = options.endpoint().apiKey();
            }
            Map<String, String> parameters = new HashMap<>(Map.of(
                    "RunPodBaseUrl", baseUrl.toString(),
                    "RunPodEndpointId", endpointId,
                    "RunPodApiKeySecretArn", LOCAL_SECRET_ARN));
            if (worker != null) {
                // The local worker knows its voices: POST /renders refuses any other before a job is paid for.
                parameters.put("Voices", String.join(",", worker.voiceNames()));
            }
            SamTemplate template = SamTemplate.load(options.template(), parameters, TEMPLATE_RESOURCES);
            LocalFunctions functions = new LocalFunctions(template, options);
            if (functions.config("PlanFunction").waitMode() == RunPodWaitMode.CALLBACK) {
                // RunPod (the local worker) reports each job's end to the API's webhook route: bound first, so
                // the chunk function is given its URL as template.yaml gives it the API's.
                webhookReceiver = LocalApiServer.bind(0);
                functions = functions.with("RUNPOD_WEBHOOK_URL", webhookReceiver.baseUrl() + "/runpod-webhooks");
            }
            // The chunk function's own settings, read as the Lambda reads them; only the key is given directly.
            RunPodSettings runPodSettings = RunPodSettings.fromEnvironment(functions.environment("SynthesizeChunkFunction"));
            RunPodClient runPod = new RunPodClient(runPodSettings.clientConfig(apiKey), HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10)).build());
            LocalRuntime runtime = new LocalRuntime(s3, worker, functions, runPod, runPodSettings.webhookUrl(), options,
                    webhookReceiver);
            if (webhookReceiver != null) {
                webhookReceiver.serve(runtime);
            }
            return runtime;
        } catch (IOException | RuntimeException e) {
            closeQuietly(webhookReceiver);
            closeQuietly(worker);
            closeQuietly(s3);
            throw e;
        }
    }

    /** The settings of the API functions (StartRender), as the template gives them. */
    public RenderConfig config() {
        return config;
    }

    /** The embedded S3 server, or null when the runtime uses another S3 ({@link #withTasks}). */
    public EmbeddedS3 s3() {
        return s3;
    }

    /** A client of the S3 holding {@link #BUCKET}. */
    public S3Client s3Client() {
        return s3Client;
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

    /**
     * The RunPodWebhook function's handler (callback mode: RunPod reports a job's end to it), or null in the
     * Lambda-runtime tier.
     */
    public RunPodWebhookHandler webhookHandler() {
        return webhook;
    }

    /**
     * Where RunPod (the local worker) reports job ends in callback mode: the local API's
     * {@code /runpod-webhooks} route; null in poll mode.
     */
    public URI webhookUrl() {
        return owned.stream().filter(LocalApiServer.class::isInstance).map(LocalApiServer.class::cast).findFirst()
                .map(api -> URI.create(api.baseUrl() + "/runpod-webhooks")).orElse(null);
    }

    /** RunPodWebhookFunction as template.yaml configures it. */
    public FunctionSpec webhookFunction() {
        return webhookSpec;
    }

    /** StartRenderFunction as template.yaml configures it (its name, timeout and memory for the handler's Context). */
    public FunctionSpec startRenderFunction() {
        return startRenderSpec;
    }

    /** GetRenderFunction as template.yaml configures it. */
    public FunctionSpec getRenderFunction() {
        return getRenderSpec;
    }

    @Override
    public void close() {
        launcher.close();
        closeQuietly(worker);
        closeQuietly(s3);
        for (int i = owned.size() - 1; i >= 0; i--) {
            closeQuietly(owned.get(i));
        }
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
