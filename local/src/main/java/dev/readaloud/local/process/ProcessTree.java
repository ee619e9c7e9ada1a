package dev.readaloud.local.process;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Stops a process together with every process it started (LocalStack's Python workers, the Runtime
 * Interface Emulator's Java runtime), so nothing is left running.
 */
public final class ProcessTree {

    /** How long a killed process is waited for before it is left to the kernel. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(5);

    private ProcessTree() {
    }

    /**
     * Asks the process to terminate (SIGTERM) and waits up to {@code grace} (zero: not at all), then
     * kills it and every descendant still alive and waits for them to be gone. Descendants are listed
     * first: once their parent is gone they are re-parented and no longer show up as its descendants.
     */
    public static void stop(Process process, Duration grace) {
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        if (grace.isPositive()) {
            process.destroy();
            try {
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Children first, so none outlives its parent to be re-parented out of reach.
        for (int i = tree.size() - 1; i >= 0; i--) {
            tree.get(i).destroyForcibly();
        }
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // Still dying after the kill: nothing more can be done from here.
            }
        }
    }
}
