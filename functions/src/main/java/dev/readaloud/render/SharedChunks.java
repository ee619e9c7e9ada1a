package dev.readaloud.render;

/**
 * The shared chunk store's addressing: a chunk's audio is keyed by everything that determines it, so
 * any render needing the same audio copies it instead of paying RunPod again.
 *
 * <p>What determines the audio: the RunPod endpoint (its id names the deployed model and worker image),
 * the voice, and the chunk's text as planned (already normalized by the planner: whitespace collapsed,
 * control characters gone). Nothing else: the chunk settings only decide where chunks end, and a chunk
 * with the same text sounds the same whichever plan produced it. Loudness normalization happens in the
 * stitch, on top of the stored audio.
 */
public final class SharedChunks {

    /** Changes when the meaning of the hash changes, so old entries are never mistaken for new ones. */
    private static final String VERSION = "readaloud-chunk-v1";

    private SharedChunks() {
    }

    /** The hex SHA-256 a chunk's audio is stored under. */
    public static String hash(String endpointId, String voice, String text) {
        return RenderIds.sha256Hex(String.join("\u0000", VERSION, endpointId, voice, text));
    }
}
