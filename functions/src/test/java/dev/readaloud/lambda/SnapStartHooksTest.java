package dev.readaloud.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.readaloud.logging.JsonLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SnapStartHooksTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Test
    void beforeCheckpoint_aPrimingStepThatFails_isLoggedAndTheOthersStillRun() {
        List<String> ran = new ArrayList<>();
        SnapStartHooks hooks = new SnapStartHooks(List.of(
                new SnapStartHooks.Step("s3", () -> {
                    throw new IllegalStateException("no network during the snapshot");
                }),
                new SnapStartHooks.Step("classes", () -> {
                    throw new NoClassDefFoundError("dev/readaloud/Missing");
                }),
                new SnapStartHooks.Step("runpod", () -> ran.add("runpod"))), List.of(), new JsonLog(lines::add));

        hooks.beforeCheckpoint(null);

        assertThat(ran).containsExactly("runpod");
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("snapstart.priming_failed")
                .contains("java.lang.IllegalStateException").doesNotContain("no network"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("java.lang.NoClassDefFoundError"));
    }

    @Test
    void afterRestore_runsEveryRefresher() {
        List<String> ran = new ArrayList<>();
        SnapStartHooks hooks = new SnapStartHooks(List.of(), List.of(
                new SnapStartHooks.Step("runpod-jitter", () -> ran.add("jitter")),
                new SnapStartHooks.Step("other", () -> ran.add("other"))), new JsonLog(lines::add));

        hooks.afterRestore(null);

        assertThat(ran).containsExactly("jitter", "other");
        assertThat(lines).singleElement().satisfies(line -> assertThat(line).contains("snapstart.restored"));
    }
}
