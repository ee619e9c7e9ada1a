package dev.readaloud.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "statemachine", mixinStandardHelpOptions = true, description = "Not built yet.")
final class StatemachineCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("statemachine is not built yet");
    }
}
