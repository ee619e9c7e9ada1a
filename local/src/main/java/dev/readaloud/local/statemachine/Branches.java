package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The fan-out shared by Parallel branches, inline Map iterations and Distributed Map child
 * executions: runs {@code count} iterations, each on its own virtual thread, at most
 * {@code maxConcurrency} at a time (launched in index order, so a limit of 1 runs them one after
 * the other in order), and collects their results by index. A {@link FailurePolicy} decides whether
 * a failed iteration fails the whole fan-out; when it does, no further iteration is launched and
 * the running ones are interrupted: each stops at its next state, while a task it is running runs to
 * its end with its result dropped (see TaskRunner), as an in-flight Lambda invocation does on AWS.
 */
final class Branches {

    /** The work of one iteration; runs on its own thread. */
    @FunctionalInterface
    interface Iteration {
        JsonNode run();
    }

    /**
     * Prepares iteration {@code index} on the launching thread (e.g. evaluates ItemSelector); a
     * StatesError thrown here fails the fan-out.
     */
    @FunctionalInterface
    interface Launcher {
        Iteration prepare(int index);
    }

    /**
     * Decides, after each failed iteration, whether the fan-out fails. Calls are serialized, so an
     * implementation may keep counts in plain fields.
     */
    @FunctionalInterface
    interface FailurePolicy {
        /**
         * @param index   the failed iteration
         * @param failure its error
         * @return the error to fail the fan-out with, or null to tolerate the failure
         */
        StatesError onFailure(int index, StatesError failure);
    }

    /** Parallel and inline Map: the first failure fails the state with its own error and cause. */
    static final FailurePolicy FAIL_FAST = (index, failure) -> failure;

    /**
     * @param results  per index, the iteration's result, or null when it failed (tolerated)
     * @param failures per index, the tolerated error of a failed iteration, or null
     */
    record Outcome(JsonNode[] results, StatesError[] failures) {
    }

    private Branches() {
    }

    /**
     * @param maxConcurrency at most this many iterations at once; 0 = no limit
     * @throws StatesError       the policy's error when it fails the fan-out
     * @throws ExecutionAborted  when the calling thread is interrupted (every iteration is stopped first)
     */
    static Outcome run(String threadPrefix, int count, int maxConcurrency, Launcher launcher, FailurePolicy policy) {
        JsonNode[] results = new JsonNode[count];
        StatesError[] failures = new StatesError[count];
        List<Thread> threads = new ArrayList<>();
        Object lock = new Object();
        StatesError[] fatal = {null};
        Semaphore permits = new Semaphore(maxConcurrency == 0 ? Math.max(count, 1) : maxConcurrency);
        try {
            for (int i = 0; i < count && fatal(lock, fatal) == null; i++) {
                permits.acquire();
                if (fatal(lock, fatal) != null) {
                    permits.release();
                    break;
                }
                int index = i;
                Iteration iteration;
                try {
                    iteration = launcher.prepare(index);
                } catch (StatesError e) {
                    permits.release();
                    synchronized (lock) {
                        fatal[0] = fatal[0] == null ? e : fatal[0];
                    }
                    break;
                }
                Thread thread = Thread.ofVirtual().name(threadPrefix + "-" + index).unstarted(() -> {
                    try {
                        results[index] = iteration.run();
                    } catch (StatesError e) {
                        boolean stopOthers = false;
                        synchronized (lock) {
                            StatesError verdict = fatal[0] == null ? policy.onFailure(index, e) : null;
                            if (verdict == null) {
                                failures[index] = e;
                            } else {
                                fatal[0] = verdict;
                                stopOthers = true;
                            }
                        }
                        if (stopOthers) {
                            interruptOthers(threads, lock);
                        }
                    } catch (ExecutionAborted e) {
                        // stopped because a sibling failed or the execution ends
                    } finally {
                        permits.release();
                    }
                });
                synchronized (lock) {
                    threads.add(thread);
                }
                thread.start();
            }
            if (fatal(lock, fatal) != null) {
                interruptOthers(threads, lock);
            }
            for (Thread thread : snapshot(threads, lock)) {
                thread.join();
            }
        } catch (InterruptedException e) {
            List<Thread> all = snapshot(threads, lock);
            all.forEach(Thread::interrupt);
            joinQuietly(all);
            Thread.currentThread().interrupt();
            throw new ExecutionAborted();
        }
        StatesError failure = fatal(lock, fatal);
        if (failure != null) {
            throw failure;
        }
        return new Outcome(results, failures);
    }

    private static StatesError fatal(Object lock, StatesError[] fatal) {
        synchronized (lock) {
            return fatal[0];
        }
    }

    private static List<Thread> snapshot(List<Thread> threads, Object lock) {
        synchronized (lock) {
            return new ArrayList<>(threads);
        }
    }

    private static void interruptOthers(List<Thread> threads, Object lock) {
        for (Thread thread : snapshot(threads, lock)) {
            if (thread != Thread.currentThread()) {
                thread.interrupt();
            }
        }
    }

    private static void joinQuietly(List<Thread> threads) {
        for (Thread thread : threads) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
