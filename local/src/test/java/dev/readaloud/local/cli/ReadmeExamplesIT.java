package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example commands, run as written: every {@code ./readaloud} line of its fenced
 * blocks (continuation lines joined) through bash, in order, in a scratch directory holding a copy
 * of examples/ and a link to the launcher, so nothing lands in the repository. Lines that need what
 * this machine may lack are left to their own tests: a real RunPod endpoint ({@code --endpoint}),
 * and the Lambda runtime tier ({@code invoke}, {@code --lambda-runtime emulator}: LocalStack and
 * the Runtime Interface Emulator, run by InvokeCommandTest and RenderLambdaRuntimeCommandTest).
 *
 * <p>Runs after the jars are packaged (the launcher's class path), in the integration-test phase.
 */
class ReadmeExamplesIT {

    private static final Path HOME = Path.of(System.getProperty("readaloud.home", "..")).toAbsolutePath().normalize();
    private static final long COMMAND_TIMEOUT_MINUTES = 6;

    @TempDir
    Path scratch;

    @Test
    void everyLocalExampleOfTheReadme_runsAsWritten() throws Exception {
        List<String> commands = readaloudCommands(Files.readString(HOME.resolve("README.md")));
        List<String> runnable = commands.stream().filter(ReadmeExamplesIT::runsHere).toList();
        assertThat(runnable).as("README examples to run").hasSizeGreaterThanOrEqualTo(5)
                .anyMatch(command -> command.contains("--worker-faults"))
                .anyMatch(command -> command.contains("--json"));

        copy(HOME.resolve("examples"), scratch.resolve("examples"));
        Files.createSymbolicLink(scratch.resolve("readaloud"), HOME.resolve("readaloud"));
        for (String command : runnable) {
            run(command);
        }
    }

    @Test
    void commandExtraction_joinsContinuationLinesAndKeepsOnlyReadaloudLines() {
        String readme = """
                Text with ./readaloud render inline, not a command.
                ```
                ./readaloud render a.txt -o a.wav            # a comment
                ./readaloud render b.txt --voice synthetic \\
                                   --json
                sam deploy
                RUNPOD_API_KEY=… ./readaloud render c.txt --endpoint URL
                ```
                """;

        assertThat(readaloudCommands(readme)).containsExactly(
                "./readaloud render a.txt -o a.wav            # a comment",
                "./readaloud render b.txt --voice synthetic --json",
                "RUNPOD_API_KEY=… ./readaloud render c.txt --endpoint URL");
    }

    /** Every line of a fenced block that runs ./readaloud (after environment assignments), continuations joined. */
    static List<String> readaloudCommands(String markdown) {
        List<String> commands = new ArrayList<>();
        boolean inFence = false;
        StringBuilder pending = null;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            if (!inFence) {
                continue;
            }
            String text = pending == null ? line.strip() : pending + " " + line.strip();
            if (text.endsWith("\\")) {
                pending = new StringBuilder(text.substring(0, text.length() - 1).strip());
                continue;
            }
            pending = null;
            if (text.replaceFirst("^([A-Z_]+=\\S*\\s+)*", "").startsWith("./readaloud ")) {
                commands.add(text);
            }
        }
        return commands;
    }

    private static boolean runsHere(String command) {
        return !command.contains("--endpoint") && !command.contains("--lambda-runtime emulator")
                && !command.startsWith("./readaloud invoke");
    }

    private void run(String command) throws IOException, InterruptedException {
        Path stdout = scratch.resolve("stdout.txt");
        Path stderr = scratch.resolve("stderr.txt");
        Process process = new ProcessBuilder("bash", "-c", command).directory(scratch.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(COMMAND_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("README example ran over %d minutes: %s%n%s", COMMAND_TIMEOUT_MINUTES, command, tail(stderr));
        }
        if (process.exitValue() != 0) {
            fail("README example failed (exit %d): %s%n%s", process.exitValue(), command, tail(stderr));
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
