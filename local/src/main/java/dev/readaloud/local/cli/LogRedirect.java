package dev.readaloud.local.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends what the functions log (their JSON lines on stdout and stderr, as Lambda would capture
 * them) to a file while a command runs, so the terminal shows only progress and the summary.
 * Closing it restores the standard streams.
 */
final class LogRedirect implements AutoCloseable {

    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final PrintStream log;
    private final Path file;

    private LogRedirect(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.file = file;
        this.log = new PrintStream(new FileOutputStream(file.toFile(), true), true, StandardCharsets.UTF_8);
        System.setOut(log);
        System.setErr(log);
    }

    /** Appends the functions' logs to {@code file} until closed. */
    static LogRedirect to(Path file) throws IOException {
        return new LogRedirect(file);
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        log.close();
    }
}
