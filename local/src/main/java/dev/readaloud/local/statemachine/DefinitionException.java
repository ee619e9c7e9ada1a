package dev.readaloud.local.statemachine;

/**
 * A state machine definition that AWS Step Functions would reject, or that uses a feature this
 * engine does not support. The message names the state (or "definition" for top-level fields)
 * and the field.
 */
public class DefinitionException extends IllegalArgumentException {

    public DefinitionException(String message) {
        super(message);
    }
}
