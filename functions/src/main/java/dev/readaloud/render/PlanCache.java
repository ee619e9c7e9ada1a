package dev.readaloud.render;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The plans a chunk function read last, kept for its next invocations. Every chunk of a render needs
 * its render's plan.json (the chunk's text and hash), and a warm function serves many chunks of one
 * render in a row: read once, a plan of thousands of chunks costs one GET and one parse per function
 * instance instead of one per chunk, which would make a render's work grow with the square of its
 * length. A render's plan never changes: request.json is written once per render id and the plan
 * follows from it alone, so a kept plan is never stale.
 */
final class PlanCache {

    /** Plans kept: a function instance serves one render at a time, a few when renders overlap. */
    private static final int PLANS_KEPT = 4;

    private final RenderStore store;
    private final Map<String, PlanDocument> plans = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PlanDocument> eldest) {
            return size() > PLANS_KEPT;
        }
    };

    PlanCache(RenderStore store) {
        this.store = store;
    }

    /** The render's plan, or empty when plan.json does not exist (yet). */
    Optional<PlanDocument> plan(String renderId) {
        synchronized (plans) {
            PlanDocument kept = plans.get(renderId);
            if (kept != null) {
                return Optional.of(kept);
            }
        }
        Optional<PlanDocument> read = store.readJson(RenderStore.planKey(renderId), PlanDocument.class);
        read.ifPresent(plan -> {
            synchronized (plans) {
                plans.put(renderId, plan);
            }
        });
        return read;
    }
}
