package dev.readaloud.local.aws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a process's log, to end an error message with. */
final class LogTail {

    private static final int LINES = 15;

    private LogTail() {
    }

    /** {@code ", last lines of LOG:\n..."}, or {@code " (see LOG)"} when it cannot be read. */
    static String of(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return ", last lines of " + log + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - LINES), lines.size()));
        } catch (IOException | RuntimeException e) {
            return " (see " + log + ")";
        }
    }
}
