package dev.readaloud.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.readaloud.text.Chunk;
import dev.readaloud.text.ChunkPlan;
import dev.readaloud.text.ChunkPlanner;
import dev.readaloud.text.ChunkSettings;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code readaloud chunk}: prints the chunk plan of a text, one JSON object a line. */
@Command(name = "chunk", mixinStandardHelpOptions = true,
        description = {"Plan the chunks of a text and print them, one JSON object a line.",
            "Each line is {\"index\", \"chars\", \"boundary\", \"text\"} (chars in Unicode code points; boundary: how the chunk ends,"
                    + " PARAGRAPH, SENTENCE, CLAUSE, WORD or HARD)."})
final class ChunkCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    private boolean usedDeprecatedName;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "UTF-8 text file, or - for standard input.")
    private String file;

    @Option(names = "--max-chars", paramLabel = "N",
            description = "Most characters per chunk (default: ${DEFAULT-VALUE}).")
    private int maxChars = ChunkSettings.DEFAULT_MAX_CHARS;

    @Option(names = "--min-chars", paramLabel = "N",
            description = "Fewest characters per chunk unless its paragraph is shorter (default: "
                    + ChunkSettings.DEFAULT_MIN_CHARS + ", or a tenth of --max-chars when that is smaller).")
    private Integer minChars;

    @Option(names = "--plan-width", paramLabel = "W",
            description = "The chunk count is made a multiple of W, so a render at concurrency W ends in full rounds"
                    + " (default: ${DEFAULT-VALUE}).")
    private int planWidth = ChunkSettings.DEFAULT_PLAN_WIDTH;

    /**
     * The plan width's first name, kept so scripts written against it still work: deprecated, hidden
     * from the help, and it says so on stderr. It is the plan width, not how many chunks run at once.
     */
    @Option(names = "--concurrency", paramLabel = "W", hidden = true)
    private void deprecatedConcurrency(int width) {
        spec.commandLine().getErr().println("readaloud chunk: --concurrency is deprecated; it is the plan width,"
                + " use --plan-width " + width);
        planWidth = width;
        usedDeprecatedName = true;
    }

    @Override
    public Integer call() throws IOException {
        ChunkSettings settings = settings();
        ChunkPlan plan = ChunkPlanner.plan(ReadingInput.read(file), settings);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        for (Chunk chunk : plan.chunks()) {
            ObjectNode line = JSON.createObjectNode();
            line.put("index", chunk.index());
            line.put("chars", chunk.chars());
            line.put("boundary", chunk.boundary().name());
            line.put("text", chunk.text());
            out.print(JSON.writeValueAsString(line));
            out.print('\n');
        }
        out.flush();
        return 0;
    }

    private ChunkSettings settings() {
        if (maxChars < 1) {
            throw new IllegalArgumentException("--max-chars must be at least 1, got " + maxChars);
        }
        if (planWidth < 1) {
            throw new IllegalArgumentException((usedDeprecatedName ? "--concurrency" : "--plan-width")
                    + " must be at least 1, got " + planWidth);
        }
        int min = minChars != null ? minChars : ChunkSettings.defaultMinChars(maxChars);
        if (min < 0 || min > maxChars) {
            throw new IllegalArgumentException(
                    "--min-chars must be between 0 and --max-chars (" + maxChars + "), got " + min);
        }
        return new ChunkSettings(maxChars, min, planWidth);
    }
}
