package dev.readaloud.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code readaloud} command: every subcommand of the local toolkit. */
@Command(name = "readaloud", mixinStandardHelpOptions = true,
        description = "Turn long text into one WAV with a RunPod-style TTS service, locally or on AWS.",
        subcommands = {
                RenderCommand.class,
                StitchCommand.class,
                ChunkCommand.class,
                WorkerCommand.class,
                ServeCommand.class,
                StatemachineCommand.class,
                InvokeCommand.class,
                LoudnessCommand.class,
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status; failures print one line on stderr. */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        // "@FILE" is an option value here (statemachine --input @FILE), not a picocli argument file.
        commandLine.setExpandAtFiles(false);
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            cmd.getErr().println("readaloud " + cmd.getCommandName() + ": " + oneLine(exception));
            return 1;
        });
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine cmd = exception.getCommandLine();
            cmd.getErr().println("readaloud " + cmd.getCommandName() + ": " + oneLine(exception)
                    + " (see: readaloud " + cmd.getCommandName() + " --help)");
            return 2;
        });
        return commandLine.execute(args);
    }

    private static String oneLine(Throwable exception) {
        String message = exception.getMessage();
        if (message == null || message.isBlank()) {
            message = exception.getClass().getSimpleName();
        }
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }
}
