package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.readaloud.local.statemachine.State.Io;
import dev.readaloud.local.statemachine.State.OptPath;
import dev.readaloud.local.statemachine.State.ResultHandling;
import java.util.Random;

/**
 * A state's input and output processing, in the order the AWS developer guide ("Processing input
 * and output") gives: InputPath, Parameters, (the work), ResultSelector, ResultPath, OutputPath.
 */
final class DataFlow {

    private final Random random;

    /** @param random the execution's random source, for States.MathRandom and States.UUID in templates */
    DataFlow(Random random) {
        this.random = random;
    }

    /** InputPath: null gives {}, a path that matches nothing is States.Runtime. */
    JsonNode inputPath(String stateName, Io io, JsonNode raw) {
        return applyPath(io.inputPath(), stateName, raw, "InputPath");
    }

    /** OutputPath: null gives {}, a path that matches nothing is States.Runtime. */
    JsonNode outputPath(String stateName, Io io, JsonNode output) {
        return applyPath(io.outputPath(), stateName, output, "OutputPath");
    }

    private static JsonNode applyPath(OptPath path, String stateName, JsonNode node, String field) {
        if (path.isNull()) {
            return Json.NODES.objectNode();
        }
        JsonNode selected = path.path().select(node, null);
        if (selected.isMissingNode()) {
            throw new StatesError(StatesError.RUNTIME, "An error occurred while executing the state '" + stateName
                    + "'. Invalid path '" + path.path().text() + "' : No results for path: " + field + " '"
                    + path.path().text() + "' in " + Json.abbreviate(node));
        }
        return selected;
    }

    /** A payload template (Parameters, ItemSelector, ResultSelector); null gives the input itself. */
    JsonNode template(PayloadTemplate template, JsonNode input, JsonNode context) {
        if (template == null) {
            return input;
        }
        return template.evaluate(input, context, new Intrinsics.Env(input, context, random));
    }

    /** ResultPath: null keeps the raw input, $ replaces it, a deeper path inserts into a copy. */
    JsonNode resultPath(OptPath path, String stateName, JsonNode raw, JsonNode result) {
        if (path.isNull()) {
            return raw;
        }
        try {
            return path.path().set(raw, result);
        } catch (IllegalArgumentException e) {
            throw new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE, "state '" + stateName + "': " + e.getMessage());
        }
    }

    /** ResultSelector, ResultPath, then OutputPath: from a Task, Parallel or Map result to the state's output. */
    JsonNode afterResult(String stateName, Io io, ResultHandling handling, JsonNode raw, JsonNode result, JsonNode context) {
        JsonNode selected = template(handling.resultSelector(), result, context);
        return outputPath(stateName, io, resultPath(handling.resultPath(), stateName, raw, selected));
    }
}
