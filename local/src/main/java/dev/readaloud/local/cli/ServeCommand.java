package dev.readaloud.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "Not built yet.")
final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("serve is not built yet");
    }
}
