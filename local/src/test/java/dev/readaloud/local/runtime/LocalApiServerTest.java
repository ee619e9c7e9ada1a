package dev.readaloud.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readaloud.audio.WavInfo;
import dev.readaloud.audio.WavReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API on localhost (`readaloud serve`), through the same handlers as the Lambdas. */
@Timeout(60)
class LocalApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private LocalRuntime runtime;
    private LocalApiServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        runtime = RuntimeFixture.start(temp, RuntimeFixture.worker(3));
        server = LocalApiServer.start(runtime, 0);
    }

    @AfterEach
    void stop() {
        server.close();
        runtime.close();
    }

    @Test
    void postThenPoll_givesAPresignedAudioUrlThatServesTheWav() throws Exception {
        HttpResponse<String> started = send(HttpRequest.newBuilder(server.baseUrl().resolve("/renders"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
                        .put("text", RuntimeFixture.reading(5, 6)).put("concurrency", 2).toString())));
        assertThat(started.statusCode()).isEqualTo(202);
        String renderId = JSON.readTree(started.body()).path("renderId").asText();

        JsonNode status = awaitFinished(renderId);

        assertThat(status.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(status.path("progress").path("chunksDone").asInt())
                .isPositive().isEqualTo(status.path("progress").path("chunksTotal").asInt());
        HttpResponse<byte[]> audio = http.send(HttpRequest.newBuilder(URI.create(status.path("audioUrl").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(audio.statusCode()).isEqualTo(200);
        WavInfo info = WavReader.inspect(audio.body());
        assertThat(info.durationMillis()).isEqualTo(status.path("durationMs").asLong());
    }

    @Test
    void badRequests_getJsonErrorsThatSayWhatIsWrong() throws Exception {
        HttpResponse<String> badJson = send(HttpRequest.newBuilder(server.baseUrl().resolve("/renders"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": ")));
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(
                server.baseUrl().resolve("/renders/0123456789abcdef0123456789abcdef")).GET());
        HttpResponse<String> noRoute = send(HttpRequest.newBuilder(server.baseUrl().resolve("/nowhere")).GET());

        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badJson.body()).path("error").asText()).containsIgnoringCase("json");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(noRoute.statusCode()).isEqualTo(404);
    }

    @Test
    void aVoiceTheLocalWorkerDoesNotSpeak_isA400NamingItsVoices_andStartsNoJob() throws Exception {
        HttpResponse<String> refused = send(HttpRequest.newBuilder(server.baseUrl().resolve("/renders"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
                        .put("text", "The keeper lit the lamp.").put("voice", "nobody").toString())));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("error").asText())
                .isEqualTo("unknown \"voice\" \"nobody\"; this deployment speaks freetts, kevin16, synthetic");
        assertThat(runtime.worker().stats().jobsSubmitted()).isZero();
    }

    private JsonNode awaitFinished(String renderId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(45));
        while (true) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(server.baseUrl().resolve("/renders/" + renderId)).GET());
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode status = JSON.readTree(response.body());
            String state = status.path("status").asText();
            if (!state.equals("RUNNING") && !state.equals("PENDING")) {
                return status;
            }
            assertThat(Instant.now()).as("render %s still %s", renderId, state).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
