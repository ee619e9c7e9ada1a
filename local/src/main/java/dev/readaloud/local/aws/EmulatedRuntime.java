package dev.readaloud.local.aws;

import dev.readaloud.local.lambda.AwsEndpoint;
import dev.readaloud.local.lambda.LambdaEmulator;
import dev.readaloud.local.lambda.RuntimeFiles;
import dev.readaloud.local.lambda.SamTemplate;
import dev.readaloud.local.runtime.LocalRuntime;
import dev.readaloud.local.runtime.LocalRuntimeOptions;
import dev.readaloud.local.statemachine.Engine;
import dev.readaloud.local.statemachine.EngineOptions;
import dev.readaloud.local.statemachine.StateMachine;
import dev.readaloud.local.statemachine.TaskResource;
import dev.readaloud.local.worker.LocalWorker;
import dev.readaloud.local.worker.WorkerOptions;
import dev.readaloud.render.RenderConfig;
import dev.readaloud.render.RunPodWaitMode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@code render --lambda-runtime emulator}: the local runtime with the state machine's functions (Plan,
 * SynthesizeChunk, Stitch, RecordFailure) run as template.yaml deploys them, each in the AWS Lambda Java
 * runtime interface client behind the Runtime Interface Emulator, built by its no-arg constructor from
 * the template's environment and SnapStart's container credentials, against LocalStack on this host (the
 * render bucket, and the RunPod API key as a Secrets Manager secret). The local engine still runs the
 * state machine and the API handlers still run in this JVM, so progress, summary and output are those
 * of the in-process runtime.
 */
public final class EmulatedRuntime {

    private EmulatedRuntime() {
    }

    /**
     * Starts LocalStack (installing it first when missing), the RunPod endpoint (the local worker unless
     * {@code options} names a real one), the Lambda emulator, and the runtime over them.
     *
     * @param repository the checkout: template.yaml, the functions build, .ci/tools
     * @param notices    gets one-line notices for the user (installing, starting)
     */
    public static LocalRuntime start(LocalRuntimeOptions options, Path repository, Consumer<String> notices)
            throws IOException {
        List<AutoCloseable> owned = new ArrayList<>();
        LocalWorker worker = null;
        try {
            RuntimeFiles files = RuntimeFiles.locate(repository);
            LocalStack localStack = LocalStack.start(LocalStackInstallation.ensure(repository, notices),
                    options.dataDirectory().resolve("localstack"));
            owned.add(localStack);
            notices.accept(String.format(Locale.ROOT, "readaloud: LocalStack at %s (started in %.1f s); "
                    + "functions run in the Lambda Runtime Interface Emulator", localStack.endpoint(),
                    localStack.startup().toMillis() / 1000.0));
            URI baseUrl;
            String endpointId;
            String apiKey;
            if (options.endpoint() == null) {
                // The key travels as it does in AWS: stored in Secrets Manager, read by the chunk function.
                WorkerOptions workerOptions = options.worker().apiKey() == null
                        ? options.worker().withApiKey("local-" + UUID.randomUUID()) : options.worker();
                worker = LocalWorker.start(workerOptions);
                baseUrl = worker.baseUrl();
                endpointId = worker.endpointId();
                apiKey = workerOptions.apiKey();
            } else {
                baseUrl = options.endpoint().baseUrl();
                endpointId = options.endpoint().endpointId();
                apiKey = options.endpoint().apiKey();
            }
            LocalStackRenderAccount account = LocalStackRenderAccount.create(localStack, LocalRuntime.BUCKET, apiKey);
            SamTemplate template = SamTemplate.load(repository.resolve("template.yaml"), Map.of(
                            "RunPodBaseUrl", baseUrl.toString(),
                            "RunPodEndpointId", endpointId,
                            "RunPodApiKeySecretArn", account.apiKeySecretArn()),
                    Map.of("RenderBucket", account.bucket(), "RenderStateMachine", LocalRuntime.STATE_MACHINE_ARN, "RenderApi", "local-api"));
            LambdaEmulator emulator = LambdaEmulator.start(files,
                    AwsEndpoint.of(localStack.endpoint(), LocalStack.REGION.id(), "test", "test"),
                    (function, line) -> System.out.println(function + " | " + line),
                    LambdaEmulator.DEFAULT_MAX_ENVIRONMENTS);
            owned.add(emulator);
            // Like sam local invoke --env-vars: the command's settings (concurrency cap, voice ...) over the template's.
            Map<String, String> extras = new HashMap<>(options.environment());
            EmulatedWebhookRoute webhooks = null;
            if (RenderConfig.fromEnvironment(planEnvironment(template, extras)).waitMode() == RunPodWaitMode.CALLBACK) {
                // RunPod reports job ends to the webhook route, whose function (and the chunk function, for a chunk
                // stored already) ends the chunk's task through the Step Functions API. This one starts no
                // executions: task tokens are the engine's, and any local API in this JVM answers for them.
                webhooks = EmulatedWebhookRoute.start(repository);
                owned.add(webhooks);
                LocalStepFunctions taskTokens = LocalStepFunctions.start(new Engine(resource -> null,
                                EngineOptions.instant()), StateMachine.load(Files.readString(options.definition()),
                                EmulatedStateMachineFunctions.substitutions()), LocalRuntime.STATE_MACHINE_ARN,
                        (execution, event) -> { });
                owned.add(taskTokens);
                extras.put("RUNPOD_WEBHOOK_URL", webhooks.url().toString());
                extras.put("AWS_ENDPOINT_URL_SFN", taskTokens.endpoint().toString());
            }
            Map<String, TaskResource> tasks = EmulatedStateMachineFunctions.resources(emulator, template, extras);
            if (webhooks != null) {
                webhooks.forwardTo(emulator.function(template.function("RunPodWebhookFunction"), extras));
            }
            S3Client s3 = localStack.s3();
            owned.add(s3);
            S3Presigner presigner = localStack.presigner();
            owned.add(presigner);
            return LocalRuntime.withTasks(options, template, s3, presigner, worker,
                    EmulatedStateMachineFunctions.substitutions(), tasks, owned);
        } catch (IOException | RuntimeException e) {
            closeQuietly(worker);
            for (int i = owned.size() - 1; i >= 0; i--) {
                closeQuietly(owned.get(i));
            }
            throw e;
        }
    }

    /** The Plan function's environment with the command's settings, as it reads its render settings. */
    private static Map<String, String> planEnvironment(SamTemplate template, Map<String, String> extras) {
        Map<String, String> env = new HashMap<>(template.function("PlanFunction").environment());
        env.putAll(extras);
        return env;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Already failing: the first failure is the one to report.
        }
    }
}
