package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.readaloud.local.statemachine.AslCase;

import java.io.IOException;


import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite again, through {@code readaloud statemachine} in-process, every Task state
 * a shell command ({@code cat}, {@code printf ...}, {@code ... >&2; exit 3}).
 */
class StatemachineCommandTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;


    static Stream<AslCase> cases() {
        return AslCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void commandBehavesAsDocumented(AslCase aslCase) throws IOException {
        Path definition = dir.resolve("definition.json");
        Files.writeString(definition, aslCase.definitionText());
        List<String> args = new ArrayList<>(List.of("statemachine", definition.toString(),
                "--input", MAPPER.writeValueAsString(aslCase.input()), "--time-scale", "0"));
        for (String state : aslCase.tasks().keySet()) {
            args.add("--task");
            args.add(state + "=" + aslCase.shellCommand(state, dir));
        }

        ConsoleCapture.Run run = run(args.toArray(String[]::new));

        JsonNode expected = aslCase.expected();
        if (aslCase.expectsLoadError()) {
            assertThat(run.status()).isNotZero();
            assertThat(run.stderr().strip()).doesNotContain("\n").contains(expected.get("loadError").asText());
            return;
        }
        if (expected.has("output")) {
            assertThat(run.status()).as("stderr %s stdout %s", run.stderr(), run.stdout()).isZero();
            assertThat(number(MAPPER.readTree(run.stdout()))).isEqualTo(number(expected.get("output")));
        } else {
            assertThat(run.status()).as("stderr %s", run.stderr()).isEqualTo(1);
            JsonNode failure = MAPPER.readTree(run.stdout());
            assertThat(failure.get("error").asText()).isEqualTo(expected.get("error").asText());
            if (expected.has("cause")) {
                assertThat(failure.get("cause").asText()).isEqualTo(expected.get("cause").asText());
            }
        }
    }

    @Test
    void taskStateWithoutCommand_failsAtStartNamingTheState() throws IOException {
        Path definition = dir.resolve("d.json");
        Files.writeString(definition, """
                {"StartAt": "Work", "States": {"Work": {"Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:W", "End": true}}}""");

        ConsoleCapture.Run run = run("statemachine", definition.toString());

        assertThat(run.status()).isNotZero();
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("Task state 'Work' has no --task Work=COMMAND");
    }

    @Test
    void inputFromFileAndSubstitutions() throws IOException {
        Path definition = dir.resolve("d.json");
        Files.writeString(definition, """
                {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "${WorkArn}",
                  "Parameters": {"n.$": "$.n", "where": "${Where}"}, "End": true}}}""");
        Path input = dir.resolve("input.json");
        Files.writeString(input, "{\"n\": 3}");

        ConsoleCapture.Run run = run("statemachine", definition.toString(), "--input", "@" + input,
                "--substitution", "WorkArn=arn:aws:lambda:us-east-1:123456789012:function:W",
                "--substitution", "Where=here \"quoted\"", "--task", "Work=cat");

        assertThat(run.status()).as(run.stderr()).isZero();
        assertThat(MAPPER.readTree(run.stdout())).isEqualTo(MAPPER.readTree("{\"n\":3,\"where\":\"here \\\"quoted\\\"\"}"));
    }

    @Test
    void badDefinition_exitsNonZeroWithOneLineNamingStateAndField() throws IOException {
        Path definition = dir.resolve("d.json");
        Files.writeString(definition, "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true, \"Resultpath\": \"$.x\"}}}");

        ConsoleCapture.Run run = run("statemachine", definition.toString());

        assertThat(run.status()).isNotZero();
        assertThat(run.stderr().strip()).isEqualTo("readaloud statemachine: state 'A': unknown field 'Resultpath' for a Pass state");
    }

    private static JsonNode number(JsonNode node) throws IOException {
        return MAPPER.readTree(MAPPER.writeValueAsString(node));
    }

    private static ConsoleCapture.Run run(String... args) {
        return ConsoleCapture.run(args);
    }
}
