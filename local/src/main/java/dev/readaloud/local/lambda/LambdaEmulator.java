package dev.readaloud.local.lambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Lambda-runtime tier: the functions of template.yaml in the real AWS Lambda Java runtime
 * interface client behind the AWS Runtime Interface Emulator, one process tree per execution
 * environment, against a local AWS ({@link AwsEndpoint}). Holds the container-credentials endpoint
 * the SnapStart functions fetch their role's credentials from.
 *
 * <p>{@link #close()} stops every process it started; a shutdown hook does the same if the JVM exits
 * first, so no emulator or runtime outlives it.
 */
public final class LambdaEmulator implements AutoCloseable {

    /** Default cap of execution environments per function: the render's widest Map runs 40 at once. */
    public static final int DEFAULT_MAX_ENVIRONMENTS = 40;

    private final RuntimeFiles files;
    private final AwsEndpoint aws;
    private final LogSink logs;
    private final int maxEnvironments;
    private final ContainerCredentialsServer credentials;
    private final Path nativeLibraryDirectory;
    private final RuntimeClientNativeLibrary nativeLibrary;
    private final Map<String, EmulatedFunction> functions = new LinkedHashMap<>();
    private final Thread shutdownHook;
    private boolean closed;

    private LambdaEmulator(RuntimeFiles files, AwsEndpoint aws, LogSink logs, int maxEnvironments,
                           ContainerCredentialsServer credentials, Path nativeLibraryDirectory) {
        this.files = files;
        this.aws = aws;
        this.logs = logs;
        this.maxEnvironments = maxEnvironments;
        this.credentials = credentials;
        this.nativeLibraryDirectory = nativeLibraryDirectory;
        this.nativeLibrary = RuntimeClientNativeLibrary.extract(files, nativeLibraryDirectory);
        this.shutdownHook = new Thread(this::close, "lambda-emulator-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * @param files           the emulator binary, runtime interface client and deployment package
     * @param aws             the functions' AWS endpoint and role credentials
     * @param logs            receives every line the functions and the emulators print
     * @param maxEnvironments the most execution environments one function runs at once (1 or more)
     */
    public static LambdaEmulator start(RuntimeFiles files, AwsEndpoint aws, LogSink logs, int maxEnvironments)
            throws IOException {
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(aws, "aws");
        Objects.requireNonNull(logs, "logs");
        if (maxEnvironments < 1) {
            throw new IllegalArgumentException("at least one execution environment per function, got " + maxEnvironments);
        }
        return new LambdaEmulator(files, aws, logs, maxEnvironments, ContainerCredentialsServer.start(aws),
                Files.createTempDirectory("readaloud-lambda-runtime-"));
    }

    /** The function, created on first use; environments start on its first invocations. */
    public EmulatedFunction function(FunctionSpec spec) {
        return function(spec, Map.of());
    }

    /**
     * The function with extra environment variables (applied after Lambda's and the template's), created
     * on first use; a second call for the same logical id returns the same function.
     */
    public synchronized EmulatedFunction function(FunctionSpec spec, Map<String, String> extraEnvironment) {
        if (closed) {
            throw new EmulatorException("the Lambda emulator is closed");
        }
        Map<String, String> extras = Map.copyOf(extraEnvironment);
        return functions.computeIfAbsent(spec.logicalId(), id -> new EmulatedFunction(spec, maxEnvironments,
                number -> ExecutionEnvironment.start(spec, number, files, aws, credentials, nativeLibrary, extras, logs)));
    }

    /** The endpoint SnapStart functions fetch credentials from. */
    public ContainerCredentialsServer credentials() {
        return credentials;
    }

    /** Stops every function's environments and the credentials endpoint. */
    @Override
    public void close() {
        List<EmulatedFunction> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(functions.values());
        }
        toClose.forEach(EmulatedFunction::close);
        credentials.close();
        ExecutionEnvironment.deleteTree(nativeLibraryDirectory);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: this is the hook running.
        }
    }
}
