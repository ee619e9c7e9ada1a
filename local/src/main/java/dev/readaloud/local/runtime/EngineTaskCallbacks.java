package dev.readaloud.local.runtime;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.readaloud.local.statemachine.Engine;
import dev.readaloud.local.statemachine.TaskTokenException;
import dev.readaloud.render.TaskCallbackException;
import dev.readaloud.render.TaskCallbacks;

/**
 * Task callbacks for the in-process runtime: the local engine's SendTaskSuccess and SendTaskFailure,
 * answered as {@link dev.readaloud.render.SfnTaskCallbacks} answers Step Functions' errors on AWS: a task
 * that no longer waits is {@code false}, anything else a {@link TaskCallbackException}.
 */
final class EngineTaskCallbacks implements TaskCallbacks {

    @Override
    public boolean succeed(String taskToken) {
        try {
            Engine.sendTaskSuccess(taskToken, JsonNodeFactory.instance.objectNode());
            return true;
        } catch (TaskTokenException e) {
            return noLongerWaiting(e, "SendTaskSuccess");
        }
    }

    @Override
    public boolean fail(String taskToken, String error, String cause) {
        try {
            Engine.sendTaskFailure(taskToken, error, cause);
            return true;
        } catch (TaskTokenException e) {
            return noLongerWaiting(e, "SendTaskFailure");
        }
    }

    private static boolean noLongerWaiting(TaskTokenException e, String operation) {
        return switch (e.error()) {
            case TaskTokenException.TASK_TIMED_OUT, TaskTokenException.TASK_DOES_NOT_EXIST,
                 TaskTokenException.INVALID_TOKEN -> false;
            default -> throw new TaskCallbackException("the engine refused " + operation + ": " + e.error(), e);
        };
    }
}
