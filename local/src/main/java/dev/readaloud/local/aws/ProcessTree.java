package dev.readaloud.local.aws;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stops a process together with every process it started, so nothing is left running. */
final class ProcessTree {

    private ProcessTree() {
    }

    /**
     * Asks the process to terminate (SIGTERM), waits up to {@code grace}, then kills it and every
     * descendant still alive. Descendants are listed first: once their parent is gone they are
     * re-parented and no longer show up as its descendants.
     */
    static void stop(Process process, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        for (ProcessHandle child : descendants) {
            child.destroyForcibly();
        }
        try {
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
