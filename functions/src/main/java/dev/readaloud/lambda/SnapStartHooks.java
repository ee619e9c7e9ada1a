package dev.readaloud.lambda;

import dev.readaloud.logging.JsonLog;
import dev.readaloud.render.RenderIds;
import dev.readaloud.render.RenderStore;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * What a function does around its SnapStart snapshot (org.crac hooks, which the Lambda runtime calls;
 * a plain JVM never does). Before the snapshot it primes: it runs the code paths of a request once,
 * so a restored environment does not load classes and open connections on its first real request.
 * A priming step that fails is logged and skipped, never failing the init. After a restore it
 * refreshes what every environment restored from one snapshot would otherwise share, such as the
 * seed of a random backoff.
 */
final class SnapStartHooks implements Resource {

    /** A named piece of priming or refreshing. */
    record Step(String name, Runnable action) {
    }

    /** A render id no request ever gets (request ids are random or hashes), for harmless reads. */
    static final String PRIMING_RENDER_ID = "0".repeat(32);

    private final List<Step> primers;
    private final List<Step> refreshers;
    private final JsonLog log;

    SnapStartHooks(List<Step> primers, List<Step> refreshers, JsonLog log) {
        this.primers = List.copyOf(primers);
        this.refreshers = List.copyOf(refreshers);
        this.log = log;
    }

    /**
     * Registers the hooks with the runtime. The runtime holds them weakly: the handler keeps the returned
     * object in a field for as long as it lives.
     */
    static SnapStartHooks register(List<Step> primers, List<Step> refreshers) {
        SnapStartHooks hooks = new SnapStartHooks(primers, refreshers, JsonLog.standardOutput());
        Core.getGlobalContext().register(hooks);
        return hooks;
    }

    /** Priming for S3: a HEAD of a key no render has (a 404), which loads the client, signs and connects. */
    static Step storage(RenderStore store) {
        return new Step("s3", () -> store.exists(RenderStore.requestKey(RenderIds.require(PRIMING_RENDER_ID))));
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        for (Step primer : primers) {
            long started = System.nanoTime();
            try {
                primer.action().run();
                log.event("snapstart.primed", "step", primer.name(), "ms", (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException | LinkageError e) {
                log.event("snapstart.priming_failed", "step", primer.name(), "error", e.getClass().getName());
            }
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        for (Step refresher : refreshers) {
            refresher.action().run();
        }
        log.event("snapstart.restored", "refreshed", refresherNames());
    }

    List<String> refresherNames() {
        return refreshers.stream().map(Step::name).toList();
    }
}
