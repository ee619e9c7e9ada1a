package dev.readaloud.local.runtime;

import dev.readaloud.local.statemachine.Engine;
import dev.readaloud.local.statemachine.Json;
import dev.readaloud.local.statemachine.TaskTokenException;
import dev.readaloud.render.TaskCallbacks;

/**
 * Task callbacks for the in-process runtime: the local engine's SendTaskSuccess and SendTaskFailure,
 * with the answers Step Functions gives ({@link dev.readaloud.render.SfnTaskCallbacks} on AWS).
 */
final class EngineTaskCallbacks implements TaskCallbacks {

    @Override
    public boolean succeed(String taskToken) {
        try {
            Engine.sendTaskSuccess(taskToken, Json.NODES.objectNode());
            return true;
        } catch (TaskTokenException e) {
            return false;
        }
    }

    @Override
    public boolean fail(String taskToken, String error, String cause) {
        try {
            Engine.sendTaskFailure(taskToken, error, cause);
            return true;
        } catch (TaskTokenException e) {
            return false;
        }
    }
}
