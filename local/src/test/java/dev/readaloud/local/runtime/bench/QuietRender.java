package dev.readaloud.local.runtime.bench;

import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Runs part of a benchmark with standard output and error sent to {@code DATA/render.log}, not the report:
 * the functions log JSON lines on stdout, as in Lambda. Start the runtime inside it too: a handler's log
 * takes the stdout of the moment it is built.
 */
final class QuietRender {

    private QuietRender() {
    }

    static <T> T logTo(Path data, Callable<T> work) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        try (PrintStream log = new PrintStream(new FileOutputStream(data.resolve("render.log").toFile(), true), true,
                StandardCharsets.UTF_8)) {
            System.setOut(log);
            System.setErr(log);
            return work.call();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
