package dev.readaloud.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "worker", mixinStandardHelpOptions = true, description = "Not built yet.")
final class WorkerCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("worker is not built yet");
    }
}
