package dev.readaloud.local.aws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * LocalStack 4.14 in the Python venv that {@code .ci/localstack-install} makes under
 * {@code .ci/tools/localstack-venv} (or {@code $READALOUD_CI_TOOLS/localstack-venv}).
 *
 * @param python         the venv's python, which runs {@code -m localstack.runtime.main}
 * @param serviceCatalog the prebuilt index of AWS service specs that each instance copies into its
 *                       static libs, or null when the install did not build one (LocalStack then
 *                       builds it at start, about 10 s slower)
 */
public record LocalStackInstallation(Path python, Path serviceCatalog) {

    private static final String SCRIPT = ".ci/localstack-install";
    private static final String STAMP = ".readaloud-requirements";

    /**
     * The installation under the repository's tools directory, installed first when it is missing
     * (pip, a few minutes), saying so to {@code notices} (one line; the script's own progress goes to
     * this process's standard error).
     *
     * @throws LocalStackException when the install script fails
     */
    public static LocalStackInstallation ensure(Path repository, Consumer<String> notices) {
        Path venv = toolsDirectory(repository).resolve("localstack-venv");
        if (!Files.isExecutable(venv.resolve("bin/python")) || !Files.isRegularFile(venv.resolve(STAMP))) {
            notices.accept("readaloud: LocalStack is not installed in " + venv + "; installing it with "
                    + SCRIPT + " (pip, a few minutes, once) ...");
            runInstallScript(repository);
        }
        return of(venv);
    }

    /** The installation in {@code venv}, as it is. */
    static LocalStackInstallation of(Path venv) {
        Path python = venv.resolve("bin/python");
        if (!Files.isExecutable(python)) {
            throw new LocalStackException("no LocalStack venv at " + venv + " (run " + SCRIPT + ")");
        }
        Path catalog = null;
        try (Stream<Path> files = Files.list(venv.resolve("localstack-static"))) {
            catalog = files.filter(f -> f.getFileName().toString().startsWith("service-catalog-")).findFirst().orElse(null);
        } catch (IOException e) {
            // No prebuilt catalog: LocalStack builds its own.
        }
        return new LocalStackInstallation(python, catalog);
    }

    private static Path toolsDirectory(Path repository) {
        String tools = System.getenv("READALOUD_CI_TOOLS");
        return tools == null || tools.isBlank() ? repository.resolve(".ci/tools") : Path.of(tools);
    }

    private static void runInstallScript(Path repository) {
        Path script = repository.resolve(SCRIPT);
        if (!Files.isRegularFile(script)) {
            throw new LocalStackException("LocalStack is not installed and " + script + " is missing");
        }
        List<String> command = List.of("bash", script.toString());
        try {
            // The script's progress goes to our stderr; its stdout (the python path) is not needed.
            Process install = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            int exit = install.waitFor();
            if (exit != 0) {
                throw new LocalStackException(SCRIPT + " failed (exit " + exit + ")");
            }
        } catch (IOException e) {
            throw new LocalStackException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while installing LocalStack", e);
        }
    }
}
