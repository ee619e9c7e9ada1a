package dev.readaloud.local.runtime;

import dev.readaloud.local.lambda.FunctionSpec;
import dev.readaloud.local.lambda.SamTemplate;
import dev.readaloud.local.statemachine.LambdaTaskResource;
import dev.readaloud.local.statemachine.TaskResource;
import dev.readaloud.render.RenderConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The functions of template.yaml as the in-process runtime runs them: each one's environment is the
 * template's (Globals merged with its own) plus this machine's differences and the caller's overrides;
 * its timeout is the template's unless the caller shortens it.
 */
final class LocalFunctions {

    private final SamTemplate template;
    private final LocalRuntimeOptions options;
    /** Set by the runtime itself over everything else (the local webhook receiver's URL). */
    private final Map<String, String> runtimeValues;

    LocalFunctions(SamTemplate template, LocalRuntimeOptions options) {
        this(template, options, Map.of());
    }

    private LocalFunctions(SamTemplate template, LocalRuntimeOptions options, Map<String, String> runtimeValues) {
        this.template = template;
        this.options = options;
        this.runtimeValues = Map.copyOf(runtimeValues);
    }

    /** These functions with {@code name} set to {@code value} in every environment that names it in template.yaml. */
    LocalFunctions with(String name, String value) {
        Map<String, String> values = new HashMap<>(runtimeValues);
        values.put(name, value);
        return new LocalFunctions(template, options, values);
    }

    /** The function's environment variables on this machine. */
    Map<String, String> environment(String logicalId) {
        Map<String, String> env = new HashMap<>(template.function(logicalId).environment());
        // S3Proxy has no object tagging, which the chunk lifecycle rule relies on in AWS.
        env.put("CHUNK_TAGGING", "false");
        env.putAll(options.environment());
        runtimeValues.forEach((name, value) -> env.computeIfPresent(name, (key, templateValue) -> value));
        return env;
    }

    /** The render settings the function reads from its environment, exactly as its no-arg constructor does. */
    RenderConfig config(String logicalId) {
        return RenderConfig.fromEnvironment(environment(logicalId));
    }

    /** The handler as a Task resource, with the function's name and timeout. */
    TaskResource task(String logicalId, Object handler) {
        FunctionSpec spec = template.function(logicalId);
        Duration timeout = options.timeouts().getOrDefault(logicalId, spec.timeout());
        return new LambdaTaskResource(handler, spec.logicalId(), timeout, spec.memoryMb());
    }

    /** The function as the template configures it. */
    FunctionSpec spec(String logicalId) {
        return template.function(logicalId);
    }
}
