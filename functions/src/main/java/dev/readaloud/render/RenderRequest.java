package dev.readaloud.render;

/**
 * What {@code renders/{id}/request.json} holds: the text and the settings, resolved against the
 * configuration before the execution starts.
 *
 * @param renderId       the render (and execution) id
 * @param text           the reading (never logged)
 * @param voice          the voice every chunk is spoken with
 * @param concurrency    the most chunks synthesized at once for this render, 1..MaxConcurrency
 * @param maxChars       chunk planning: most characters per chunk
 * @param minChars       chunk planning: fewest characters per chunk
 * @param planWidth      chunk planning: the chunk count is a multiple of this
 * @param requestSha256  hash of the request as the caller sent it, to tell a repeated Idempotency-Key apart
 * @param createdAt      ISO-8601 instant the request was accepted
 * @param reuse          false when every chunk must be synthesized anew, never copied from the shared chunk
 *                       store; null (absent from the JSON) for the default, reuse
 * @param loudness       the loudness the stitch brings the chunks to: a target in LUFS ("-16.0") or "off";
 *                       null for the deployment's LoudnessTarget (also in request.json files written before
 *                       the field existed)
 */
public record RenderRequest(String renderId, String text, String voice, int concurrency, int maxChars,
                            int minChars, int planWidth, String requestSha256, String createdAt, Boolean reuse,
                            String loudness) {

    public RenderRequest {
        reuse = Boolean.FALSE.equals(reuse) ? Boolean.FALSE : null;
    }

    /** A request with the defaults: chunks reused from the shared store, the deployment's loudness. */
    public RenderRequest(String renderId, String text, String voice, int concurrency, int maxChars,
                         int minChars, int planWidth, String requestSha256, String createdAt) {
        this(renderId, text, voice, concurrency, maxChars, minChars, planWidth, requestSha256, createdAt, null, null);
    }
}
