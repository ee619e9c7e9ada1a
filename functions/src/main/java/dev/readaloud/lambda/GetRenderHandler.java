package dev.readaloud.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.render.EnvironmentVariables;
import dev.readaloud.render.GetRenderStep;
import dev.readaloud.render.RenderConfig;
import dev.readaloud.render.RenderLauncher;
import dev.readaloud.render.SfnRenderLauncher;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** {@code GET /renders/{id}}: 200 with status, progress and the audio URL once done; 404 for an unknown id. */
public final class GetRenderHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final GetRenderStep step;
    private final JsonLog log;
    /** The production path's SnapStart hooks, held here because the runtime holds them weakly; else null. */
    private SnapStartHooks snapStart;

    /** Production: configuration from the environment, S3, presigner and Step Functions clients built once. */
    public GetRenderHandler() {
        this(RenderConfig.fromEnvironment(System.getenv()), AwsClients.s3(), AwsClients.presigner(),
                new SfnRenderLauncher(AwsClients.sfn(),
                        new EnvironmentVariables(System.getenv()).required("STATE_MACHINE_ARN")));
        // The whole read path for an id no render has: S3, Step Functions, JSON; it writes nothing.
        snapStart = SnapStartHooks.register(List.of(new SnapStartHooks.Step("view",
                () -> step.view(SnapStartHooks.PRIMING_RENDER_ID))), List.of());
    }

    /** Tests and the local runtime. */
    public GetRenderHandler(RenderConfig config, S3Client s3, S3Presigner presigner, RenderLauncher launcher) {
        this(config, s3, presigner, launcher, JsonLog.standardOutput());
    }

    /** Tests: the log lines go to {@code log}. */
    GetRenderHandler(RenderConfig config, S3Client s3, S3Presigner presigner, RenderLauncher launcher, JsonLog log) {
        this.log = log;
        this.step = new GetRenderStep(config, config.store(s3), presigner, launcher);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String renderId = event.getPathParameters() == null ? null : event.getPathParameters().get("id");
        try {
            return step.view(renderId)
                    .map(view -> HttpResponses.json(200, view))
                    .orElseGet(() -> HttpResponses.error(404, "no render has this id"));
        } catch (RuntimeException e) {
            return HttpResponses.internalError(log, "GET /renders/{id}", e,
                    "the render's status could not be read; try again later");
        }
    }
}
