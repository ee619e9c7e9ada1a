package dev.readaloud.local.lambda;

/**
 * Where an emulated function's output goes, one line at a time: the function's own JSON log lines and
 * the emulator's START/END/REPORT lines, as CloudWatch would hold them for that function.
 */
@FunctionalInterface
public interface LogSink {

    /**
     * @param function the function's logical id
     * @param line     one line of output, without its line terminator
     */
    void line(String function, String line);

    /** Drops every line. */
    static LogSink discard() {
        return (function, line) -> { };
    }
}
