package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Maven on JDK 25 as the project runs it: no sun.misc.Unsafe warnings from Maven's own JVM and no
 * ANSI escape codes in batch mode (.mvn/jvm.config, and MAVEN_OPTS from .ci/java-env). Runs a
 * short build (validate of functions/) in a child Maven.
 */
class QuietBuildTest {

    private static final Path HOME = Path.of(System.getProperty("readaloud.home", "..")).toAbsolutePath().normalize();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"with .ci/java-env's MAVEN_OPTS", "with .mvn/jvm.config alone"})
    void mavenInBatchMode_printsNoWarningAndNoEscapeCode(String setup) throws Exception {
        String unset = setup.contains("alone") ? "unset MAVEN_OPTS; " : "";
        Process process = new ProcessBuilder("bash", "-c",
                "source .ci/java-env && " + unset + "mvn -B -o -f functions/pom.xml validate")
                .directory(HOME.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("BUILD SUCCESS").doesNotContain("WARNING: ", "sun.misc.Unsafe", "\u001b[");
    }
}
