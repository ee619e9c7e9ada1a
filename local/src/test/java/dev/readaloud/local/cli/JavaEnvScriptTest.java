package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which JDK {@code .ci/java-env} (sourced by the launcher and run-tests) picks: READALOUD_JAVA_HOME,
 * else JAVA_HOME when it is a JDK 25, else a JDK 25 in the usual places. The JDKs here are fakes:
 * a directory with bin/java, bin/javac and maybe a release file.
 */
class JavaEnvScriptTest {

    private static final Path JAVA_ENV = Path.of(System.getProperty("readaloud.home", ".."), ".ci", "java-env");

    @TempDir
    Path temp;

    /** Result of sourcing java-env: its exit status, the JAVA_HOME it exported, what it said on stderr. */
    record Sourced(int status, String javaHome, String stderr) {
    }

    @Test
    void javaHome_isUsed_whenItsReleaseFileSays25() throws Exception {
        Path jdk = fakeJdk("jdk-25-release", "25.0.1", null);

        Sourced sourced = source(Map.of("JAVA_HOME", jdk.toString()));

        assertThat(sourced.status()).as(sourced.stderr()).isZero();
        assertThat(sourced.javaHome()).isEqualTo(jdk.toString());
    }

    @Test
    void javaHome_isUsed_whenJavaVersionSays25_withoutAReleaseFile() throws Exception {
        Path jdk = fakeJdk("jdk-25-no-release", null, "openjdk version \"25\" 2025-09-16");

        Sourced sourced = source(Map.of("JAVA_HOME", jdk.toString()));

        assertThat(sourced.status()).as(sourced.stderr()).isZero();
        assertThat(sourced.javaHome()).isEqualTo(jdk.toString());
    }

    @Test
    void javaHome_ofAnotherRelease_isPassedOverForAJdk25Elsewhere() throws Exception {
        Path jdk17 = fakeJdk("jdk-17", "17.0.12", "openjdk version \"17.0.12\" 2024-07-16");
        Path jdk250 = fakeJdk("jdk-250", "250.1", null);

        Sourced seventeen = source(Map.of("JAVA_HOME", jdk17.toString()));
        Sourced notTwentyFive = source(Map.of("JAVA_HOME", jdk250.toString()));

        assertThat(seventeen.javaHome()).isNotEqualTo(jdk17.toString());
        assertThat(notTwentyFive.javaHome()).isNotEqualTo(jdk250.toString());
        if (seventeen.status() != 0) {
            assertThat(seventeen.stderr()).contains("needs a JDK 25", "READALOUD_JAVA_HOME", "JAVA_HOME=" + jdk17);
        }
    }

    @Test
    void javaHome_thatIsOnlyAJre_isPassedOver() throws Exception {
        Path jre = fakeJdk("jre-25", "25.0.1", null);
        Files.delete(jre.resolve("bin/javac"));

        Sourced sourced = source(Map.of("JAVA_HOME", jre.toString()));

        assertThat(sourced.javaHome()).isNotEqualTo(jre.toString());
    }

    @Test
    void readaloudJavaHome_winsOverJavaHome() throws Exception {
        Path chosen = fakeJdk("chosen", "25.0.2", null);
        Path other = fakeJdk("other", "25.0.1", null);

        Sourced sourced = source(Map.of("READALOUD_JAVA_HOME", chosen.toString(), "JAVA_HOME", other.toString()));

        assertThat(sourced.status()).as(sourced.stderr()).isZero();
        assertThat(sourced.javaHome()).isEqualTo(chosen.toString());
    }

    private Path fakeJdk(String name, String releaseVersion, String versionLine) throws IOException {
        Path home = Files.createDirectories(temp.resolve(name));
        Path bin = Files.createDirectories(home.resolve("bin"));
        String java = "#!/bin/sh\n" + (versionLine == null ? "exit 1\n" : "echo '" + versionLine + "' >&2\n");
        for (String tool : new String[] {"java", "javac"}) {
            Path script = Files.writeString(bin.resolve(tool), java);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        if (releaseVersion != null) {
            Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + releaseVersion + "\"\n");
        }
        return home;
    }

    private Sourced source(Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c",
                "source \"$1\" && printf '%s' \"$JAVA_HOME\"", "java-env-test", JAVA_ENV.toString());
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("READALOUD_JAVA_HOME");
        builder.environment().putAll(env);
        Path err = temp.resolve("stderr.txt");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Sourced(process.exitValue(), out, Files.readString(err));
    }
}
