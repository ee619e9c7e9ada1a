package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `readaloud invoke` runs a function of template.yaml in the emulated Lambda runtime (needs aws-lambda-rie). */
class InvokeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path HOME = Path.of(System.getProperty("readaloud.home", ".."));

    @TempDir
    Path dir;

    @Test
    void invoke_printsTheFunctionsAnswerOnStdoutAndItsLogsOnStderr() throws Exception {
        ConsoleCapture.Run run = ConsoleCapture.run("invoke", "RecordFailureFunction",
                "-e", HOME.resolve("events/record-failure.json").toString(), "--data-dir", dir.toString());

        assertThat(run.status()).as(run.stderr()).isZero();
        JsonNode answer = JSON.readTree(run.stdout());
        assertThat(answer.path("error").asText()).isEqualTo("dev.readaloud.runpod.JobFailedException");
        assertThat(run.stderr()).contains("[RecordFailureFunction] REPORT RequestId:");
        // What the function wrote is in the embedded S3 under the data directory, where `render` keeps renders.
        try (var files = Files.walk(dir.resolve("s3"))) {
            assertThat(files.map(Path::toString)).anyMatch(path -> path.endsWith("failure.json"));
        }
    }

    @Test
    void invoke_functionError_printsThePayloadAndExitsNonZeroWithOneLine() throws Exception {
        Path event = dir.resolve("bad-plan.json");
        Files.writeString(event, "{\"renderId\": \"not-a-render-id\", \"maxConcurrency\": 3}");

        ConsoleCapture.Run run = ConsoleCapture.run("invoke", "PlanFunction", "-e", event.toString(),
                "--parameter-overrides", "MaxConcurrency=1", "--data-dir", dir.toString());

        assertThat(run.status()).isEqualTo(1);
        JsonNode payload = JSON.readTree(run.stdout());
        assertThat(payload.path("errorType").asText()).isEqualTo("dev.readaloud.render.InvalidStepInputException");
        assertThat(run.stderr()).contains("readaloud invoke: PlanFunction failed: dev.readaloud.render.InvalidStepInputException: "
                + "renderId must be 32 lowercase hex digits");
    }

    @Test
    void invoke_unknownFunction_namesTheFunctionsThereAre() {
        ConsoleCapture.Run run = ConsoleCapture.run("invoke", "NoSuchFunction", "--data-dir", dir.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.stderr()).contains("no function NoSuchFunction").contains("PlanFunction");
    }
}
