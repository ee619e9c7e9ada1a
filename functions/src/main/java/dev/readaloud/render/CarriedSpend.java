package dev.readaloud.render;

/**
 * What a chunk's invocations spent without storing it (a RunPod job that failed, a rate limit, a job
 * still running at the function's deadline), kept in {@code spend/{00000}.json} until the invocation that
 * stores the chunk adds it to the chunk's own spend. Only invocations that fail write it, and only those
 * that may follow one read it, so a chunk stored at its first try costs no request for it.
 */
final class CarriedSpend {

    /** The read and the write of the record itself, made after the meter was read. */
    private static final Spend CARRYING = new Spend(0, 0, 0, 0, 0, 0, 0, 1, 1);

    private final RenderStore store;

    CarriedSpend(RenderStore store) {
        this.store = store;
    }

    /** The chunk's carried spend (nothing: zero). */
    Spend read(String renderId, int index) {
        return store.readJson(RenderStore.spendKey(renderId, index), Spend.class).orElse(Spend.ZERO);
    }

    /** Forgets the carried spend once what was {@link #read} is recorded elsewhere. */
    void forget(String renderId, int index) {
        store.delete(RenderStore.spendKey(renderId, index));
    }

    /**
     * Adds a failed invocation's spend to the chunk's carried spend. Best effort: the invocation is failing
     * for its own reason, which must reach the state machine, so a storage error here is swallowed (the
     * render's cost then misses this invocation).
     */
    void carry(String renderId, int index, Spend spent) {
        String key = RenderStore.spendKey(renderId, index);
        try {
            Spend earlier = store.readJson(key, Spend.class).orElse(Spend.ZERO);
            store.writeJson(key, earlier.plus(spent).plus(CARRYING));
        } catch (RuntimeException e) {
            // see above
        }
    }
}
