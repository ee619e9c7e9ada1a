package dev.readaloud.render;

/**
 * Starts and watches the execution of one render. In AWS it is Step Functions
 * ({@link SfnRenderLauncher}); the local runtime plugs in its own engine.
 */
public interface RenderLauncher {

    /**
     * Starts the execution named {@code renderId} with {@code executionInputJson}
     * ({@code {"renderId", "maxConcurrency"}}). Starting an execution that already exists is not an error.
     */
    void start(String renderId, String executionInputJson);

    /** The execution's state; {@link RenderState#PENDING} when no execution of that name exists. */
    RenderStatus status(String renderId);
}
