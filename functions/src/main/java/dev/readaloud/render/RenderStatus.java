package dev.readaloud.render;

/**
 * An execution's state as the launcher sees it.
 *
 * @param state the state
 * @param error the execution's error name when it failed, else null
 * @param cause the execution's cause when it failed, else null
 */
public record RenderStatus(RenderState state, String error, String cause) {

    public static RenderStatus of(RenderState state) {
        return new RenderStatus(state, null, null);
    }
}
