package dev.readaloud.local.aws;

/** A request {@link LocalStepFunctions} refuses, answered as the AWS JSON error of that name. */
final class StepFunctionsException extends RuntimeException {

    private final StepFunctionsError error;

    StepFunctionsException(StepFunctionsError error, String message) {
        super(message);
        this.error = error;
    }

    StepFunctionsError error() {
        return error;
    }
}
