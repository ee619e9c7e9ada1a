package dev.readaloud.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "render", mixinStandardHelpOptions = true, description = "Not built yet.")
final class RenderCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("render is not built yet");
    }
}
