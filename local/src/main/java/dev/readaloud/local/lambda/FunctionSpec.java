package dev.readaloud.local.lambda;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One AWS::Serverless::Function of template.yaml as Lambda would configure it: Globals.Function merged
 * with the function's own Properties, every intrinsic resolved.
 *
 * @param logicalId          the resource's logical id, e.g. {@code PlanFunction}; also the function name here
 * @param handler            the Handler string, {@code package.Class::method}
 * @param memoryMb           MemorySize in MB, 128 to 10240
 * @param timeout            Timeout, 1 second to 15 minutes
 * @param environment        Environment.Variables, Globals' merged with the function's (the function wins)
 * @param ephemeralStorageMb EphemeralStorage.Size in MB (/tmp), 512 to 10240
 * @param snapStart          whether SnapStart applies to the function's published versions
 */
public record FunctionSpec(String logicalId, String handler, int memoryMb, Duration timeout,
                           Map<String, String> environment, int ephemeralStorageMb, boolean snapStart) {

    /** Lambda's defaults when neither Globals nor the function set them. */
    static final int DEFAULT_MEMORY_MB = 128;
    static final int DEFAULT_TIMEOUT_SECONDS = 3;
    static final int DEFAULT_EPHEMERAL_STORAGE_MB = 512;

    public FunctionSpec {
        Objects.requireNonNull(logicalId, "logicalId");
        if (handler == null || handler.isBlank()) {
            throw new TemplateException("function " + logicalId + " has no Handler");
        }
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new TemplateException("function " + logicalId + ": MemorySize must be 128 to 10240 MB, got " + memoryMb);
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new TemplateException("function " + logicalId + ": Timeout must be 1 to 900 seconds, got " + timeout.toSeconds());
        }
        if (ephemeralStorageMb < 512 || ephemeralStorageMb > 10_240) {
            throw new TemplateException("function " + logicalId + ": EphemeralStorage.Size must be 512 to 10240 MB, got "
                    + ephemeralStorageMb);
        }
        environment = Map.copyOf(environment);
    }

    /** The handler's class name, without {@code ::method}. */
    public String handlerClass() {
        int separator = handler.indexOf("::");
        return separator < 0 ? handler : handler.substring(0, separator);
    }
}
