package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One conformance case from src/test/resources/asl: a definition, an input, what each Task state
 * does, and the expected outcome with the AWS documentation page it comes from ({@code doc}).
 *
 * <p>Task behaviours: {@code {"returns": X}}, {@code {"echo": true}}, {@code {"fails": {"error",
 * "cause"}}}, {@code {"failTimes": N, "error", "cause", "then": X}}, {@code {"sleepSeconds": N}}.
 * Each becomes a Java {@link TaskResource} for the engine and a shell command for the CLI.
 */
public record AslCase(String name, String doc, JsonNode definition, JsonNode input, Map<String, JsonNode> tasks,
                      JsonNode expected) {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final String EXECUTION_NAME = "local-execution";

    public static Path root() {
        return Path.of(System.getProperty("readaloud.home", ".."), "local", "src", "test", "resources", "asl");
    }

    public static Stream<AslCase> all() {
        try (Stream<Path> files = Files.walk(root())) {
            List<Path> sorted = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            return sorted.stream().map(AslCase::load);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AslCase load(Path file) {
        try {
            JsonNode node = MAPPER.readTree(file.toFile());
            String name = root().relativize(file).toString().replace(".json", "");
            Map<String, JsonNode> tasks = new LinkedHashMap<>();
            node.path("tasks").properties().forEach(e -> tasks.put(e.getKey(), e.getValue()));
            JsonNode input = node.has("input") ? node.get("input") : MAPPER.createObjectNode();
            return new AslCase(name, node.path("doc").asText(), node.get("definition"), input, tasks, node.get("expected"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String definitionText() {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(definition);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean expectsLoadError() {
        return expected.has("loadError");
    }

    /** A Java resource per task state, with its own attempt counter. */
    public TaskResource javaResource(String state) {
        JsonNode spec = tasks.get(state);
        if (spec == null) {
            return null;
        }
        AtomicInteger calls = new AtomicInteger();
        return (input, context) -> {
            int call = calls.incrementAndGet();
            if (spec.has("returns")) {
                return spec.get("returns");
            }
            if (spec.has("echo")) {
                return input;
            }
            if (spec.has("fails")) {
                throw new TaskFailedException(spec.get("fails").path("error").asText(), spec.get("fails").path("cause").asText());
            }
            if (spec.has("failTimes")) {
                if (call <= spec.get("failTimes").asInt()) {
                    throw new TaskFailedException(spec.path("error").asText(), spec.path("cause").asText());
                }
                return spec.get("then");
            }
            if (spec.has("sleepSeconds")) {
                try {
                    Thread.sleep(spec.get("sleepSeconds").asLong() * 1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TaskFailedException("Interrupted", "");
                }
                return NullNode.getInstance();
            }
            throw new IllegalStateException("case " + this.name + ": unknown task spec " + spec);
        };
    }

    /** The same behaviour as a shell command; {@code scratch} holds attempt counters. */
    public String shellCommand(String state, Path scratch) {
        JsonNode spec = tasks.get(state);
        if (spec.has("returns")) {
            return "cat >/dev/null; printf '%s' " + quote(write(spec.get("returns")));
        }
        if (spec.has("echo")) {
            return "cat";
        }
        if (spec.has("fails")) {
            return fail(spec.get("fails").path("error").asText(), spec.get("fails").path("cause").asText());
        }
        if (spec.has("failTimes")) {
            String counter = quote(scratch.resolve(state.replaceAll("[^A-Za-z0-9]", "_") + ".count").toString());
            return "n=$(cat " + counter + " 2>/dev/null || echo 0); n=$((n+1)); echo $n > " + counter + "; "
                    + "if [ $n -le " + spec.get("failTimes").asInt() + " ]; then "
                    + fail(spec.path("error").asText(), spec.path("cause").asText()) + "; fi; "
                    + "printf '%s' " + quote(write(spec.get("then")));
        }
        if (spec.has("sleepSeconds")) {
            return "sleep " + spec.get("sleepSeconds").asLong() + "; echo null";
        }
        throw new IllegalStateException("case " + name + ": unknown task spec " + spec);
    }

    private static String fail(String error, String cause) {
        return "printf '%s\\n%s\\n' " + quote(error) + " " + quote(cause) + " >&2; exit 3";
    }

    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
