package dev.readaloud.render;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** Task callbacks through the Step Functions API (SendTaskSuccess, SendTaskFailure). */
public final class SfnTaskCallbacks implements TaskCallbacks {

    /** SendTaskFailure caps the error at 256 characters and the cause at 32,768. */
    private static final int MAX_ERROR_CHARS = 256;
    private static final int MAX_CAUSE_CHARS = 32_768;

    private final SfnClient sfn;

    public SfnTaskCallbacks(SfnClient sfn) {
        this.sfn = sfn;
    }

    @Override
    public boolean succeed(String taskToken) {
        return send("SendTaskSuccess", () -> sfn.sendTaskSuccess(b -> b.taskToken(taskToken).output("{}")));
    }

    @Override
    public boolean fail(String taskToken, String error, String cause) {
        return send("SendTaskFailure", () -> sfn.sendTaskFailure(b -> b.taskToken(taskToken)
                .error(cut(error, MAX_ERROR_CHARS)).cause(cut(cause, MAX_CAUSE_CHARS))));
    }

    /** One callback: false when the task no longer waits for the token, a TaskCallbackException when unsent. */
    private static boolean send(String operation, Runnable call) {
        try {
            call.run();
            return true;
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
            return false;
        } catch (SdkException e) {
            throw new TaskCallbackException("Step Functions did not take " + operation + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
