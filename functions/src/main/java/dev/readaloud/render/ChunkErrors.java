package dev.readaloud.render;

import dev.readaloud.runpod.RunPodException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * Puts the chunk into a RunPod error's message while keeping its class: Step Functions retries
 * and catches by the class name, and the failed execution's cause must name the chunk.
 */
final class ChunkErrors {

    private ChunkErrors() {
    }

    /**
     * An exception of the same class as {@code error} whose message starts with {@code where}
     * (e.g. "chunk 12 of render X: "), with {@code error} as its cause; {@code error} itself when its
     * class offers no (String, Throwable) or (String) constructor.
     */
    static RunPodException named(RunPodException error, String where) {
        String message = where + error.getMessage();
        try {
            Constructor<? extends RunPodException> withCause =
                    error.getClass().getConstructor(String.class, Throwable.class);
            return withCause.newInstance(message, error);
        } catch (NoSuchMethodException e) {
            return withMessageOnly(error, message);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            return error;
        }
    }

    private static RunPodException withMessageOnly(RunPodException error, String message) {
        try {
            RunPodException named = error.getClass().getConstructor(String.class).newInstance(message);
            named.initCause(error);
            return named;
        } catch (ReflectiveOperationException | IllegalStateException e) {
            return error;
        }
    }
}
