package dev.readaloud.render;

/** Where a render is, as the API reports it. */
public enum RenderState {
    /** request.json is written but no execution runs yet. */
    PENDING,
    /** The execution runs. */
    RUNNING,
    /** output.wav and result.json are written. */
    SUCCEEDED,
    /** The execution failed, timed out or was aborted; nothing partial was written as output. */
    FAILED
}
