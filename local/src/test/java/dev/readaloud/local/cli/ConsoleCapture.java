package dev.readaloud.local.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The standard streams of in-process `readaloud` runs: as an extension it captures stdout and
 * stderr around each test (and restores stdin); {@link #run} captures one command on its own.
 */
final class ConsoleCapture implements BeforeEachCallback, AfterEachCallback {

    /** One command's exit status and what it printed. */
    record Run(int status, String stdout, String stderr) {
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;
    private InputStream originalIn;

    /** Runs {@code readaloud args...} in this JVM with its own captured streams. */
    static synchronized Run run(String... args) {
        ConsoleCapture capture = new ConsoleCapture();
        capture.start();
        try {
            int status = Main.run(args);
            return new Run(status, capture.stdout(), capture.stderr());
        } finally {
            capture.stop();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    /** What was printed on stdout so far. */
    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What was printed on stderr so far. */
    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Makes {@code text} the standard input of the commands that follow in this test. */
    void input(String text) {
        System.setIn(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private void start() {
        originalOut = System.out;
        originalErr = System.err;
        originalIn = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private void stop() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        System.setIn(originalIn);
    }
}
