package dev.readaloud.local.aws;

import dev.readaloud.local.statemachine.TaskTokenException;

/**
 * The errors {@link LocalStepFunctions} answers with, as AWS Step Functions names them. The SDK turns
 * the body's {@code __type} (the part after {@code #}) into the exception of that name, e.g.
 * {@code ExecutionAlreadyExists} into {@code ExecutionAlreadyExistsException}.
 */
enum StepFunctionsError {

    EXECUTION_ALREADY_EXISTS("com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists", 400),
    EXECUTION_DOES_NOT_EXIST("com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist", 400),
    STATE_MACHINE_DOES_NOT_EXIST("com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist", 400),
    INVALID_ARN("com.amazonaws.swf.service.v2.model#InvalidArn", 400),
    INVALID_NAME("com.amazonaws.swf.service.v2.model#InvalidName", 400),
    INVALID_EXECUTION_INPUT("com.amazonaws.swf.service.v2.model#InvalidExecutionInput", 400),
    VALIDATION("com.amazonaws.swf.service.v2.model#ValidationException", 400),
    INVALID_TOKEN("com.amazonaws.swf.service.v2.model#InvalidToken", 400),
    TASK_DOES_NOT_EXIST("com.amazonaws.swf.service.v2.model#TaskDoesNotExist", 400),
    TASK_TIMED_OUT("com.amazonaws.swf.service.v2.model#TaskTimedOut", 400),
    INVALID_OUTPUT("com.amazonaws.swf.service.v2.model#InvalidOutput", 400),
    UNKNOWN_OPERATION("com.amazon.coral.service#UnknownOperationException", 400),
    SERIALIZATION("com.amazon.coral.service#SerializationException", 400),
    MISSING_AUTHENTICATION_TOKEN("com.amazon.coral.service#MissingAuthenticationTokenException", 403),
    INCOMPLETE_SIGNATURE("com.amazon.coral.service#IncompleteSignatureException", 400),
    INTERNAL_FAILURE("com.amazon.coral.service#InternalFailure", 500);

    private final String type;
    private final int httpStatus;

    /** The error of a refused task-token call, by its AWS name ({@link TaskTokenException#error()}). */
    static StepFunctionsError of(TaskTokenException e) {
        return switch (e.error()) {
            case TaskTokenException.INVALID_TOKEN -> INVALID_TOKEN;
            case TaskTokenException.TASK_DOES_NOT_EXIST -> TASK_DOES_NOT_EXIST;
            case TaskTokenException.TASK_TIMED_OUT -> TASK_TIMED_OUT;
            case TaskTokenException.INVALID_OUTPUT -> INVALID_OUTPUT;
            case TaskTokenException.VALIDATION -> VALIDATION;
            default -> throw new IllegalArgumentException("no API error for " + e.error());
        };
    }

    StepFunctionsError(String type, int httpStatus) {
        this.type = type;
        this.httpStatus = httpStatus;
    }

    /** The {@code __type} of the error body. */
    String type() {
        return type;
    }

    int httpStatus() {
        return httpStatus;
    }
}
