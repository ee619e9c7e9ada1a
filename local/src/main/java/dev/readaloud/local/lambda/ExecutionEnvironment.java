package dev.readaloud.local.lambda;

import dev.readaloud.local.process.ProcessTree;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One execution environment: an aws-lambda-rie process that starts the Java runtime interface client
 * ({@code java -cp <runtime interface client>:<deployment package> ...AWSLambda <Handler>}) on its first
 * invocation and keeps it warm for the next. One invocation at a time, as in Lambda.
 *
 * <p>The emulator forwards its own environment to the runtime; it is started with exactly the
 * variables of {@link LambdaVariables} and nothing inherited. It adds empty AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN of its own, so for a SnapStart function the runtime is
 * started through {@code env -u} for those three: the function sees no key variables at all, as on AWS.
 * A SnapStart function's runtime also talks to its Runtime API through {@link SnapStartRuntimeApi}, which
 * answers {@code /runtime/restore/next}, so its CRaC hooks run (org.crac finds the runtime interface
 * client's implementation through {@code -Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac}).
 * After a timeout the emulator kills the runtime and starts a fresh one on the next invocation
 * (Lambda's reset).
 */
final class ExecutionEnvironment implements AutoCloseable {

    private static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** The runtime interface client's copy of the CRaC API, which runs the hooks of the SnapStart lifecycle. */
    private static final String CRAC_IMPLEMENTATION = "com.amazonaws.services.lambda.crac";
    private static final String INVOKE_PATH = "/2015-03-31/functions/function/invocations";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    /** Beyond the function's timeout: the runtime's cold start, which the emulator does not count. */
    private static final Duration WATCHDOG_MARGIN = Duration.ofSeconds(60);
    private static final int RECENT_LINES = 30;

    private final FunctionSpec spec;
    private final String name;
    private final Process process;
    private final SnapStartRuntimeApi snapStartApi;
    private final Path taskRoot;
    private final URI invokeUri;
    private final HttpClient http;
    private final Deque<String> recentOutput = new ArrayDeque<>();

    private ExecutionEnvironment(FunctionSpec spec, String name, Process process, SnapStartRuntimeApi snapStartApi,
                                 Path taskRoot, URI invokeUri) {
        this.spec = spec;
        this.name = name;
        this.process = process;
        this.snapStartApi = snapStartApi;
        this.taskRoot = taskRoot;
        this.invokeUri = invokeUri;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Starts the emulator process and waits until it accepts invocations (the runtime itself starts
     * with the first one, as a cold start does).
     */
    static ExecutionEnvironment start(FunctionSpec spec, int number, RuntimeFiles files, AwsEndpoint aws,
                                      ContainerCredentialsServer credentials, RuntimeClientNativeLibrary nativeLibrary,
                                      Map<String, String> extras, LogSink logs) {
        String name = spec.logicalId() + "#" + number;
        Path taskRoot;
        try {
            taskRoot = Files.createTempDirectory("readaloud-lambda-" + spec.logicalId() + "-");
        } catch (IOException e) {
            throw new EmulatorException("cannot create a task directory for " + name + ": " + e.getMessage(), e);
        }
        int[] ports = freePorts(2);
        int invokePort = ports[0];
        int runtimeApiPort = ports[1];
        Path runtimeDir = files.runtimeInterfaceClient().getFirst().getParent();
        List<String> command = new ArrayList<>(List.of(files.emulator().toString(),
                "--log-level", "error",
                "--runtime-interface-emulator-address", "127.0.0.1:" + invokePort,
                "--runtime-api-address", "127.0.0.1:" + runtimeApiPort));
        SnapStartRuntimeApi snapStartApi = null;
        if (spec.snapStart()) {
            try {
                snapStartApi = SnapStartRuntimeApi.start("127.0.0.1:" + runtimeApiPort);
            } catch (IOException e) {
                deleteTree(taskRoot);
                throw new EmulatorException("cannot serve the SnapStart Runtime API for " + name + ": " + e.getMessage(), e);
            }
            command.addAll(List.of("/usr/bin/env", "-u", "AWS_ACCESS_KEY_ID", "-u", "AWS_SECRET_ACCESS_KEY",
                    "-u", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API=" + snapStartApi.address()));
        }
        command.add(files.javaHome().resolve("bin/java").toString());
        command.addAll(JvmOptions.forMemory(spec.memoryMb()));
        command.add(nativeLibrary.jvmOption());
        if (spec.snapStart()) {
            command.add("-Dorg.crac.Core.Compat=" + CRAC_IMPLEMENTATION);
        }
        command.add("-cp");
        // Lambda's runtime classes come first, from the system class path; the deployment package after them.
        command.add(Stream.concat(files.runtimeInterfaceClient().stream(), files.deploymentPackage().stream())
                .map(Path::toString).collect(Collectors.joining(":")));
        command.add(RUNTIME_MAIN);
        // The emulator takes its last argument as the handler and passes it on as _HANDLER.
        command.add(spec.handler());
        ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile());
        builder.environment().clear();
        builder.environment().putAll(LambdaVariables.of(spec, aws, credentials, taskRoot, runtimeDir, files.javaHome(), extras));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            if (snapStartApi != null) {
                snapStartApi.close();
            }
            deleteTree(taskRoot);
            throw new EmulatorException("cannot start " + files.emulator() + " for " + name + ": " + e.getMessage(), e);
        }
        ExecutionEnvironment environment = new ExecutionEnvironment(spec, name, process, snapStartApi, taskRoot,
                URI.create("http://127.0.0.1:" + invokePort + INVOKE_PATH));
        environment.pump(process.getInputStream(), logs);
        environment.pump(process.getErrorStream(), logs);
        environment.awaitListening(invokePort);
        return environment;
    }

    /** Runs one invocation; a timeout past the function's own (plus the cold start) kills the environment. */
    FunctionResponse invoke(String payload) {
        String requestId = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(invokeUri)
                .timeout(spec.timeout().plus(WATCHDOG_MARGIN))
                .header("Content-Type", "application/json")
                .header("X-Amzn-RequestId", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return FunctionResponse.of(response.statusCode(), response.body(), requestId);
        } catch (HttpTimeoutException e) {
            close();
            return FunctionResponse.timeout(String.format("%s Task timed out after %d.00 seconds", requestId,
                    spec.timeout().toSeconds()));
        } catch (IOException e) {
            throw new EmulatorException(name + " stopped answering (" + e.getMessage() + "); its last output: "
                    + recentOutput(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new EmulatorException(name + ": interrupted while invoking", e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** How often the runtime went through the SnapStart restore (0 for a function without SnapStart). */
    int restores() {
        return snapStartApi == null ? 0 : snapStartApi.restores();
    }

    /** The emulator's process and the runtime it started. */
    List<ProcessHandle> processes() {
        List<ProcessHandle> handles = new ArrayList<>();
        handles.add(process.toHandle());
        process.descendants().forEach(handles::add);
        return handles;
    }

    /** Stops the runtime and the emulator (the whole process tree) and removes the task directory. */
    @Override
    public void close() {
        // Killed at once: an execution environment has nothing to save (Lambda freezes or drops it too).
        ProcessTree.stop(process, Duration.ZERO);
        if (snapStartApi != null) {
            snapStartApi.close();
        }
        deleteTree(taskRoot);
    }

    private void pump(InputStream stream, LogSink logs) {
        Thread.ofVirtual().name("lambda-log-" + name).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    remember(line);
                    logs.line(spec.logicalId(), line);
                }
            } catch (IOException | UncheckedIOException e) {
                // The process ended: its output ends with it.
            }
        });
    }

    private synchronized void remember(String line) {
        if (recentOutput.size() == RECENT_LINES) {
            recentOutput.removeFirst();
        }
        recentOutput.addLast(line);
    }

    private synchronized String recentOutput() {
        return recentOutput.isEmpty() ? "(none)" : String.join(" | ", recentOutput);
    }

    private void awaitListening(int port) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                close();
                throw new EmulatorException(name + ": the Runtime Interface Emulator exited with status " + process.exitValue()
                        + " before listening; its output: " + recentOutput());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                sleep(Duration.ofMillis(25));
            }
        }
        close();
        throw new EmulatorException(name + ": the Runtime Interface Emulator did not listen within " + START_TIMEOUT.toSeconds()
                + " s; its output: " + recentOutput());
    }

    /** Ports handed out lately: environments started at the same moment must not be given the same port. */
    private static final Deque<Integer> RECENT_PORTS = new ArrayDeque<>();
    private static final int RECENT_PORT_MEMORY = 256;

    /**
     * Distinct free loopback ports: all held open while chosen (so they differ from each other) and never
     * one handed out lately (so two environments starting at once cannot be given the same one).
     */
    private static synchronized int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            int found = 0;
            while (found < count) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                if (!RECENT_PORTS.contains(socket.getLocalPort())) {
                    ports[found++] = socket.getLocalPort();
                    RECENT_PORTS.addLast(socket.getLocalPort());
                    if (RECENT_PORTS.size() > RECENT_PORT_MEMORY) {
                        RECENT_PORTS.removeFirst();
                    }
                }
            }
            return ports;
        } catch (IOException e) {
            throw new EmulatorException("no free loopback port: " + e.getMessage(), e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closing a listening socket that accepted nothing: nothing to clean up.
                }
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmulatorException("interrupted while starting an execution environment", e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless; the process tree is what matters.
        }
    }
}
