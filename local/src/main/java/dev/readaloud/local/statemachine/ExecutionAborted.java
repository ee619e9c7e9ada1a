package dev.readaloud.local.statemachine;

/**
 * Unwinds a branch, Map iteration or whole execution that was stopped: a sibling failed, the
 * execution timed out, or the caller interrupted the thread. Never matched by Retry or Catch.
 */
final class ExecutionAborted extends RuntimeException {

    ExecutionAborted() {
        super("aborted", null, false, false);
    }
}
