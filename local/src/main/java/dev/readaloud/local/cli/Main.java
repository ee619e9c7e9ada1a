package dev.readaloud.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code readaloud} command: every subcommand of the local toolkit. */
@Command(name = "readaloud", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Turn long text into one WAV with a RunPod-style TTS service, locally or on AWS.",
        subcommands = {
                RenderCommand.class,
                StitchCommand.class,
                ChunkCommand.class,
                WorkerCommand.class,
                ServeCommand.class,
                StatemachineCommand.class,
                InvokeCommand.class,
                PurgeChunksCommand.class,
                LoudnessCommand.class,
        })
public final class Main implements Callable<Integer> {

    /** Exit status of a usage error (no command, an unknown option): as picocli's own parameter errors. */
    static final int USAGE_ERROR = 2;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status; failures print one line on stderr. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The whole command tree, with its help, version and error handling. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        // "@FILE" is an option value here (statemachine --input @FILE), not a picocli argument file.
        commandLine.setExpandAtFiles(false);
        WholeWordHelp.install(commandLine);
        commandLine.getSubcommands().values()
                .forEach(sub -> sub.getCommandSpec().versionProvider(new BuildVersion()));
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            cmd.getErr().println("readaloud " + cmd.getCommandName() + ": " + oneLine(exception));
            return 1;
        });
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine cmd = exception.getCommandLine();
            cmd.getErr().println("readaloud " + cmd.getCommandName() + ": " + oneLine(exception)
                    + " (see: readaloud " + cmd.getCommandName() + " --help)");
            return USAGE_ERROR;
        });
        return commandLine;
    }

    private static String oneLine(Throwable exception) {
        String message = exception.getMessage();
        if (message == null || message.isBlank()) {
            message = exception.getClass().getSimpleName();
        }
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    /** No command given: the usage on stderr and a usage error's status, so a script notices. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE_ERROR;
    }
}
