package dev.readaloud.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.render.EnvironmentVariables;
import dev.readaloud.render.IdempotencyConflictException;
import dev.readaloud.render.InvalidRenderRequestException;
import dev.readaloud.render.RenderConfig;
import dev.readaloud.render.RenderLauncher;
import dev.readaloud.render.RenderStore;
import dev.readaloud.render.SfnRenderLauncher;
import dev.readaloud.render.StartRenderStep;
import dev.readaloud.render.StartedRender;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code POST /renders}: 202 with the render id, or a 4xx saying what is wrong with the request. */
public final class StartRenderHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final StartRenderStep step;
    private final JsonLog log;
    private final RenderStore store;
    private final RenderLauncher launcher;
    /** The production path's SnapStart hooks, held here because the runtime holds them weakly; else null. */
    private SnapStartHooks snapStart;

    /** Production: configuration from the environment, S3 and Step Functions clients built once. */
    public StartRenderHandler() {
        this(RenderConfig.fromEnvironment(System.getenv()), AwsClients.s3(),
                new SfnRenderLauncher(AwsClients.sfn(),
                        new EnvironmentVariables(System.getenv()).required("STATE_MACHINE_ARN")));
        // Starting a render writes, so priming only reads: S3, and Step Functions for an id no render has.
        snapStart = SnapStartHooks.register(List.of(SnapStartHooks.storage(store),
                new SnapStartHooks.Step("stepfunctions", () -> launcher.status(SnapStartHooks.PRIMING_RENDER_ID))),
                List.of());
    }

    /** Tests and the local runtime: any S3 endpoint, any way of running executions. */
    public StartRenderHandler(RenderConfig config, S3Client s3, RenderLauncher launcher) {
        this(config, s3, launcher, JsonLog.standardOutput());
    }

    /** Tests: the log lines go to {@code log}. */
    StartRenderHandler(RenderConfig config, S3Client s3, RenderLauncher launcher, JsonLog log) {
        this.log = log;
        this.store = config.store(s3);
        this.launcher = launcher;
        this.step = new StartRenderStep(config, store, launcher, Clock.systemUTC(), log);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            StartedRender render = step.start(body(event), HttpResponses.header(event.getHeaders(), "Idempotency-Key"));
            return HttpResponses.json(202, Map.of(
                    "renderId", render.renderId(),
                    "status", render.state().name(),
                    "links", Map.of("self", "/renders/" + render.renderId())));
        } catch (InvalidRenderRequestException e) {
            return HttpResponses.error(400, e.getMessage());
        } catch (IdempotencyConflictException e) {
            return HttpResponses.error(422, e.getMessage());
        } catch (RuntimeException e) {
            return HttpResponses.internalError(log, "POST /renders", e,
                    "the render could not be started; try again later");
        }
    }

    private static String body(APIGatewayV2HTTPEvent event) {
        if (!event.getIsBase64Encoded() || event.getBody() == null) {
            return event.getBody();
        }
        try {
            return new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRenderRequestException("the request body is marked base64 but is not valid base64");
        }
    }
}
