package dev.readaloud.local.lambda;

/**
 * The emulated runtime itself failed (an execution environment did not start, the emulator stopped
 * answering): a fault of this machine, never of the function, so it is not reported as a function error.
 */
public class EmulatorException extends RuntimeException {

    public EmulatorException(String message) {
        super(message);
    }

    public EmulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
