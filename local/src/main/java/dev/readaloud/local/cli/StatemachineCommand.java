package dev.readaloud.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.readaloud.local.statemachine.Engine;
import dev.readaloud.local.statemachine.ItemSource;
import dev.readaloud.local.statemachine.EngineClock;
import dev.readaloud.local.statemachine.EngineOptions;
import dev.readaloud.local.statemachine.ExecutionResult;
import dev.readaloud.local.statemachine.ShellCommandTaskResource;
import dev.readaloud.local.statemachine.StateMachine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs any state machine definition with the local engine, Task states as shell commands. */
@Command(name = "statemachine", mixinStandardHelpOptions = true,
        description = {"Run an Amazon States Language definition (JSONPath, inline Map) with the local engine.",
                "A Task state STATE runs COMMAND through sh -c: its input as JSON on stdin, its result as JSON on stdout;",
                "a non-zero exit fails the task with the first stderr line as the error name and the rest as the cause.",
                "Prints the execution output; a failed execution prints {\"error\",\"cause\"} and exits 1."})
final class StatemachineCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** SAM's DefinitionSubstitutions placeholder, as the engine reads it. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    /** What a placeholder without a value becomes when only replaced Task states use it: never called. */
    private static final String STAND_IN_ARN = "arn:aws:lambda:us-east-1:000000000000:function:unsubstituted-";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEF.json", description = "The state machine definition.")
    Path definition;

    @Option(names = "--input", paramLabel = "JSON|@FILE|-", defaultValue = "{}",
            description = "Execution input: inline JSON, @FILE, or - for stdin (default: {}).")
    String input;

    @Option(names = "--task", paramLabel = "STATE=COMMAND", description = "Run Task state STATE as the shell command COMMAND.")
    List<String> tasks = List.of();

    @Option(names = "--substitution", paramLabel = "NAME=VALUE", description = "A DefinitionSubstitutions value for the placeholder $${NAME}.")
    List<String> substitutions = List.of();

    @Option(names = "--time-scale", paramLabel = "F", defaultValue = "1",
            description = "Multiplies every Wait and Retry delay (0: no waiting; default 1).")
    double timeScale;

    @Option(names = "--execution-name", paramLabel = "NAME", defaultValue = "local-execution",
            description = "The execution name, Execution.Name in the context object (default: local-execution).")
    String executionName;

    @Option(names = "--jitter-seed", paramLabel = "N", description = "Seed for JitterStrategy FULL (default: random).")
    Long jitterSeed;

    @Option(names = "--items-dir", paramLabel = "DIR",
            description = "Where a Distributed Map's ItemReader finds s3://BUCKET/KEY: the file DIR/BUCKET/KEY"
                    + " (without it an ItemReader fails with States.ItemReaderFailed).")
    Path itemsDirectory;

    @Override
    public Integer call() throws IOException {
        String text = read(definition);
        Map<String, String> commands = pairs(tasks, "--task", "STATE=COMMAND");
        StateMachine machine = load(text, pairs(substitutions, "--substitution", "NAME=VALUE"), commands);
        if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("--time-scale must be a number >= 0, got " + timeScale);
        }
        JsonNode executionInput = parseInput();
        Engine engine = new Engine((stateName, resource) -> commands.containsKey(stateName)
                ? new ShellCommandTaskResource(commands.get(stateName)) : null,
                new EngineOptions(timeScale, jitterSeed == null ? System.nanoTime() : jitterSeed), EngineClock.SYSTEM,
                itemsDirectory == null ? ItemSource.NONE : new DirectoryItemSource(itemsDirectory));
        ExecutionResult result = engine.run(machine, executionName, executionInput, null);
        PrintWriter out = spec.commandLine().getOut();
        if (result.succeeded()) {
            out.println(MAPPER.writeValueAsString(result.output()));
            out.flush();
            return 0;
        }
        ObjectNode failure = MAPPER.createObjectNode();
        failure.put("error", result.error());
        failure.put("cause", result.cause());
        out.println(MAPPER.writeValueAsString(failure));
        out.flush();
        return 1;
    }

    /**
     * Loads the definition with the given substitutions. A {@code ${Name}} placeholder without a
     * value is filled with a stand-in ARN when it appears only as the target of Task states (as the
     * Lambda ARNs of a SAM template's DefinitionSubstitutions do): every Task state runs its --task
     * command, so those resources are never called. Anywhere else it needs a --substitution. Every Task state
     * without a --task, every --task naming no Task state and every placeholder that needs a value
     * are reported together, in one error.
     */
    private static StateMachine load(String text, Map<String, String> given, Map<String, String> commands) {
        Map<String, String> standIns = new LinkedHashMap<>(given);
        Map<String, Integer> uses = new LinkedHashMap<>();
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            if (!given.containsKey(placeholder.group(1))) {
                uses.merge(placeholder.group(1), 1, Integer::sum);
                standIns.put(placeholder.group(1), STAND_IN_ARN + placeholder.group(1));
            }
        }
        StateMachine machine = StateMachine.load(text, standIns);
        List<String> problems = new ArrayList<>();
        List<String> unknown = commands.keySet().stream().filter(state -> !machine.taskResources().containsKey(state))
                .map(state -> "'" + state + "'").toList();
        if (!unknown.isEmpty()) {
            problems.add("--task names no Task state of the definition: " + String.join(", ", unknown));
        }
        machine.taskResources().keySet().stream().filter(state -> !commands.containsKey(state))
                .forEach(state -> problems.add("Task state '" + state + "' has no --task " + state + "=COMMAND"));
        List<String> needValues = new ArrayList<>();
        uses.forEach((name, count) -> {
            long replacedTasks = machine.taskResources().entrySet().stream()
                    .filter(task -> task.getValue().equals(STAND_IN_ARN + name)).count();
            if (replacedTasks < count) {
                needValues.add("--substitution " + name + "=VALUE");
            }
        });
        if (!needValues.isEmpty()) {
            problems.add("DefinitionSubstitutions placeholders used outside Task resources need "
                    + String.join(", ", needValues));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return machine;
    }

    private JsonNode parseInput() throws IOException {
        String text;
        if (input.equals("-")) {
            text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } else if (input.startsWith("@")) {
            text = read(Path.of(input.substring(1)));
        } else {
            text = input;
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null) {
                throw new IllegalArgumentException("--input is empty");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("--input is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String read(Path path) throws IOException {
        try {
            return Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + path);
        }
    }

    private static Map<String, String> pairs(List<String> values, String option, String shape) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String value : values) {
            int equals = value.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(option + " '" + value + "' must look like " + shape);
            }
            String key = value.substring(0, equals);
            if (map.put(key, value.substring(equals + 1)) != null) {
                throw new IllegalArgumentException(option + " " + key + " is given twice");
            }
        }
        return map;
    }
}
