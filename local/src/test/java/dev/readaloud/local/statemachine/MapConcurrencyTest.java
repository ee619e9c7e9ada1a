package dev.readaloud.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Inline Map: concurrency bounded by and reaching MaxConcurrency, item order, failures. */
@Timeout(30) // a concurrency bug must fail the build, not hang it
class MapConcurrencyTest {

    private static StateMachine machine(String concurrency) {
        return StateMachine.load("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", %s
                  "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task",
                    "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F", "End": true}}},
                  "End": true}}}""".formatted(concurrency), Map.of());
    }

    private static JsonNode items(int count, String extra) {
        StringBuilder json = new StringBuilder("{\"items\": [");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append(i);
        }
        return Json.parse(json.append("]").append(extra).append("}").toString(), "input");
    }

    /** Each task waits until {@code parties} tasks run at once: proves the limit is reached. */
    private static TaskResource meetingInGroups(int parties, AtomicInteger inFlight, AtomicInteger maxInFlight) {
        CyclicBarrier barrier = new CyclicBarrier(parties);
        return (input, context) -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                barrier.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new TaskFailedException("NeverMet", "fewer than " + parties + " tasks ran at once");
            } finally {
                inFlight.decrementAndGet();
            }
            return input;
        };
    }

    @Test
    void maxConcurrency_isReachedAndNeverExceeded() {
        // AWS docs: "Map state in inline mode" > "MaxConcurrency" (upper bound on iterations running at once).
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();

        ExecutionResult result = new Engine((s, r) -> meetingInGroups(3, inFlight, max), EngineOptions.instant(), EngineClock.SYSTEM)
                .run(machine("\"MaxConcurrency\": 3,"), "e", items(12, ""), null);

        assertThat(result.status()).as("%s %s", result.error(), result.cause()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
        assertThat(max).hasValue(3);
        assertThat(result.output()).hasSize(12);
    }

    @Test
    void maxConcurrencyPath_readsTheLimitFromTheInput() {
        // AWS docs: "Map state in inline mode" > "MaxConcurrencyPath".
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();

        ExecutionResult result = new Engine((s, r) -> meetingInGroups(2, inFlight, max), EngineOptions.instant(), EngineClock.SYSTEM)
                .run(machine("\"MaxConcurrencyPath\": \"$.limit\","), "e", items(6, ", \"limit\": 2"), null);

        assertThat(result.succeeded()).isTrue();
        assertThat(max).hasValue(2);
    }

    @Test
    void maxConcurrencyOne_runsItemsOneAtATimeInOrder() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        List<Integer> order = new CopyOnWriteArrayList<>();
        TaskResource resource = (input, context) -> {
            max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            order.add(input.asInt());
            inFlight.decrementAndGet();
            return input;
        };

        new Engine((s, r) -> resource, EngineOptions.instant(), EngineClock.SYSTEM).run(machine("\"MaxConcurrency\": 1,"), "e", items(8, ""), null);

        assertThat(max).hasValue(1);
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void results_areInItemOrderWhateverTheFinishingOrder() {
        // AWS docs: "Map state in inline mode" > "Map state output" (an array in the order of the items).
        int count = 5;
        CountDownLatch[] finished = new CountDownLatch[count];
        for (int i = 0; i < count; i++) {
            finished[i] = new CountDownLatch(1);
        }
        List<Integer> finishingOrder = new CopyOnWriteArrayList<>();
        TaskResource resource = (input, context) -> {
            int item = input.asInt();
            try {
                // item i finishes only after item i+1: the last item finishes first
                if (item + 1 < count && !finished[item + 1].await(10, TimeUnit.SECONDS)) {
                    throw new TaskFailedException("Stuck", "item " + item);
                }
            } catch (InterruptedException e) {
                throw new TaskFailedException("Interrupted", "");
            }
            finishingOrder.add(item);
            finished[item].countDown();
            return IntNode.valueOf(item * 10);
        };

        ExecutionResult result = new Engine((s, r) -> resource, EngineOptions.instant(), EngineClock.SYSTEM)
                .run(machine("\"MaxConcurrency\": 0,"), "e", items(count, ""), null);

        assertThat(finishingOrder).containsExactly(4, 3, 2, 1, 0);
        assertThat(result.output()).isEqualTo(Json.parse("[0,10,20,30,40]", "expected"));
    }

    @Test
    void failedIteration_failsTheMapWithItsErrorAndStopsLaunching() {
        // AWS docs: "Map state in inline mode" (an iteration failure fails the Map state).
        List<Integer> started = new CopyOnWriteArrayList<>();
        TaskResource resource = (input, context) -> {
            started.add(input.asInt());
            if (input.asInt() == 1) {
                throw new TaskFailedException("ChunkFailed", "item 1");
            }
            return input;
        };

        ExecutionResult result = new Engine((s, r) -> resource, EngineOptions.instant(), EngineClock.SYSTEM)
                .run(machine("\"MaxConcurrency\": 1,"), "e", items(5, ""), null);

        assertThat(result.error()).isEqualTo("ChunkFailed");
        assertThat(result.cause()).isEqualTo("item 1");
        assertThat(started).containsExactly(0, 1);
        assertThat(result.history()).filteredOn(e -> e.type().equals(HistoryEventType.MAP_ITERATION_FAILED))
                .singleElement().satisfies(e -> assertThat(e.mapIndex()).isEqualTo(1));
        assertThat(result.history()).extracting(HistoryEvent::type).contains(HistoryEventType.MAP_STATE_FAILED)
                .doesNotContain(HistoryEventType.MAP_STATE_SUCCEEDED);
    }

    @Test
    void failedIteration_abortsRunningSiblings_butLetsTheirTasksRunToTheEnd() throws InterruptedException {
        // AWS docs: "Map state in inline mode": when an iteration fails, the Map state fails and the
        // running iterations are aborted (MapIterationAborted). Aborting never stops a Lambda invocation
        // already in flight: it runs to its end and its result is dropped.
        CountDownLatch siblingsRunning = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(2);
        CountDownLatch finished = new CountDownLatch(2);
        TaskResource resource = (input, context) -> {
            try {
                if (input.asInt() == 0) {
                    siblingsRunning.await(10, TimeUnit.SECONDS);
                    throw new TaskFailedException("First", "fails once the others run");
                }
                siblingsRunning.countDown();
                release.await();
                finished.countDown();
                return input;
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw new TaskFailedException("Interrupted", "");
            }
        };

        ExecutionResult result = new Engine((s, r) -> resource, EngineOptions.instant(), EngineClock.SYSTEM)
                .run(machine("\"MaxConcurrency\": 0,"), "e", items(3, ""), null);

        assertThat(result.error()).isEqualTo("First");
        assertThat(result.history()).filteredOn(e -> e.type().equals(HistoryEventType.MAP_ITERATION_ABORTED))
                .extracting(HistoryEvent::mapIndex).containsExactlyInAnyOrder(1, 2);
        release.countDown();
        assertThat(finished.await(10, TimeUnit.SECONDS)).as("both running siblings' tasks ran to their end").isTrue();
        assertThat(interrupted.getCount()).as("no task was interrupted").isEqualTo(2);
        assertThat(result.history()).extracting(HistoryEvent::type)
                .doesNotContain(HistoryEventType.MAP_ITERATION_SUCCEEDED);
    }
}
