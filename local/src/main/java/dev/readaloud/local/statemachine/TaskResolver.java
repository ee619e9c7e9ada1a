package dev.readaloud.local.statemachine;

/**
 * Finds what runs a Task state. Called once per Task state before an execution starts (so a
 * missing resource fails fast, naming the state), and at run time for a {@code lambda:invoke}
 * whose FunctionName comes from a path.
 */
@FunctionalInterface
public interface TaskResolver {

    /**
     * @param stateName the Task state's name
     * @param resource  the state's Resource after DefinitionSubstitutions; for
     *                  {@code arn:aws:states:::lambda:invoke} the Parameters' FunctionName instead
     * @return the resource, or null when there is none
     */
    TaskResource resolve(String stateName, String resource);
}
