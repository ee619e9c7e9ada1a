package dev.readaloud.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "stitch", mixinStandardHelpOptions = true, description = "Not built yet.")
final class StitchCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("stitch is not built yet");
    }
}
