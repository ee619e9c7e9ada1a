package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A loaded, validated Amazon States Language definition (JSONPath query language, inline Map).
 * Immutable and thread-safe: one instance can run many executions.
 */
public final class StateMachine {

    private final Definition.Machine machine;
    private final JsonNode definition;

    private StateMachine(Definition.Machine machine, JsonNode definition) {
        this.machine = machine;
        this.definition = definition;
    }

    /**
     * Applies {@code ${Name}} DefinitionSubstitutions to the text, parses it and validates it as
     * AWS does at CreateStateMachine, plus rejects what this engine does not support.
     *
     * @throws DefinitionException naming the state and field
     */
    public static StateMachine load(String definitionJson, Map<String, String> substitutions) {
        String text = Substitutions.apply(definitionJson, substitutions);
        JsonNode root = Json.parseDefinition(text);
        return new StateMachine(Definition.parse(root), root);
    }

    /** The definition after substitutions. */
    public JsonNode definition() {
        return definition.deepCopy();
    }

    /** The name of the first state. */
    public String startAt() {
        return machine.startAt();
    }

    /** Every Task state, nested ones included: state name to Resource (after substitutions). */
    public Map<String, String> taskResources() {
        return machine.taskResources();
    }

    /** Every state name, nested ones included, in definition order. */
    public List<String> stateNames() {
        return machine.stateNames();
    }

    Definition.Machine machine() {
        return machine;
    }
}
