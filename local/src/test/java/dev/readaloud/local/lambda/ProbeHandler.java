package dev.readaloud.local.lambda;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A deployment package of one tiny handler, compiled by the test, for what the project's handlers
 * cannot show on demand: a function that sleeps past its timeout, that throws, that reports its
 * process id, environment, heap and the CRaC hooks that ran (registered through org.crac, as functions
 * register theirs). Its event: {@code {"sleepMillis"?: n, "fail"?: "message"}}; its answer:
 * {@code {"pid", "maxHeapBytes", "hooks": [...], "env": {...}}}.
 */
final class ProbeHandler {

    static final String HANDLER = "probe.Probe::handleRequest";

    private static final String SOURCE = """
            package probe;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.ArrayList;
            import java.util.Collections;
            import java.util.List;
import java.util.stream.Stream;
            import java.util.Map;
            import java.util.TreeMap;
            import org.crac.Core;
            import org.crac.Resource;

            public class Probe implements RequestHandler<Map<String, Object>, Map<String, Object>> {

                public static class ProbeFailure extends RuntimeException {
                    public ProbeFailure(String message) {
                        super(message);
                    }
                }

                private static final List<String> HOOKS = Collections.synchronizedList(new ArrayList<>());

                // Held strongly: the CRaC context keeps only weak references to its resources.
                private static final Resource HOOK = new Resource() {
                    @Override
                    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
                        HOOKS.add("beforeCheckpoint");
                    }

                    @Override
                    public void afterRestore(org.crac.Context<? extends Resource> context) {
                        HOOKS.add("afterRestore");
                    }
                };

                public Probe() {
                    Core.getGlobalContext().register(HOOK);
                }

                @Override
                public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
                    if (event.get("sleepMillis") instanceof Number millis) {
                        try {
                            Thread.sleep(millis.longValue());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    if (event.get("fail") instanceof String message) {
                        throw new ProbeFailure(message);
                    }
                    Map<String, Object> answer = new TreeMap<>();
                    answer.put("pid", ProcessHandle.current().pid());
                    answer.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
                    answer.put("hooks", new ArrayList<>(HOOKS));
                    answer.put("env", new TreeMap<>(System.getenv()));
                    return answer;
                }
            }
            """;

    private ProbeHandler() {
    }

    /** {@code files} with the probe as the deployment package (its classes, aws-lambda-java-core and org-crac). */
    static RuntimeFiles deploymentPackage(RuntimeFiles files, Path directory) throws IOException {
        Path source = directory.resolve("src/probe/Probe.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, SOURCE);
        Path classes = Files.createDirectories(directory.resolve("classes"));
        Path core = files.deploymentPackage().stream()
                .filter(jar -> jar.getFileName().toString().startsWith("aws-lambda-java-core-"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no aws-lambda-java-core in the deployment package"));
        Path crac = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("org-crac")).map(Path::of).findFirst()
                .orElseThrow(() -> new IllegalStateException("no org-crac on the test class path"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, "-d", classes.toString(),
                "-cp", core + File.pathSeparator + crac, source.toString());
        if (status != 0) {
            throw new IllegalStateException("the probe handler did not compile");
        }
        List<Path> deploymentPackage = new ArrayList<>(List.of(classes, core, crac));
        return new RuntimeFiles(files.emulator(), files.javaHome(), files.runtimeInterfaceClient(), deploymentPackage);
    }
}
