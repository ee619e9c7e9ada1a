package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readaloud.local.runtime.LocalApiServer;
import dev.readaloud.local.runtime.LocalRuntime;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What `readaloud serve` answers, with the runtime its options build (the local worker's voices). */
@Timeout(60)
class ServeCommandTest {

    @TempDir
    Path temp;

    @Test
    void serve_refusesAnUnknownVoiceWith400_beforeAnyRenderStarts() throws Exception {
        RuntimeMixin options = new RuntimeMixin();
        new CommandLine(new ServeOptions(options)).parseArgs("--data-dir", temp.toString());

        try (LocalRuntime runtime = LocalRuntime.start(options.options(3));
             LocalApiServer server = LocalApiServer.start(runtime, 0)) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.baseUrl().resolve("/renders"))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"Hello there.\", \"voice\": \"nosuch\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(new ObjectMapper().readTree(answer.body()).path("error").asText())
                    .isEqualTo("unknown \"voice\" \"nosuch\"; this deployment speaks freetts, kevin16, synthetic");
        }
    }

    /** Parses the shared options exactly as `serve` does. */
    @CommandLine.Command(name = "serve")
    static final class ServeOptions {
        @CommandLine.Mixin
        final RuntimeMixin options;

        ServeOptions(RuntimeMixin options) {
            this.options = options;
        }
    }
}
