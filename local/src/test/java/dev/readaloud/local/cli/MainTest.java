package dev.readaloud.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The top-level command: version, usage, and help text that reads whole at any width. */
class MainTest {

    @ParameterizedTest
    @ValueSource(strings = {"-V", "--version"})
    void version_printsTheBuildsVersionAndExitsZero(String option) {
        ConsoleCapture.Run run = ConsoleCapture.run(option);

        assertThat(run.status()).isZero();
        assertThat(run.stdout().strip()).matches("readaloud \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?")
                .isEqualTo("readaloud " + BuildVersion.version());
    }

    @Test
    void version_ofASubcommand_isTheSame() {
        ConsoleCapture.Run run = ConsoleCapture.run("render", "--version");

        assertThat(run.status()).isZero();
        assertThat(run.stdout().strip()).isEqualTo("readaloud " + BuildVersion.version());
    }

    @Test
    void noCommand_printsTheUsageOnStderrAndExitsTwo() {
        ConsoleCapture.Run run = ConsoleCapture.run();

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).startsWith("Usage: readaloud").contains("Commands:", "render");
    }

    @Test
    void help_listsEveryCommandWithACompleteSentence() {
        String help = Main.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);

        String commands = help.substring(help.indexOf("Commands:") + "Commands:".length());
        String[] entries = commands.strip().split("\\R(?=  \\S)");
        assertThat(entries).hasSize(Main.commandLine().getSubcommands().size());
        for (String entry : entries) {
            assertThat(entry.strip().replaceAll("\\s+", " ")).as("the command list's line").endsWith(".");
        }
    }

    @Test
    void help_neverSplitsAToken_atTheDefaultWidth() {
        for (CommandLine command : withSubcommands(Main.commandLine())) {
            String narrow = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            command.setUsageHelpWidth(10_000);
            Set<String> whole = tokens(command.getUsageMessage(CommandLine.Help.Ansi.OFF));
            command.setUsageHelpWidth(80);

            assertThat(narrow.lines()).as("readaloud %s --help", command.getCommandName())
                    .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
            assertThat(tokens(narrow)).as("readaloud %s --help: every token as in unwrapped help",
                    command.getCommandName()).isSubsetOf(whole);
        }
    }

    private static List<CommandLine> withSubcommands(CommandLine root) {
        List<CommandLine> all = new java.util.ArrayList<>(List.of(root));
        all.addAll(root.getSubcommands().values());
        return all;
    }

    private static Set<String> tokens(String text) {
        return Arrays.stream(text.split("\\s+")).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
    }
}
