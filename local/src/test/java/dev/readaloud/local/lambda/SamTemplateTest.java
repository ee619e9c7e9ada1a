package dev.readaloud.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamTemplateTest {

    static final Path TEMPLATE = Path.of(System.getProperty("readaloud.home", "..")).resolve("template.yaml");

    /** The two parameters template.yaml gives no Default. */
    static final Map<String, String> REQUIRED_PARAMETERS = Map.of(
            "RunPodEndpointId", "local-endpoint",
            "RunPodApiKeySecretArn", "arn:aws:secretsmanager:us-east-1:000000000000:secret:readaloud-runpod");

    static final Map<String, String> RESOURCES = Map.of(
            "RenderBucket", "local-bucket",
            "RenderStateMachine", "arn:aws:states:us-east-1:000000000000:stateMachine:readaloud-render",
            "RenderApi", "local-api");

    @TempDir
    Path dir;

    @Test
    void functions_carryTheTemplatesHandlersMemoryTimeoutsAndStorage() throws Exception {
        SamTemplate template = SamTemplate.load(TEMPLATE, REQUIRED_PARAMETERS, RESOURCES);

        assertThat(template.functions()).extracting(FunctionSpec::logicalId).containsExactly(
                "StartRenderFunction", "GetRenderFunction", "PlanFunction", "SynthesizeChunkFunction",
                "RunPodWebhookFunction", "StitchFunction", "RecordFailureFunction");
        assertSpec(template.function("StartRenderFunction"), "dev.readaloud.lambda.StartRenderHandler::handleRequest", 1024, 30, 512);
        assertSpec(template.function("GetRenderFunction"), "dev.readaloud.lambda.GetRenderHandler::handleRequest", 1024, 30, 512);
        assertSpec(template.function("PlanFunction"), "dev.readaloud.lambda.PlanHandler::handleRequest", 1024, 120, 512);
        assertSpec(template.function("SynthesizeChunkFunction"), "dev.readaloud.lambda.SynthesizeChunkHandler::handleRequest",
                512, 900, 512);
        assertSpec(template.function("RunPodWebhookFunction"), "dev.readaloud.lambda.RunPodWebhookHandler::handleRequest",
                512, 30, 512);
        assertSpec(template.function("StitchFunction"), "dev.readaloud.lambda.StitchHandler::handleRequest", 1769, 900, 512);
        assertSpec(template.function("RecordFailureFunction"), "dev.readaloud.lambda.RecordFailureHandler::handleRequest",
                1024, 30, 512);
        assertThat(template.functions()).allMatch(FunctionSpec::snapStart);
    }

    private static void assertSpec(FunctionSpec spec, String handler, int memoryMb, int timeoutSeconds, int storageMb) {
        assertThat(spec.handler()).isEqualTo(handler);
        assertThat(spec.memoryMb()).isEqualTo(memoryMb);
        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(timeoutSeconds));
        assertThat(spec.ephemeralStorageMb()).isEqualTo(storageMb);
    }

    @Test
    void environment_mergesGlobalsWithTheFunctionsOwnVariables() throws Exception {
        SamTemplate template = SamTemplate.load(TEMPLATE, REQUIRED_PARAMETERS, RESOURCES);

        Map<String, String> chunk = template.function("SynthesizeChunkFunction").environment();
        assertThat(chunk).containsEntry("RENDER_BUCKET", "local-bucket")
                .containsEntry("MAX_CONCURRENCY", "3")
                .containsEntry("CHUNK_PLAN_WIDTH", "3")
                .containsEntry("CHUNK_MAX_CHARS", "400")
                .containsEntry("VOICE", "default")
                .containsEntry("STITCH_CROSSFADE_MS", "10")
                .containsEntry("RUNPOD_BASE_URL", "https://api.runpod.ai/v2")
                .containsEntry("RUNPOD_ENDPOINT_ID", "local-endpoint")
                .containsEntry("RUNPOD_API_KEY_SECRET_ARN", REQUIRED_PARAMETERS.get("RunPodApiKeySecretArn"))
                .containsEntry("CHUNK_SAFETY_MARGIN_MS", "20000");
        assertThat(template.function("StartRenderFunction").environment())
                .containsEntry("STATE_MACHINE_ARN", RESOURCES.get("RenderStateMachine"))
                .containsEntry("RENDER_BUCKET", "local-bucket");
        assertThat(template.function("PlanFunction").environment())
                .doesNotContainKeys("RUNPOD_ENDPOINT_ID", "STATE_MACHINE_ARN", "LOUDNESS_TARGET")
                .containsEntry("AUDIO_URL_SECONDS", "900");
        assertThat(template.function("StitchFunction").environment()).containsEntry("LOUDNESS_TARGET", "-18");
    }

    @Test
    void parameterOverride_replacesTheDefault() throws Exception {
        Map<String, String> overrides = new java.util.HashMap<>(REQUIRED_PARAMETERS);
        overrides.put("MaxConcurrency", "1");
        overrides.put("RunPodBaseUrl", "http://127.0.0.1:8000/v2");

        SamTemplate template = SamTemplate.load(TEMPLATE, overrides, RESOURCES);

        assertThat(template.function("PlanFunction").environment()).containsEntry("MAX_CONCURRENCY", "1");
        assertThat(template.function("SynthesizeChunkFunction").environment())
                .containsEntry("RUNPOD_BASE_URL", "http://127.0.0.1:8000/v2");
    }

    @Test
    void unresolvedResourceReference_failsNamingIt() {
        assertThatThrownBy(() -> SamTemplate.load(TEMPLATE, REQUIRED_PARAMETERS,
                Map.of("RenderStateMachine", RESOURCES.get("RenderStateMachine"))).function("PlanFunction"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("!Ref RenderBucket")
                .hasMessageContaining("caller must give");
    }

    @Test
    void parameterWithoutDefaultOrOverride_failsNamingIt_onlyForTheFunctionThatNeedsIt() throws Exception {
        SamTemplate template = SamTemplate.load(TEMPLATE, Map.of("RunPodApiKeySecretArn", "x"), RESOURCES);

        assertThat(template.function("PlanFunction").environment()).containsEntry("RENDER_BUCKET", "local-bucket");
        assertThatThrownBy(() -> template.function("SynthesizeChunkFunction"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("parameter RunPodEndpointId has no Default");
    }

    @Test
    void overrideOfAnUnknownParameter_fails() {
        Map<String, String> overrides = new java.util.HashMap<>(REQUIRED_PARAMETERS);
        overrides.put("MaxConcurency", "1");

        assertThatThrownBy(() -> SamTemplate.load(TEMPLATE, overrides, RESOURCES))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("MaxConcurency names no parameter");
    }

    @Test
    void unsupportedIntrinsic_failsNamingIt() throws Exception {
        Path template = dir.resolve("template.yaml");
        Files.writeString(template, """
                Resources:
                  OneFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: example.Handler::handleRequest
                      Environment:
                        Variables:
                          FIRST: !Select [0, [a, b]]
                """);

        assertThatThrownBy(() -> SamTemplate.load(template, Map.of(), Map.of()).function("OneFunction"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("unsupported intrinsic function Select")
                .hasMessageContaining("line 8");
    }

    @Test
    void intrinsics_subIfEqualsNotAndLongForm() throws Exception {
        Path template = dir.resolve("template.yaml");
        Files.writeString(template, """
                Parameters:
                  Stage:
                    Type: String
                    Default: dev
                Conditions:
                  IsProd: !Equals [!Ref Stage, prod]
                  NotProd: !Not [!Condition IsProd]
                Globals:
                  Function:
                    MemorySize: 256
                    Environment:
                      Variables:
                        SHARED: shared
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                  OneFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: example.Handler::handleRequest
                      Timeout: 7
                      Environment:
                        Variables:
                          NAME: !Sub "${AWS::StackName}-${Stage}-${Queue.Arn}-${!Literal}"
                          MODE: !If [IsProd, production, development]
                          OTHER: !If [NotProd, "yes", "no"]
                          LONG: { "Fn::Sub": ["${X}-suffix", { X: { Ref: Stage } }] }
                """);

        FunctionSpec spec = SamTemplate.load(template, Map.of(), Map.of("Queue.Arn", "arn:queue"))
                .function("OneFunction");

        assertThat(spec.environment()).containsEntry("NAME", "readaloud-dev-arn:queue-${Literal}")
                .containsEntry("MODE", "development")
                .containsEntry("OTHER", "yes")
                .containsEntry("LONG", "dev-suffix")
                .containsEntry("SHARED", "shared");
        assertThat(spec.memoryMb()).isEqualTo(256);
        assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(spec.snapStart()).isFalse();
    }
}
