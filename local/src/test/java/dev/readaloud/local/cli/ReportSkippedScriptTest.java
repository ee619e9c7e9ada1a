package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .ci/report-skipped}, which run-tests calls so a skipped test is named with its reason on the console. */
class ReportSkippedScriptTest {

    private static final Path SCRIPT = Path.of(System.getProperty("readaloud.home", ".."), ".ci", "report-skipped");

    @TempDir
    Path temp;

    @Test
    void namesEverySkippedTestWithItsReason_fromThisRunsReportsOnly() throws Exception {
        Path reports = Files.createDirectories(temp.resolve("surefire-reports"));
        Path old = Files.writeString(reports.resolve("TEST-Old.xml"), """
                <testsuite><testcase name="gone" classname="x.OldTest" time="0"><skipped message="stale"/></testcase></testsuite>
                """);
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minusSeconds(3_600)));
        Path started = Files.writeString(temp.resolve("started"), "");
        Files.setLastModifiedTime(started, FileTime.from(Instant.now().minusSeconds(60)));
        Files.writeString(reports.resolve("TEST-Docker.xml"), """
                <testsuite>
                  <testcase name="deploys" classname="x.DockerTest" time="0.0">
                    <skipped message="disabledWithoutDocker is true and Docker is not available"/>
                  </testcase>
                  <testcase name="runs" classname="x.DockerTest" time="0.1"/>
                  <testcase name="quoted" classname="x.OtherTest" time="0.0"><skipped message="needs &quot;x&quot; &amp; y"/></testcase>
                </testsuite>
                """);
        Files.writeString(reports.resolve("TEST-Clean.xml"), """
                <testsuite><testcase name="passes" classname="x.CleanTest" time="0.1"/></testsuite>
                """);

        String out = run("--newer", started.toString(), reports.toString());
        String none = run(Files.createDirectories(temp.resolve("empty")).toString());

        assertThat(out.lines().toList()).containsExactly("Skipped tests (2):",
                "  x.DockerTest.deploys: disabledWithoutDocker is true and Docker is not available",
                "  x.OtherTest.quoted: needs \"x\" & y");
        assertThat(none).isEmpty();
    }

    private static String run(String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = SCRIPT.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
