package dev.readaloud.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository the command runs from (the launcher sets {@code readaloud.home}), for statemachine/ and examples/. */
final class Home {

    private Home() {
    }

    /** The repository root. */
    static Path repository() {
        return Path.of(System.getProperty("readaloud.home", ".")).toAbsolutePath().normalize();
    }

    static Path path(String relative) {
        String home = System.getProperty("readaloud.home", ".");
        Path path = Path.of(home).resolve(relative).normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("missing " + path + " (run through the ./readaloud launcher, or set -Dreadaloud.home)");
        }
        return path;
    }
}
