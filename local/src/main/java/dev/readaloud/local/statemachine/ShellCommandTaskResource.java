package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A task that runs a shell command ({@code sh -c COMMAND}): the task input as JSON on stdin, the
 * result as JSON on stdout. A non-zero exit fails the task: the first line of stderr is the error
 * name (States.TaskFailed when empty), the rest is the cause.
 */
public final class ShellCommandTaskResource implements TaskResource {

    private final String command;

    public ShellCommandTaskResource(String command) {
        this.command = Objects.requireNonNull(command, "command");
        if (command.isBlank()) {
            throw new IllegalArgumentException("task command is empty");
        }
    }

    public String command() {
        return command;
    }

    @Override
    public JsonNode invoke(JsonNode input, TaskContext context) throws TaskFailedException {
        Process process;
        try {
            process = new ProcessBuilder("sh", "-c", command).start();
        } catch (IOException e) {
            throw new TaskFailedException(StatesError.TASK_FAILED, "cannot start 'sh -c " + command + "': " + e.getMessage());
        }
        try {
            CompletableFuture<String> stdout = readAsync(process.getInputStream());
            CompletableFuture<String> stderr = readAsync(process.getErrorStream());
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(Json.write(input).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The command need not read its input (e.g. echo): a closed pipe is fine.
            }
            int status = process.waitFor();
            String out = stdout.get();
            String err = stderr.get();
            if (status != 0) {
                String trimmed = err.strip();
                int newline = trimmed.indexOf('\n');
                String error = (newline < 0 ? trimmed : trimmed.substring(0, newline)).strip();
                String cause = newline < 0 ? "" : trimmed.substring(newline + 1).strip();
                throw new TaskFailedException(error.isEmpty() ? StatesError.TASK_FAILED : error, cause);
            }
            if (out.isBlank()) {
                return NullNode.getInstance();
            }
            try {
                return Json.parse(out, "stdout");
            } catch (IllegalArgumentException e) {
                throw new TaskFailedException(StatesError.TASK_FAILED, "state '" + context.stateName()
                        + "': the command's stdout is not JSON: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TaskFailedException(StatesError.TASK_FAILED, "interrupted");
        } catch (ExecutionException e) {
            throw new TaskFailedException(StatesError.TASK_FAILED, "cannot read the command's output: " + e.getCause());
        }
    }

    private static CompletableFuture<String> readAsync(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                result.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
