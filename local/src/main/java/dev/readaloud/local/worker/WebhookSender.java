package dev.readaloud.local.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers jobs' webhooks as RunPod does: one POST of the job's /status answer
 * ({@code Content-Type: application/json}) once it ended, retried per {@link WebhookPolicy} until the
 * receiver answers 2xx. Nothing here runs on the thread that ends a job: the body is written and sent
 * from the sender's own scheduler thread and the HTTP client's threads.
 */
final class WebhookSender implements AutoCloseable {

    private final ObjectMapper json;
    private final WebhookPolicy policy;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final Object pendingLock = new Object();
    private int pending;
    private volatile boolean closed;

    WebhookSender(ObjectMapper json, WebhookPolicy policy) {
        this.json = json;
        this.policy = policy;
        this.http = HttpClient.newBuilder()
                .connectTimeout(policy.attemptTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("readaloud-webhooks").factory());
    }

    /** Counts of deliveries so far. */
    record Counts(long delivered, long failedAttempts, long givenUp, long lost) {
    }

    /**
     * Counts a webhook to come: called when a job naming one is accepted, so {@link #awaitIdle} also
     * waits for jobs still running. Its job's end settles it with {@link #send} or {@link #lose}.
     */
    void expect() {
        synchronized (pendingLock) {
            pending++;
        }
    }

    /**
     * Sends {@code status} (the job's /status answer, complete: the caller builds it after the job
     * ended, so a receiver polling /status at once finds the same answer) to {@code target}.
     */
    void send(WebhookTarget target, ObjectNode status) {
        if (closed) {
            end();
            return;
        }
        try {
            scheduler.execute(() -> {
                byte[] body;
                try {
                    body = json.writeValueAsBytes(status);
                } catch (JsonProcessingException e) {
                    giveUp();
                    return;
                }
                attempt(target, body, 1);
            });
        } catch (RejectedExecutionException e) {
            end(); // closed meanwhile
        }
    }

    /** Records a webhook dropped by the {@code webhook-loss} fault: never sent. */
    void lose() {
        lost.incrementAndGet();
        end();
    }

    Counts counts() {
        return new Counts(delivered.get(), failedAttempts.get(), givenUp.get(), lost.get());
    }

    /**
     * Waits until every webhook {@linkplain #expect() expected} so far was delivered, given up or lost;
     * false if {@code timeout} passed first.
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (pendingLock) {
            while (pending > 0) {
                long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMillis <= 0) {
                    return false;
                }
                pendingLock.wait(leftMillis);
            }
            return true;
        }
    }

    /** Drops deliveries still waiting for a retry; later {@link #send}s do nothing. */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        http.shutdownNow();
    }

    private void attempt(WebhookTarget target, byte[] body, int attempt) {
        if (closed) {
            end();
            return;
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(target.uri())
                    .timeout(policy.attemptTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (IllegalArgumentException e) {
            // A URL that passed WebhookTarget's checks but that the HTTP client refuses: no attempt can succeed.
            failedAttempts.incrementAndGet();
            giveUp();
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                delivered.incrementAndGet();
                end();
                return;
            }
            failedAttempts.incrementAndGet();
            if (attempt >= policy.attempts()) {
                giveUp();
                return;
            }
            try {
                scheduler.schedule(() -> attempt(target, body, attempt + 1), policy.retryDelay().toNanos(),
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                end(); // closed meanwhile
            }
        });
    }

    private void giveUp() {
        givenUp.incrementAndGet();
        end();
    }

    private void end() {
        synchronized (pendingLock) {
            pending--;
            pendingLock.notifyAll();
        }
    }
}
