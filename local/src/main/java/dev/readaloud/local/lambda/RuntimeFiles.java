package dev.readaloud.local.lambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What an emulated execution environment is made of, all from the project's own build and install
 * steps (nothing is fetched at run time):
 *
 * @param emulator               the aws-lambda-rie binary ({@code .ci/lambda-runtime-tools} installs it into
 *                               .ci/tools/bin; {@code READALOUD_RIE} names another)
 * @param javaHome               the JDK the functions run on ($JAVA_HOME: JDK 25, as the java25 runtime)
 * @param runtimeInterfaceClient the AWS Lambda Java runtime interface client and its dependencies
 *                               (local/target/lambda-runtime, copied by local's build)
 * @param deploymentPackage      what {@code sam build} packages for CodeUri functions/: the functions jar and
 *                               its runtime-scope dependencies (functions/target/package-lib); nothing from local/
 */
public record RuntimeFiles(Path emulator, Path javaHome, List<Path> runtimeInterfaceClient, List<Path> deploymentPackage) {

    public RuntimeFiles {
        runtimeInterfaceClient = List.copyOf(runtimeInterfaceClient);
        deploymentPackage = List.copyOf(deploymentPackage);
    }

    /**
     * Finds the files of a built checkout.
     *
     * @param home the repository root (the launcher's and the tests' {@code readaloud.home})
     * @throws RuntimeFilesMissingException naming the missing file and the step that makes it
     */
    public static RuntimeFiles locate(Path home) {
        String override = System.getenv("READALOUD_RIE");
        Path emulator = override == null || override.isBlank() ? home.resolve(".ci/tools/bin/aws-lambda-rie") : Path.of(override);
        if (!Files.isExecutable(emulator)) {
            throw new RuntimeFilesMissingException("the AWS Lambda Runtime Interface Emulator is not installed at " + emulator
                    + ": run .ci/lambda-runtime-tools (./run-tests does), which go-installs aws-lambda-rie there");
        }
        String javaHomeVariable = System.getenv("JAVA_HOME");
        Path javaHome = Path.of(javaHomeVariable == null || javaHomeVariable.isBlank() ? System.getProperty("java.home") : javaHomeVariable);
        if (!Files.isExecutable(javaHome.resolve("bin/java"))) {
            throw new RuntimeFilesMissingException("JAVA_HOME " + javaHome + " has no bin/java");
        }
        List<Path> client = jars(home.resolve("local/target/lambda-runtime"), "the runtime interface client",
                "build local/ (mvn package, or ./readaloud once)");
        Path functionsTarget = home.resolve("functions/target");
        List<Path> functionsJar = jars(functionsTarget, "the functions jar", "build functions/ (mvn package)").stream()
                .filter(jar -> jar.getFileName().toString().startsWith("readaloud-functions-")).toList();
        if (functionsJar.size() != 1) {
            throw new RuntimeFilesMissingException("expected one readaloud-functions jar in " + functionsTarget + ", found "
                    + functionsJar + ": build functions/ (mvn package)");
        }
        List<Path> dependencies = jars(functionsTarget.resolve("package-lib"), "the functions' runtime dependencies",
                "build functions/ (mvn package copies them there, as sam build does)");
        return new RuntimeFiles(emulator, javaHome, client,
                Stream.concat(functionsJar.stream(), dependencies.stream()).toList());
    }

    private static List<Path> jars(Path directory, String what, String remedy) {
        if (!Files.isDirectory(directory)) {
            throw new RuntimeFilesMissingException(what + " is missing (no " + directory + "): " + remedy);
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> jars = files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new RuntimeFilesMissingException(what + " is missing (no jar in " + directory + "): " + remedy);
            }
            return jars;
        } catch (IOException e) {
            throw new RuntimeFilesMissingException("cannot list " + directory + ": " + e.getMessage());
        }
    }
}
