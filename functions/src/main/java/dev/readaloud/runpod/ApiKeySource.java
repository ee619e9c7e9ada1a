package dev.readaloud.runpod;

/**
 * Where a {@link RunPodClient} gets the API key it sends as {@code Authorization: Bearer}. The client
 * asks for it at every request, and once more after RunPod answers 401, so a key rotated in its store
 * is picked up without a new container.
 */
public interface ApiKeySource {

    /** The key to send now; null or blank sends none. */
    String current();

    /**
     * Called after RunPod answered 401 to {@code refused}: the key to retry that request with once, or
     * null when there is no other key (the client then fails with {@link UnauthorizedException}).
     */
    String replacing(String refused);

    /** A key that never changes (the local worker's, a test's, or none when null). */
    static ApiKeySource fixed(String key) {
        return new ApiKeySource() {
            @Override
            public String current() {
                return key;
            }

            @Override
            public String replacing(String refused) {
                return null;
            }
        };
    }
}
