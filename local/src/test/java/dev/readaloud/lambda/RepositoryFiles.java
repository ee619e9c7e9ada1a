package dev.readaloud.lambda;

import java.nio.file.Path;

/** The repository's files (statemachine/, template.yaml, events/, functions/) as the local tests see them. */
final class RepositoryFiles {

    private RepositoryFiles() {
    }

    static Path home() {
        return Path.of(System.getProperty("readaloud.home", "..")).toAbsolutePath().normalize();
    }

    static Path event(String name) {
        return home().resolve("events").resolve(name);
    }
}
