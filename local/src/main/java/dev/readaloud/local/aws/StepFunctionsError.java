package dev.readaloud.local.aws;

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
    UNKNOWN_OPERATION("com.amazon.coral.service#UnknownOperationException", 400),
    SERIALIZATION("com.amazon.coral.service#SerializationException", 400),
    MISSING_AUTHENTICATION_TOKEN("com.amazon.coral.service#MissingAuthenticationTokenException", 403),
    INCOMPLETE_SIGNATURE("com.amazon.coral.service#IncompleteSignatureException", 400),
    INTERNAL_FAILURE("com.amazon.coral.service#InternalFailure", 500);

    private final String type;
    private final int httpStatus;

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
