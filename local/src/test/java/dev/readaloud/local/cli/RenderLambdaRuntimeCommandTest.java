package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `readaloud render --lambda-runtime emulator`: the state machine's functions behind the Lambda Runtime
 * Interface Emulator against LocalStack give the very bytes of the in-process render.
 */
@Timeout(600)
class RenderLambdaRuntimeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READING = """
            The keeper climbed the stairs at dusk and polished the great lens until the salt was gone.

            Below him the sea was calm, and the boats came home one by one, their lamps swinging in the dark.
            """;

    @TempDir
    Path temp;

    @Test
    void render_inTheEmulator_writesTheSameWavAsInProcess_withTheSameJson() throws Exception {
        Path reading = Files.writeString(temp.resolve("short.txt"), READING);
        Path emulated = temp.resolve("emulated.wav");
        Path inProcess = temp.resolve("in-process.wav");

        ConsoleCapture.Run emulatorRun = ConsoleCapture.run("render", reading.toString(), "-o", emulated.toString(),
                "--voice", "synthetic", "--json", "--lambda-runtime", "emulator",
                "--data-dir", temp.resolve("emulator-data").toString());
        ConsoleCapture.Run inProcessRun = ConsoleCapture.run("render", reading.toString(), "-o", inProcess.toString(),
                "--voice", "synthetic", "--json", "--data-dir", temp.resolve("in-process-data").toString());

        assertThat(emulatorRun.status()).as(emulatorRun.stderr()).isZero();
        assertThat(inProcessRun.status()).as(inProcessRun.stderr()).isZero();
        assertThat(Files.readAllBytes(emulated)).isEqualTo(Files.readAllBytes(inProcess));
        JsonNode emulatorJson = JSON.readTree(emulatorRun.stdout());
        JsonNode inProcessJson = JSON.readTree(inProcessRun.stdout());
        assertThat(emulatorJson.path("sha256")).isEqualTo(inProcessJson.path("sha256"));
        assertThat(emulatorJson.path("chunkCount").asInt()).isEqualTo(inProcessJson.path("chunkCount").asInt()).isEqualTo(3);
        assertThat(emulatorRun.stderr()).contains("LocalStack at http://127.0.0.1:")
                .contains("3/3 chunks")
                .doesNotContain("\"event\"");
        // The functions' own logs went to the render log, one line each, named by function.
        assertThat(Files.readString(Path.of(emulatorJson.path("log").asText())))
                .contains("SynthesizeChunkFunction | ").contains("\"event\":\"chunk.synthesized\"");
    }

    @Test
    void render_withAnUnknownLambdaRuntime_isRefused() {
        ConsoleCapture.Run run = ConsoleCapture.run("render", "-", "--lambda-runtime", "docker",
                "--data-dir", temp.resolve("data").toString());

        assertThat(run.status()).isNotZero();
        assertThat(run.stderr()).contains("--lambda-runtime must be inprocess or emulator, got 'docker'");
    }
}
