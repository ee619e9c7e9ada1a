package dev.readaloud.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "chunk", mixinStandardHelpOptions = true, description = "Not built yet.")
final class ChunkCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("chunk is not built yet");
    }
}
