package dev.readaloud.runpod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readaloud.logging.JsonLog;
import dev.readaloud.runpod.ScriptedServer.Reply;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a deliberately broken server: every failure ends in its own error type. */
class RunPodClientTest {

    private static final String KEY = "rp-secret-key-123";
    private static final String TEXT = "The keeper climbed the stairs at dusk.";
    private static final byte[] WAV = TestWavs.sine(24_000, 440, 2_400);
    private static final String WAV_BASE64 = Base64.getEncoder().encodeToString(WAV);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tempDir;
    private static SSLContext tls;

    private ScriptedServer server;
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void makeCertificate() throws Exception {
        tls = TestTls.selfSigned(tempDir);
    }

    @BeforeEach
    void startServer() throws Exception {
        server = ScriptedServer.http();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private RunPodClient client(RunPodConfig config) {
        HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(2)).build();
        return new RunPodClient(config, http, Clock.systemUTC(), sleeps::add, new Random(7), new JsonLog(logLines::add));
    }

    private RunPodClient client() {
        return client(RunPodConfig.of(server.url("/v2"), "ep", KEY).withWaits(Duration.ofSeconds(5), Duration.ZERO));
    }

    private static Instant inSeconds(int seconds) {
        return Instant.now().plusSeconds(seconds);
    }

    private static Reply completed(String output) {
        return Reply.json(200, "{\"id\":\"job-1\",\"status\":\"COMPLETED\",\"delayTime\":12,\"executionTime\":340,"
                + "\"output\":" + output + "}");
    }

    private SpeechResult synthesize(RunPodClient client) {
        return client.synthesize(new SpeechRequest(TEXT, "kevin"), null, inSeconds(10), null);
    }

