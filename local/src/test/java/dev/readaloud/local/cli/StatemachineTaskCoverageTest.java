package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `readaloud statemachine` on the project's own definition, whose Task resources are SAM
 * DefinitionSubstitutions placeholders: --task for every Task state is enough, and whatever is
 * missing is named in one error.
 */
class StatemachineTaskCoverageTest {

    private static final Path RENDER_ASL = Path.of(System.getProperty("readaloud.home", ".."),
            "statemachine", "render.asl.json");

    @TempDir
    Path dir;

    @Test
    void renderDefinition_runsWithoutSubstitutions_whenEveryTaskStateHasACommand() throws Exception {
        // The chunks' Distributed Map reads its items from s3://b/items.json: here the file items/b/items.json.
        Files.createDirectories(dir.resolve("items/b"));
        Files.writeString(dir.resolve("items/b/items.json"), "[{\"index\":0},{\"index\":1}]");
        ConsoleCapture.Run run = ConsoleCapture.run("statemachine", RENDER_ASL.toString(),
                "--input", "{\"renderId\": \"r1\", \"maxConcurrency\": 2}",
                "--items-dir", dir.resolve("items").toString(),
                "--task", "Plan=echo '{\"renderId\":\"r1\",\"chunkCount\":2,"
                        + "\"items\":{\"bucket\":\"b\",\"key\":\"items.json\"},\"maxConcurrency\":2,"
                        + "\"waitMode\":\"poll\",\"callbackTimeoutSeconds\":300}'",
                "--task", "SubmitChunk=cat",
                "--task", "SynthesizeChunk=cat",
                "--task", "AbandonChunk=cat",
                "--task", "Stitch=echo '{\"stitched\": true}'",
                "--task", "RecordFailure=cat",
                "--task", "CancelJobs=cat",
                "--time-scale", "0");

        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(run.stdout().strip()).isEqualTo("{\"stitched\":true}");
    }

    @Test
    void renderDefinition_withTasksMissing_namesEveryOneInOneError() {
        ConsoleCapture.Run run = ConsoleCapture.run("statemachine", RENDER_ASL.toString(),
                "--task", "Plan=cat", "--task", "Stich=cat");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.stderr().strip()).isEqualTo("readaloud statemachine: --task names no Task state of the"
                + " definition: 'Stich'; Task state 'SubmitChunk' has no --task SubmitChunk=COMMAND;"
                + " Task state 'SynthesizeChunk' has no --task SynthesizeChunk=COMMAND;"
                + " Task state 'AbandonChunk' has no --task AbandonChunk=COMMAND;"
                + " Task state 'Stitch' has no --task Stitch=COMMAND;"
                + " Task state 'RecordFailure' has no --task RecordFailure=COMMAND;"
                + " Task state 'CancelJobs' has no --task CancelJobs=COMMAND");
    }

    @Test
    void aPlaceholderOutsideTaskResources_stillNeedsASubstitution() throws Exception {
        Path definition = Files.writeString(dir.resolve("def.json"), """
                {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "${WorkArn}",
                  "Parameters": {"bucket": "${BucketName}", "table": "${TableName}"}, "End": true}}}
                """);

        ConsoleCapture.Run missing = ConsoleCapture.run("statemachine", definition.toString(), "--task", "Work=cat");
        ConsoleCapture.Run given = ConsoleCapture.run("statemachine", definition.toString(), "--task", "Work=cat",
                "--substitution", "BucketName=b1", "--substitution", "TableName=t1");

        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.stderr().strip()).isEqualTo("readaloud statemachine: DefinitionSubstitutions placeholders"
                + " used outside Task resources need --substitution BucketName=VALUE, --substitution TableName=VALUE");
        assertThat(given.status()).as(given.stderr()).isZero();
        assertThat(given.stdout().strip()).isEqualTo("{\"bucket\":\"b1\",\"table\":\"t1\"}");
    }

    @Test
    void itemsDir_aMissingItemsFile_failsTheMapWithItemReaderFailed_namingTheFile() throws Exception {
        ConsoleCapture.Run run = ConsoleCapture.run("statemachine", RENDER_ASL.toString(),
                "--input", "{\"renderId\": \"r1\", \"maxConcurrency\": 2}",
                "--items-dir", dir.toString(),
                "--task", "Plan=echo '{\"renderId\":\"r1\",\"chunkCount\":2,"
                        + "\"items\":{\"bucket\":\"b\",\"key\":\"nowhere.json\"},\"maxConcurrency\":2,"
                        + "\"waitMode\":\"poll\",\"callbackTimeoutSeconds\":300}'",
                "--task", "SubmitChunk=cat", "--task", "SynthesizeChunk=cat", "--task", "AbandonChunk=cat", "--task", "Stitch=cat",
                "--task", "RecordFailure=echo '{\"error\":\"E\",\"cause\":\"C\"}'", "--task", "CancelJobs=cat",
                "--time-scale", "0");

        assertThat(run.status()).isEqualTo(1);
        // RecordFailure ran: the Map's Catch saw the reader's failure.
        assertThat(run.stdout()).contains("\"error\":\"E\"");
    }
}
