package dev.readaloud.local.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A RunPod-compatible serverless TTS endpoint on 127.0.0.1: the production routes and JSON under
 * {@code /v2/{endpointId}/} ({@code run}, {@code runsync?wait=}, {@code status/{id}[?wait=]},
 * {@code cancel/{id}}, {@code health}), a real queue in front of a fixed number of workers, a
 * latency model, injected faults and expiring results. A job whose request names a {@code webhook}
 * has its final status POSTed there as RunPod does (see {@link WebhookPolicy}), and every job's
 * execution is accounted as RunPod would bill it (see {@link Billing}).
 *
 * <p>{@code status?wait=ms} is this worker's long poll: the request is held until the job ends
 * or the wait passes (see {@link WorkerOptions#honourStatusWait()}).
 */
public final class LocalWorker implements AutoCloseable {

    /** The FreeTTS voice's own name, accepted for {@code freetts}. */
    private static final String FREETTS_ALIAS = "kevin16";


    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DEFAULT_RUNSYNC_WAIT_MILLIS = 90_000;
    private static final long MIN_RUNSYNC_WAIT_MILLIS = 1_000;
    private static final long MAX_WAIT_MILLIS = 300_000;
    private static final int MAX_BODY_BYTES = 20 * 1024 * 1024;
    private static final List<String> ROUTES = List.of("run", "runsync", "status", "cancel", "health");
    private static final byte[] NOT_A_WAV = "this is not a WAV file: the worker wrote garbage".getBytes(StandardCharsets.US_ASCII);

    private final WorkerOptions options;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final List<Thread> workerThreads = new ArrayList<>();
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, SpeechVoice> voices = new ConcurrentHashMap<>();
    private final AtomicLong jobSequence = new AtomicLong();
    private final Map<String, AtomicLong> jobsPerText = new ConcurrentHashMap<>();
    private final AtomicLong requestSequence = new AtomicLong();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final AtomicInteger maxInProgress = new AtomicInteger();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final WebhookSender webhooks;
    private final BillingLedger ledger;
    private final Object rateWindowLock = new Object();
    private long rateWindowSecond;
    private int rateWindowCount;
    private volatile boolean closed;

    private LocalWorker(WorkerOptions options, HttpServer server, ExecutorService handlers) {
        this.options = options;
        this.server = server;
        this.handlers = handlers;
        this.webhooks = new WebhookSender(JSON, options.webhooks());
        this.ledger = new BillingLedger(options.endpointId());
        voices.put(SyntheticVoice.NAME, new SyntheticVoice());
        voices.put(FreeTtsVoice.NAME, new FreeTtsVoice());
    }

    /** Starts the worker; it serves until {@link #close()}. */
    public static LocalWorker start(WorkerOptions options) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 64);
        ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(handlers);
        LocalWorker worker = new LocalWorker(options, server, handlers);
        server.createContext("/", worker::handle);
        for (int i = 0; i < options.workers(); i++) {
            String name = "worker-" + (i + 1);
            Thread thread = Thread.ofPlatform().daemon().name("readaloud-" + name).unstarted(() -> worker.work(name));
            worker.workerThreads.add(thread);
            thread.start();
        }
        server.start();
        return worker;
    }

    /** {@code http://127.0.0.1:PORT/v2}: use as {@code RunPodConfig.baseUrl}. */
    /** The voice names a job may ask for: the voices and the FreeTTS voice's own name, kevin16. */
    public SortedSet<String> voiceNames() {
        SortedSet<String> names = new TreeSet<>(voices.keySet());
        names.add(FREETTS_ALIAS);
        return names;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port() + "/v2");
    }

    public String endpointId() {
        return options.endpointId();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public WorkerOptions options() {
        return options;
    }

    public WorkerStats stats() {
        Map<String, Long> byRoute = new TreeMap<>();
        requests.forEach((route, count) -> byRoute.put(route, count.sum()));
        WebhookSender.Counts sent = webhooks.counts();
        Billing billing = ledger.all();
        return new WorkerStats(maxInProgress.get(), jobSequence.get(), completed.get(), failed.get(), timedOut.get(),
                cancelled.get(), rateLimited.get(), Map.copyOf(byRoute), sent.delivered(), sent.failedAttempts(),
                sent.givenUp(), sent.lost(), billing.executionMillis(), billing.billedSeconds());
    }

    /** What RunPod would bill for every job that has ended on this endpoint so far. */
    public Billing billing() {
        return ledger.all();
    }

    /**
     * What RunPod would bill for the jobs among {@code jobIds} that have ended, whether or not their
     * results were delivered or expired since.
     */
    public Billing billing(Collection<String> jobIds) {
        return ledger.of(jobIds);
    }

    /**
     * Waits until the webhook of every job submitted so far with one was delivered, given up after its
     * last attempt, or lost to the {@code webhook-loss} fault: its job has to end first. False when
     * {@code timeout} passed first.
     */
    public boolean awaitWebhooks(Duration timeout) throws InterruptedException {
        return webhooks.awaitIdle(timeout);
    }

    /**
     * {@link System#nanoTime()} when a job ended on the worker, for measuring how long a client
     * takes to notice; empty while it runs or when the id is unknown.
     */
    public java.util.OptionalLong finishedNanos(String jobId) {
        Job job = jobs.get(jobId);
        long nanos = job == null ? 0 : job.finishedNanos();
        return nanos == 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(nanos);
    }

    /** Stops serving and stops the workers; calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        workerThreads.forEach(Thread::interrupt);
        handlers.shutdownNow();
        webhooks.close();
    }

    // ---------------------------------------------------------------- workers

    private void work(String name) {
        boolean cold = !options.latency().coldStart().isZero();
        while (!closed) {
            Job job;
            try {
                job = queue.take();
                job.expireIfQueuedTooLong(Instant.now());
                if (job.state() != Job.State.IN_QUEUE) {
                    continue;
                }
                if (cold) {
                    // A cold worker boots while its first job waits IN_QUEUE: the boot counts in delayTime.
                    Thread.sleep(options.latency().coldStart());
                    cold = false;
                    job.expireIfQueuedTooLong(Instant.now());
                }
                if (!job.start(Instant.now(), name)) {
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            }
            int running = inProgress.incrementAndGet();
            maxInProgress.accumulateAndGet(running, Math::max);
            try {
                execute(job);
            } catch (InterruptedException e) {
                end(job, Job.State.FAILED, null, "worker shut down");
                return;
            } catch (RuntimeException e) {
                end(job, Job.State.FAILED, null, "worker error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            } finally {
                inProgress.decrementAndGet();
            }
        }
    }

    private void execute(Job job) throws InterruptedException {
        long startNanos = System.nanoTime();
        String text = job.input.path("text").isTextual() ? job.input.get("text").asText() : "";
        Duration modeled = options.latency().duration(text.length(), job.jitterDraw);
        Duration timeout = job.executionTimeout;
        switch (job.fault) {
            case STALL -> {
                if (!job.awaitEnd(timeout)) {
                    end(job, Job.State.TIMED_OUT, null, "job exceeded its executionTimeout of " + timeout.toMillis()
                            + " ms: the worker stopped reporting (injected stall)");
                }
                return;
            }
            case FAILURE -> {
                Duration half = min(modeled.dividedBy(2), timeout);
                if (!job.awaitEnd(half)) {
                    end(job, Job.State.FAILED, null, "worker exited unexpectedly mid-job (injected job-failure)");
                }
                return;
            }
            default -> {
                // run it
            }
        }
        if (text.isBlank()) {
            end(job, Job.State.FAILED, null, "input.text is missing or empty");
            return;
        }
        String voiceName = job.input.path("voice").asText("");
        if (voiceName.isBlank()) {
            voiceName = options.voice();
        } else if (voiceName.equals(FREETTS_ALIAS)) {
            voiceName = FreeTtsVoice.NAME;
        }
        SpeechVoice voice = voices.get(voiceName);
        if (voice == null) {
            end(job, Job.State.FAILED, null, "unknown voice '" + voiceName + "'; this worker speaks "
                    + String.join(", ", new TreeMap<>(voices).keySet()));
            return;
        }
        byte[] wav = voice.speak(text);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        if (modeled.compareTo(timeout) > 0 || elapsed.compareTo(timeout) > 0) {
            if (!job.awaitEnd(positive(timeout.minus(elapsed)))) {
                end(job, Job.State.TIMED_OUT, null, "job exceeded its executionTimeout of " + timeout.toMillis() + " ms");
            }
            return;
        }
        if (job.awaitEnd(positive(modeled.minus(elapsed)))) {
            return; // cancelled meanwhile
        }
        JsonNode output = switch (job.fault) {
            case OVERSIZE -> null;
            case BAD_AUDIO -> output(NOT_A_WAV, 0, 0);
            default -> output(wav, sampleRate(wav), durationMillis(wav));
        };
        end(job, Job.State.COMPLETED, output, null);
    }

    private JsonNode output(byte[] audio, int sampleRateHz, long durationMillis) {
        String base64 = Base64.getEncoder().encodeToString(audio);
        return switch (options.outputShape()) {
            case AUDIO_BASE64 -> {
                ObjectNode node = JSON.createObjectNode();
                node.put("audio_base64", base64);
                node.put("sample_rate", sampleRateHz);
                node.put("duration_ms", durationMillis);
                yield node;
            }
            case AUDIO_DATA_URI -> JSON.createObjectNode().put("audio", "data:audio/wav;base64," + base64);
            case BARE_BASE64 -> JSON.getNodeFactory().textNode(base64);
        };
    }

    private static void end(Job job, Job.State state, JsonNode output, String error) {
        job.finish(state, output, error, Instant.now());
    }

    /** Runs in {@link Job#finish} with the job's final status set, before anyone waiting for it wakes. */
    private void ended(Job job) {
        count(job.state());
        ledger.record(job.id, job.executionMillis());
        if (job.webhook != null) {
            if (job.webhookLost) {
                webhooks.lose();
            } else {
                webhooks.send(job.webhook, job.toJson(JSON));
            }
        }
    }

    private void count(Job.State state) {
        switch (state) {
            case COMPLETED -> completed.incrementAndGet();
            case FAILED -> failed.incrementAndGet();
            case TIMED_OUT -> timedOut.incrementAndGet();
            case CANCELLED -> cancelled.incrementAndGet();
            default -> { }
        }
    }

    // ---------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            // ["", "v2", endpointId, route, id?]
            String route = parts.length >= 4 && ROUTES.contains(parts[3]) ? parts[3] : "other";
            requests.computeIfAbsent(route, r -> new LongAdder()).increment();
            if (parts.length < 4 || parts.length > 5 || !"v2".equals(parts[1]) || route.equals("other")) {
                send(exchange, 404, error("no such route: " + exchange.getRequestURI().getPath()));
                return;
            }
            if (!authorized(exchange)) {
                send(exchange, 401, error("Unauthorized"));
                return;
            }
            if (!options.endpointId().equals(parts[2])) {
                send(exchange, 404, error("endpoint not found"));
                return;
            }
            if (rateLimitedNow()) {
                rateLimited.incrementAndGet();
                exchange.getResponseHeaders().set("Retry-After",
                        Long.toString((options.faults().retryAfter().toMillis() + 999) / 1000));
                send(exchange, 429, error("rate limit exceeded"));
                return;
            }
            String method = exchange.getRequestMethod();
            String id = parts.length == 5 ? parts[4] : null;
            boolean needsId = route.equals("status") || route.equals("cancel");
            if (needsId != (id != null)) {
                send(exchange, 404, error("no such route: " + exchange.getRequestURI().getPath()));
                return;
            }
            switch (route) {
                case "run", "runsync" -> {
                    if (!method.equals("POST")) {
                        sendMethodNotAllowed(exchange, "POST");
                        return;
                    }
                    submit(exchange, route.equals("runsync"));
                }
                case "status" -> {
                    if (!method.equals("GET") && !method.equals("POST")) {
                        sendMethodNotAllowed(exchange, "GET, POST");
                        return;
                    }
                    status(exchange, id);
                }
                case "cancel" -> {
                    if (!method.equals("POST")) {
                        sendMethodNotAllowed(exchange, "POST");
                        return;
                    }
                    cancel(exchange, id);
                }
                default -> {
                    if (!method.equals("GET")) {
                        sendMethodNotAllowed(exchange, "GET");
                        return;
                    }
                    send(exchange, 200, health());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            send(exchange, 500, error("internal error: " + e.getClass().getSimpleName()));
        }
    }

    private void submit(HttpExchange exchange, boolean sync) throws IOException, InterruptedException {
        long waitMillis = DEFAULT_RUNSYNC_WAIT_MILLIS;
        if (sync) {
            Long wait = waitParameter(exchange);
            if (wait == null && query(exchange, "wait") != null) {
                return; // 400 already sent
            }
            if (wait != null) {
                waitMillis = Math.clamp(wait, MIN_RUNSYNC_WAIT_MILLIS, MAX_WAIT_MILLIS);
            }
        }
        JsonNode body;
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (raw.length > MAX_BODY_BYTES) {
            send(exchange, 413, error("request body larger than " + MAX_BODY_BYTES + " bytes"));
            return;
        }
        try {
            body = JSON.readTree(raw);
        } catch (IOException e) {
            send(exchange, 400, error("request body is not valid JSON"));
            return;
        }
        if (body == null || !body.isObject()) {
            send(exchange, 400, error("request body must be a JSON object with an 'input' object"));
            return;
        }
        JsonNode input = body.get("input");
        if (input == null || !input.isObject()) {
            send(exchange, 400, error("request body needs an 'input' object"));
            return;
        }
        Duration executionTimeout = options.defaultExecutionTimeout();
        Duration ttl = options.defaultTtl();
        JsonNode policy = body.get("policy");
        if (policy != null && !policy.isNull()) {
            if (!policy.isObject()) {
                send(exchange, 400, error("'policy' must be an object"));
                return;
            }
            for (String key : List.of("executionTimeout", "ttl")) {
                JsonNode value = policy.get(key);
                if (value != null && !(value.canConvertToLong() && value.asLong() > 0)) {
                    send(exchange, 400, error("policy." + key + " must be a positive number of milliseconds"));
                    return;
                }
            }
            if (policy.has("executionTimeout")) {
                executionTimeout = Duration.ofMillis(policy.get("executionTimeout").asLong());
            }
            if (policy.has("ttl")) {
                ttl = Duration.ofMillis(policy.get("ttl").asLong());
            }
        }
        WebhookTarget webhook;
        try {
            webhook = webhook(body);
        } catch (IllegalArgumentException e) {
            send(exchange, 400, error(e.getMessage()));
            return;
        }
        long sequence = jobSequence.incrementAndGet();
        long seed = options.seed();
        // Random like RunPod's: a job id recorded by an earlier worker process (a render resumed after a
        // restart) must never name a different job of this one.
        String id = (sync ? "sync-" : "") + UUID.randomUUID();
        // Keyed by the text and its own job count, so the same jobs fault whatever order concurrent
        // jobs arrive in: a render with injected faults repeats exactly.
        long textJobs = jobsPerText.computeIfAbsent(input.path("text").asText(), t -> new AtomicLong()).incrementAndGet();
        long faultDraw = mix(input.path("text").asText().hashCode(), 6, textJobs);
        FaultPlan.JobFault fault = options.faults().jobFault(uniform(seed, 2, faultDraw));
        boolean webhookLost = webhook != null && options.faults().webhookLost(uniform(seed, 4, faultDraw));
        Job job = new Job(id, sequence, input, sync, Instant.now(), executionTimeout, ttl, fault,
                uniform(seed, 3, sequence), webhook, webhookLost, this::ended);
        sweepExpired();
        if (webhook != null) {
            webhooks.expect();
        }
        jobs.put(id, job);
        queue.add(job);
        if (!sync) {
            ObjectNode answer = JSON.createObjectNode().put("id", id).put("status", Job.State.IN_QUEUE.name());
            send(exchange, 200, answer);
            return;
        }
        job.awaitTerminal(waitMillis);
        answer(exchange, job);
    }

    /** The body's {@code webhook} URL; null when absent. */
    private static WebhookTarget webhook(JsonNode body) {
        JsonNode value = body.get("webhook");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'webhook' must be a string: an absolute http or https URL");
        }
        return WebhookTarget.parse(value.asText());
    }

    private void status(HttpExchange exchange, String id) throws IOException, InterruptedException {
        Long wait = waitParameter(exchange);
        if (wait == null && query(exchange, "wait") != null) {
            return;
        }
        Job job = lookup(id);
        if (job == null) {
            send(exchange, 404, error("job not found (unknown, or its result expired)"));
            return;
        }
        if (wait != null && wait > 0 && options.honourStatusWait()) {
            job.awaitTerminal(Math.min(wait, MAX_WAIT_MILLIS));
        }
        answer(exchange, job);
    }

    /**
     * Sends the job's status. A completed job's audio is forgotten once it was sent: every job would
     * otherwise hold its base64 WAV for the whole retention window, and a long reading's jobs would
     * fill the heap (memory must stay flat with the reading's length). Asked again, the job is gone
     * (404), as a job whose result expired; the client then submits a new one.
     */
    private void answer(HttpExchange exchange, Job job) throws IOException {
        ObjectNode status = job.toJson(JSON);
        if (status.has("output")) {
            jobs.remove(job.id);
        }
        send(exchange, 200, status);
    }

    private void cancel(HttpExchange exchange, String id) throws IOException {
        Job job = lookup(id);
        if (job == null) {
            send(exchange, 404, error("job not found (unknown, or its result expired)"));
            return;
        }
        end(job, Job.State.CANCELLED, null, null);
        send(exchange, 200, JSON.createObjectNode().put("id", id).put("status", job.state().name()));
    }

    private ObjectNode health() {
        long queued = 0;
        long running = 0;
        for (Job job : jobs.values()) {
            switch (job.state()) {
                case IN_QUEUE -> queued++;
                case IN_PROGRESS -> running++;
                default -> { }
            }
        }
        ObjectNode node = JSON.createObjectNode();
        node.putObject("jobs").put("completed", completed.get()).put("failed", failed.get())
                .put("inProgress", running).put("inQueue", queued).put("retried", 0);
        int busy = inProgress.get();
        node.putObject("workers").put("idle", options.workers() - busy).put("initializing", 0).put("ready", 0)
                .put("running", busy).put("throttled", 0).put("unhealthy", 0);
        return node;
    }

    private Job lookup(String id) {
        Job job = jobs.get(id);
        if (job == null) {
            return null;
        }
        Instant now = Instant.now();
        job.expireIfQueuedTooLong(now);
        if (job.expired(now, job.sync ? options.syncRetention() : options.runRetention())) {
            jobs.remove(id);
            return null;
        }
        return job;
    }

    private void sweepExpired() {
        Instant now = Instant.now();
        jobs.values().removeIf(job -> job.expired(now, job.sync ? options.syncRetention() : options.runRetention()));
    }

    private boolean authorized(HttpExchange exchange) {
        String key = options.apiKey();
        if (key == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null) {
            return false;
        }
        String presented = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : header.strip();
        return MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
    }

    private boolean rateLimitedNow() {
        long n = requestSequence.incrementAndGet();
        if (options.faults().rateLimit() > 0 && uniform(options.seed(), 1, n) < options.faults().rateLimit()) {
            return true;
        }
        if (options.maxRequestsPerSecond() > 0) {
            long second = System.nanoTime() / 1_000_000_000L;
            synchronized (rateWindowLock) {
                if (second != rateWindowSecond) {
                    rateWindowSecond = second;
                    rateWindowCount = 0;
                }
                return ++rateWindowCount > options.maxRequestsPerSecond();
            }
        }
        return false;
    }

    /** The {@code wait} query parameter in ms; null when absent, or when invalid (then 400 was sent). */
    private Long waitParameter(HttpExchange exchange) throws IOException {
        String value = query(exchange, "wait");
        if (value == null) {
            return null;
        }
        try {
            long wait = Long.parseLong(value);
            if (wait < 0) {
                throw new NumberFormatException();
            }
            return wait;
        } catch (NumberFormatException e) {
            send(exchange, 400, error("wait must be a number of milliseconds, got '" + value + "'"));
            return null;
        }
    }

    private static String query(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : pair.substring(eq + 1);
            }
        }
        return null;
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void sendMethodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        send(exchange, 405, error("method " + exchange.getRequestMethod() + " not allowed; use " + allowed));
    }

    private static void send(HttpExchange exchange, int code, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static int sampleRate(byte[] wav) {
        return (wav[24] & 0xff) | (wav[25] & 0xff) << 8 | (wav[26] & 0xff) << 16 | (wav[27] & 0xff) << 24;
    }

    private static long durationMillis(byte[] wav) {
        int rate = sampleRate(wav);
        int blockAlign = (wav[32] & 0xff) | (wav[33] & 0xff) << 8;
        return (wav.length - 44L) / blockAlign * 1000 / rate;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** A uniform draw in [0, 1) for the n-th event of a stream, from the seed only. */
    static double uniform(long seed, int stream, long n) {
        return (mix(seed, stream, n) >>> 11) * 0x1.0p-53;
    }

    private static long mix(long seed, int stream, long n) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + n * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