    @Test
    void synthesize_submitsWithRunAndChecksTheWav() throws Exception {
        server.on("/v2/ep/run", completed("{\"audio_base64\":\"" + WAV_BASE64 + "\"}"));
        List<String> submitted = new ArrayList<>();
        RunPodConfig config = RunPodConfig.of(server.url("/v2"), "ep", KEY)
                .withExtraInput(Map.of("speed", 1.1, "format", "wav"))
                .withPolicy(Duration.ofSeconds(120), Duration.ofMinutes(30));

        SpeechResult result = client(config).synthesize(new SpeechRequest(TEXT, "kevin"), null, inSeconds(20),
                submitted::add);

        assertThat(result.jobId()).isEqualTo("job-1");
        assertThat(result.wav()).isEqualTo(WAV);
        assertThat(result.info().sampleRateHz()).isEqualTo(24_000);
        assertThat(result.info().frames()).isEqualTo(2_400);
        assertThat(result.delayTimeMillis()).isEqualTo(12);
        assertThat(result.executionTimeMillis()).isEqualTo(340);
        assertThat(result.httpRequests()).isEqualTo(1);
        assertThat(submitted).containsExactly("job-1");
        ScriptedServer.Seen request = server.seen.getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.authorization()).isEqualTo("Bearer " + KEY);
        assertThat(request.path()).isEqualTo("/v2/ep/run");
        assertThat(request.query()).isNull();
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.at("/input/text").asText()).isEqualTo(TEXT);
        assertThat(body.at("/input/voice").asText()).isEqualTo("kevin");
        assertThat(body.at("/input/speed").asDouble()).isEqualTo(1.1);
        assertThat(body.at("/input/format").asText()).isEqualTo("wav");
        assertThat(body.at("/policy/executionTimeout").asLong()).isEqualTo(120_000);
        assertThat(body.at("/policy/ttl").asLong()).isEqualTo(1_800_000);
    }

    @Test
    void synthesize_findsAudioAsDataUriBareStringListAndConfiguredField() {
        server.on("/v2/ep/run",
                completed("{\"audio\":\"data:audio/wav;base64," + WAV_BASE64 + "\"}"),
                completed("\"" + WAV_BASE64 + "\""),
                completed("[{\"audio_base64\":\"" + WAV_BASE64 + "\"}]"),
                completed("{\"speech\":\"" + WAV_BASE64 + "\",\"audio\":\"ignored\"}"));
        RunPodClient auto = client();
        assertThat(synthesize(auto).wav()).isEqualTo(WAV);
        assertThat(synthesize(auto).wav()).isEqualTo(WAV);
        assertThat(synthesize(auto).wav()).isEqualTo(WAV);
        RunPodClient configured = client(RunPodConfig.of(server.url("/v2"), "ep", KEY).withAudioField("speech"));
        assertThat(synthesize(configured).wav()).isEqualTo(WAV);
    }

    @Test
    void synthesize_downloadsAnHttpsAudioUrl() throws Exception {
        try (ScriptedServer files = ScriptedServer.https(tls)) {
            files.on("/files/a.wav", new Reply(200, WAV, Map.of("Content-Type", "audio/wav")));
            server.on("/v2/ep/run", completed("{\"audio_url\":\"" + files.url("/files/a.wav") + "\"}"));

            SpeechResult result = synthesize(client());

            assertThat(result.wav()).isEqualTo(WAV);
            assertThat(files.count("/files/a.wav")).isEqualTo(1);
        }
    }

    @Test
    void synthesize_rejectsAnOversizedAudioUrl() throws Exception {
        try (ScriptedServer files = ScriptedServer.https(tls)) {
            files.on("/files/big.wav", new Reply(200, TestWavs.sine(24_000, 440, 24_000), Map.of()));
            server.on("/v2/ep/run", completed("{\"audio_url\":\"" + files.url("/files/big.wav") + "\"}"));
            RunPodClient client = client(RunPodConfig.of(server.url("/v2"), "ep", KEY)
                    .withAudioLimits(10_000, Duration.ofSeconds(5)));

            assertThatThrownBy(() -> synthesize(client))
                    .isInstanceOf(BadAudioException.class)
                    .hasMessageContaining("10000-byte limit");
        }
    }

    @Test
    void synthesize_rejectsAPlainHttpAudioUrl() {
        server.on("/v2/ep/run", completed("{\"audio_url\":\"" + server.url("/files/a.wav") + "\"}"));

        assertThatThrownBy(() -> synthesize(client()))
                .isInstanceOf(BadAudioException.class)
                .hasMessageContaining("only https");
        assertThat(server.count("/files")).isZero();
    }

    @Test
    void synthesize_rejectsGarbageBase64() {
        server.on("/v2/ep/run", completed("{\"audio_base64\":\"UklGR!!not*base64\"}"));

        assertThatThrownBy(() -> synthesize(client()))
                .isInstanceOf(BadAudioException.class)
                .hasMessageContaining("not valid base64");
    }

    @Test
    void synthesize_rejectsBytesThatAreNotAWav() {
        String mp3ish = Base64.getEncoder().encodeToString("ID3\u0004 this is an mp3, not a wav".getBytes());
        server.on("/v2/ep/run", completed("{\"audio_base64\":\"" + mp3ish + "\"}"));

        assertThatThrownBy(() -> synthesize(client()))
                .isInstanceOf(BadAudioException.class)
                .hasMessageContaining("job-1")
                .hasMessageContaining("not a readable WAV");
    }

    @Test
    void synthesize_rejectsAWavWithNoAudioFrames() {
        byte[] empty = dev.readaloud.audio.WavWriter.pcm16(24_000, 1, new short[0]);
        server.on("/v2/ep/run", completed("{\"audio_base64\":\"" + Base64.getEncoder().encodeToString(empty) + "\"}"));

        assertThatThrownBy(() -> synthesize(client()))
                .isInstanceOf(BadAudioException.class)
                .hasMessageContaining("no audio frames");
    }

    @Test
    void synthesize_rejectsOutputWithoutAnAudioField() {
        server.on("/v2/ep/run", completed("{\"text\":\"hi\",\"seconds\":3}"));

        assertThatThrownBy(() -> synthesize(client()))
                .isInstanceOf(BadAudioException.class)
                .hasMessageContaining("none of the audio fields")
                .hasMessageContaining("seconds");
    }

    @Test
    void synthesize_reportsCompletedWithoutOutputAsEmptyOutput() {
        server.on("/v2/ep/run", Reply.json(200, "{\"id\":\"job-9\",\"status\":\"COMPLETED\",\"executionTime\":50}"));

        assertThatThrownBy(() -> synthesize(client()))
                .isInstanceOf(EmptyOutputException.class)
                .hasMessageContaining("job-9")
                // Retried as a new job by the state machine (a few times): a glitch seldom repeats.
                .satisfies(e -> assertThat(((RunPodException) e).retryable()).isTrue());
    }

    @Test
    void synthesize_mapsMalformedJsonToUnavailable() {
        server.on("/v2/ep/run", Reply.json(200, "<html>502 Bad Gateway</html>"));

        assertThatThrownBy(() -> synthesize(client()))
                .isInstanceOf(RunPodUnavailableException.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void synthesize_mapsHttpErrorsToTheirTypes() {
        server.on("/v2/ep/run", Reply.json(401, "{\"error\":\"Unauthorized\"}"));
        assertThatThrownBy(() -> synthesize(client())).isInstanceOf(UnauthorizedException.class)
                .satisfies(e -> assertThat(((RunPodException) e).retryable()).isFalse());

        RunPodClient unknown = client(RunPodConfig.of(server.url("/v2"), "nope", KEY));
        assertThatThrownBy(() -> synthesize(unknown)).isInstanceOf(EndpointNotFoundException.class)
                .hasMessageContaining("nope");

        server.on("/v2/ep2/run", Reply.json(400, "{\"error\":\"input is required\"}"));
        RunPodClient bad = client(RunPodConfig.of(server.url("/v2"), "ep2", KEY));
        assertThatThrownBy(() -> synthesize(bad)).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("input is required");
    }

    @Test
    void synthesize_doesNotRepeatASubmissionAnswered5xx() {
        server.on("/v2/ep/run", Reply.json(503, "{\"error\":\"no capacity\"}"));

        assertThatThrownBy(() -> synthesize(client()))
                .isInstanceOf(RunPodUnavailableException.class)
                .hasMessageContaining("503")
                .satisfies(e -> assertThat(((RunPodException) e).retryable()).isTrue());
        assertThat(server.count("/v2/ep/run")).isEqualTo(1);
    }

    @Test
    void synthesize_retriesStatusAfter5xxWithJitteredBackoff() {
        server.on("/v2/ep/run", Reply.json(200, "{\"id\":\"job-2\",\"status\":\"IN_QUEUE\"}"));
        server.on("/v2/ep/status/job-2", Reply.json(502, "bad gateway"), Reply.json(500, ""),
                Reply.json(200, "{\"id\":\"job-2\",\"status\":\"COMPLETED\",\"output\":{\"audio_base64\":\""
                        + WAV_BASE64 + "\"}}"));

        SpeechResult result = synthesize(client());

        assertThat(result.jobId()).isEqualTo("job-2");
        assertThat(result.httpRequests()).isEqualTo(4);
        assertThat(sleeps).hasSize(2).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void synthesize_honoursRetryAfterThenSucceeds() {
        server.on("/v2/ep/run", new Reply(429, "{\"error\":\"slow down\"}".getBytes(), Map.of("Retry-After", "1")),
                completed("{\"audio_base64\":\"" + WAV_BASE64 + "\"}"));

        SpeechResult result = synthesize(client());

        assertThat(result.httpRequests()).isEqualTo(2);
        assertThat(sleeps).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(1),
                Duration.ofMillis(1_200)));
    }

    @Test
    void synthesize_honoursARetryAfterLongerThanTheBackoffCap_whileTheDeadlineAllows() {
        server.on("/v2/ep/run", new Reply(429, new byte[0], Map.of("Retry-After", "30")),
                completed("{\"audio_base64\":\"" + WAV_BASE64 + "\"}"));

        SpeechResult result = client().synthesize(new SpeechRequest(TEXT, null), null, inSeconds(120), null);

        assertThat(result.jobId()).isEqualTo("job-1");
        // Six times the 5 s backoff cap: RunPod said when to come back, and the call had the time.
        assertThat(sleeps).singleElement().satisfies(d -> assertThat(d).isBetween(Duration.ofSeconds(30),
                Duration.ofMillis(30_200)));
    }

    @Test
    void synthesize_submitsWithRun_andAsksAnExecutionTimeoutInProportionToTheText() {
        server.on("/v2/ep/run", Reply.json(200, "{\"id\":\"j-b\",\"status\":\"IN_QUEUE\"}"));
        server.on("/v2/ep/status/j-b", Reply.json(200, "{\"id\":\"j-b\",\"status\":\"COMPLETED\",\"output\":\""
                + WAV_BASE64 + "\"}"));
        RunPodConfig config = RunPodConfig.of(server.url("/v2"), "ep", KEY).withWaits(Duration.ofSeconds(5), Duration.ZERO)
                .withPolicy(Duration.ofSeconds(600), null)
                .withExecutionBudget(new ExecutionBudget(Duration.ofSeconds(30), Duration.ofMillis(250)));
        List<String> submittedBeforeWaiting = new ArrayList<>();

        client(config).synthesize(new SpeechRequest(TEXT, null), null, inSeconds(10), id -> {
            submittedBeforeWaiting.add(id);
            assertThat(server.count("/v2/ep/status")).isZero();
        });

        assertThat(submittedBeforeWaiting).containsExactly("j-b");
        assertThat(server.seen.getFirst().path()).endsWith("/v2/ep/run");
        long expectedMillis = 30_000 + 250L * TEXT.codePointCount(0, TEXT.length());
        assertThat(server.seen.getFirst().body()).contains("\"executionTimeout\":" + expectedMillis);
    }

    @Test
    void executionTimeout_isTheBudgetsShare_cappedByThePolicy() {
        RunPodConfig config = RunPodConfig.of(server.url("/v2"), "ep", KEY).withPolicy(Duration.ofSeconds(100), null)
                .withExecutionBudget(new ExecutionBudget(Duration.ofSeconds(30), Duration.ofMillis(250)));

        assertThat(config.executionTimeoutFor(0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.executionTimeoutFor(200)).isEqualTo(Duration.ofSeconds(80));
        assertThat(config.executionTimeoutFor(4000)).isEqualTo(Duration.ofSeconds(100));
        assertThat(config.withExecutionBudget(null).executionTimeoutFor(4000)).isEqualTo(Duration.ofSeconds(100));
        assertThatThrownBy(() -> new ExecutionBudget(Duration.ofSeconds(2), Duration.ZERO))
                .hasMessageContaining("at least 5 s");
    }

    @Test
    void synthesize_failsRateLimitedWhenRetryAfterOutlastsTheDeadline() {
        server.on("/v2/ep/run", new Reply(429, new byte[0], Map.of("Retry-After", "30")));

        assertThatThrownBy(() -> synthesize(client()))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(e.retryable()).isTrue();
                });
        assertThat(server.count("/v2/ep/run")).isEqualTo(1);
    }

    @Test
    void synthesize_givesUpAfterBoundedRetriesOfABurst() {
        server.on("/v2/ep/run", new Reply(429, new byte[0], Map.of()));

        assertThatThrownBy(() -> synthesize(client())).isInstanceOf(RateLimitedException.class);
        assertThat(server.count("/v2/ep/run")).isEqualTo(4); // 1 + maxRetries (3)
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void synthesize_mapsFailedTimedOutAndCancelledJobs() {
        server.on("/v2/ep/run",
                Reply.json(200, "{\"id\":\"j-f\",\"status\":\"FAILED\",\"error\":\"CUDA error: device lost\"}"),
                Reply.json(200, "{\"id\":\"j-t\",\"status\":\"TIMED_OUT\"}"),
                Reply.json(200, "{\"id\":\"j-c\",\"status\":\"CANCELLED\"}"));

        assertThatThrownBy(() -> synthesize(client())).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("j-f").hasMessageContaining("CUDA error: device lost");
        assertThatThrownBy(() -> synthesize(client())).isInstanceOf(JobTimedOutException.class)
                .hasMessageContaining("TIMED_OUT");
        assertThatThrownBy(() -> synthesize(client())).isInstanceOf(JobTimedOutException.class)
                .hasMessageContaining("CANCELLED");
    }

    @Test
    void synthesize_reportsAJobStillRunningAtTheDeadlineWithItsId() {
        server.on("/v2/ep/run", Reply.json(200, "{\"id\":\"j-slow\",\"status\":\"IN_QUEUE\"}"));
        server.on("/v2/ep/status/j-slow", Reply.json(200, "{\"id\":\"j-slow\",\"status\":\"IN_PROGRESS\"}"));
        List<String> submitted = new ArrayList<>();

        assertThatThrownBy(() -> client().synthesize(new SpeechRequest(TEXT, null), null,
                Instant.now().plusMillis(600), submitted::add))
                .isInstanceOfSatisfying(JobStillRunningException.class, e -> {
                    assertThat(e.jobId()).isEqualTo("j-slow");
                    assertThat(e.status()).isEqualTo("IN_PROGRESS");
                });
        assertThat(submitted).containsExactly("j-slow");
        assertThat(server.count("/v2/ep/run")).isEqualTo(1);
        assertThat(server.count("/v2/ep/cancel")).isZero();
    }

    @Test
    void synthesize_resumesAGivenJobWithoutSubmittingAgain() {
        server.on("/v2/ep/status/j-old", Reply.json(200, "{\"id\":\"j-old\",\"status\":\"COMPLETED\",\"delayTime\":5,"
                + "\"executionTime\":900,\"output\":{\"audio_base64\":\"" + WAV_BASE64 + "\"}}"));
        List<String> submitted = new ArrayList<>();

        SpeechResult result = client().synthesize(new SpeechRequest(TEXT, null), "j-old", inSeconds(10), submitted::add);

        assertThat(result.jobId()).isEqualTo("j-old");
        assertThat(result.httpRequests()).isEqualTo(1);
        assertThat(submitted).isEmpty();
        assertThat(server.count("/v2/ep/run")).isZero();
    }

    @Test
    void synthesize_replacesAResumedJobThatExpiredOrFailed() {
        server.on("/v2/ep/status/j-gone", Reply.json(404, "{\"error\":\"job not found\"}"));
        server.on("/v2/ep/status/j-dead", Reply.json(200, "{\"id\":\"j-dead\",\"status\":\"FAILED\",\"error\":\"x\"}"));
        server.on("/v2/ep/run", completed("{\"audio_base64\":\"" + WAV_BASE64 + "\"}"));
        List<String> submitted = new ArrayList<>();

        client().synthesize(new SpeechRequest(TEXT, null), "j-gone", inSeconds(10), submitted::add);
        client().synthesize(new SpeechRequest(TEXT, null), "j-dead", inSeconds(10), submitted::add);

        assertThat(submitted).containsExactly("job-1", "job-1");
        assertThat(server.count("/v2/ep/run")).isEqualTo(2);
    }

    @Test
    void synthesize_pollsWithGrowingIntervalsWhenTheServerIgnoresWait() {
        server.on("/v2/ep/run", Reply.json(200, "{\"id\":\"j-p\",\"status\":\"IN_QUEUE\"}"));
        server.on("/v2/ep/status/j-p", Reply.json(200, "{\"id\":\"j-p\",\"status\":\"IN_QUEUE\"}"),
                Reply.json(200, "{\"id\":\"j-p\",\"status\":\"IN_PROGRESS\"}"),
                Reply.json(200, "{\"id\":\"j-p\",\"status\":\"IN_PROGRESS\"}"),
                Reply.json(200, "{\"id\":\"j-p\",\"status\":\"COMPLETED\",\"output\":\"" + WAV_BASE64 + "\"}"));

        SpeechResult result = synthesize(client());

        assertThat(result.httpRequests()).isEqualTo(5);
        assertThat(sleeps).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(1000));
    }

    @Test
    void synthesize_cancelsTheJobWhenTheCallerCannotRecordIt() {
        server.on("/v2/ep/run", Reply.json(200, "{\"id\":\"j-x\",\"status\":\"IN_QUEUE\"}"));
        server.on("/v2/ep/cancel/j-x", Reply.json(200, "{\"id\":\"j-x\",\"status\":\"CANCELLED\"}"));

        assertThatThrownBy(() -> client().synthesize(new SpeechRequest(TEXT, null), null, inSeconds(10), id -> {
            throw new IllegalStateException("store down");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(server.count("/v2/ep/cancel/j-x")).isEqualTo(1);
    }

    @Test
    void synthesize_rejectsAnEmptyTextBeforeSending() {
        assertThatThrownBy(() -> client().synthesize(new SpeechRequest("  ", null), null, inSeconds(5), null))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("empty");
        assertThat(server.seen).isEmpty();
    }

    @Test
    void logs_carryJobTimingsButNeverTheKeyOrTheText() {
        server.on("/v2/ep/run", completed("{\"audio_base64\":\"" + WAV_BASE64 + "\"}"));

        synthesize(client());

        assertThat(logLines).isNotEmpty().noneMatch(line -> line.contains(KEY) || line.contains("keeper"));
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("\"jobId\":\"job-1\"")
                .contains("\"status\":\"COMPLETED\"").contains("\"delayTimeMs\":12").contains("\"executionTimeMs\":340")
                .contains("\"httpRequests\":1"));
    }

    @Test
    void health_readsJobAndWorkerCounts() {
        server.on("/v2/ep/health", Reply.json(200, "{\"jobs\":{\"completed\":4,\"failed\":1,\"inProgress\":2,"
                + "\"inQueue\":3,\"retried\":0},\"workers\":{\"idle\":1,\"running\":2}}"));

        assertThat(client().health()).isEqualTo(new Health(4, 1, 2, 3, 0, 1, 2));
    }

    @Test
    void cancel_postsToTheCancelRoute() {
        server.on("/v2/ep/cancel/j-9", Reply.json(200, "{\"id\":\"j-9\",\"status\":\"CANCELLED\"}"));

        client().cancel("j-9");

        assertThat(server.seen).singleElement().satisfies(s -> {
            assertThat(s.method()).isEqualTo("POST");
            assertThat(s.path()).isEqualTo("/v2/ep/cancel/j-9");
        });
        assertThatThrownBy(() -> client().cancel("../etc")).isInstanceOf(BadRequestException.class);
    }

    /** Two environments restored from one SnapStart snapshot hold the same Random; a reseed parts them. */
    @Test
    void reseedJitter_givesClientsRestoredFromOneSnapshotDifferentBackoffs() {
        server.on("/v2/ep/health", Reply.json(503, "{}"));
        RunPodConfig config = RunPodConfig.of(server.url("/v2"), "ep", KEY).withRetries(3, Duration.ofSeconds(60));

        List<Duration> snapshotA = backoffs(config, new Random(42), false);
        List<Duration> snapshotB = backoffs(config, new Random(42), false);
        List<Duration> restoredA = backoffs(config, new Random(42), true);
        List<Duration> restoredB = backoffs(config, new Random(42), true);

        assertThat(snapshotA).hasSize(3).isEqualTo(snapshotB);
        assertThat(restoredA).hasSize(3).isNotEqualTo(restoredB);
    }

    /** The delays one client sleeps before giving up on /health, whose every answer is 503. */
    private List<Duration> backoffs(RunPodConfig config, Random snapshotState, boolean restored) {
        List<Duration> slept = new ArrayList<>();
        RunPodClient client = new RunPodClient(config, HttpClient.newHttpClient(), Clock.systemUTC(), slept::add,
                snapshotState, JsonLog.discarding());
        if (restored) {
            client.reseedJitter();
        }
        assertThatThrownBy(client::health).isInstanceOf(RunPodUnavailableException.class);
        return slept;
    }

    @Test
    void unauthorized_withARotatedKey_retriesOnceWithTheKeyReadAgain() {
        server.on("/v2/ep/run", Reply.json(401, "{\"error\":\"Unauthorized\"}"),
                completed("{\"audio_base64\":\"" + WAV_BASE64 + "\"}"));
        List<String> store = new ArrayList<>(List.of("old-key", "new-key"));
        List<String> reads = new ArrayList<>();
        RefreshingApiKey keys = new RefreshingApiKey(() -> {
            String key = store.size() > 1 ? store.removeFirst() : store.getFirst();
            reads.add(key);
            return key;
        });
        RunPodClient client = new RunPodClient(RunPodConfig.of(server.url("/v2"), "ep", null), keys,
                HttpClient.newHttpClient(), Clock.systemUTC(), sleeps::add, new Random(7), JsonLog.discarding());

        SpeechResult result = synthesize(client);

        assertThat(result.wav()).isEqualTo(WAV);
        assertThat(server.seen).extracting(ScriptedServer.Seen::authorization)
                .containsExactly("Bearer old-key", "Bearer new-key");
        assertThat(reads).containsExactly("old-key", "new-key");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void unauthorized_whenTheStoreStillHoldsTheRefusedKey_failsAfterOneRead() {
        server.on("/v2/ep/run", Reply.json(401, "{\"error\":\"Unauthorized\"}"));
        List<String> reads = new CopyOnWriteArrayList<>();
        RunPodClient client = new RunPodClient(RunPodConfig.of(server.url("/v2"), "ep", null),
                new RefreshingApiKey(() -> {
                    reads.add("wrong-key");
                    return "wrong-key";
                }), HttpClient.newHttpClient(), Clock.systemUTC(), sleeps::add, new Random(7), JsonLog.discarding());

        assertThatThrownBy(() -> synthesize(client)).isInstanceOf(UnauthorizedException.class)
                .hasMessageNotContaining("wrong-key");
        assertThat(server.count("/v2/ep/run")).isEqualTo(1);
        assertThat(reads).hasSize(2);
    }

    @Test
    void refreshingKey_isReadAtFirstUseOnly() {
        List<String> reads = new ArrayList<>();
        RefreshingApiKey keys = new RefreshingApiKey(() -> {
            reads.add("read");
            return "key";
        });
        RunPodClient client = new RunPodClient(RunPodConfig.of(server.url("/v2"), "ep", null), keys,
                HttpClient.newHttpClient());
        client.prime();
        client.reseedJitter();
        assertThat(reads).isEmpty();

        server.on("/v2/ep/health", Reply.json(200, "{\"jobs\":{},\"workers\":{}}"));
        client.health();
        client.health();

        assertThat(reads).hasSize(1);
        assertThat(server.seen).extracting(ScriptedServer.Seen::authorization).containsOnly("Bearer key");
    }
}
