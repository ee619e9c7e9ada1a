package dev.readaloud.local.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Usage help that wraps lines at spaces only. Picocli wraps with the JDK's line
 * {@link java.text.BreakIterator}, which also breaks after a dot or a hyphen, so a URL, a file
 * name or a command in a description ("https://api.runpod.ai/v2/ID", ".readaloud", "--help")
 * could be cut in two; copied from a terminal it would no longer work. A token longer than a
 * whole line is still left to picocli.
 */
final class WholeWordHelp extends Help {

    private static final int UNWRAPPED_WIDTH = 100_000;

    /** Installs this help on {@code commandLine} and its subcommands. */
    static void install(CommandLine commandLine) {
        commandLine.setHelpFactory(WholeWordHelp::new);
    }

    private WholeWordHelp(CommandSpec spec, ColorScheme colorScheme) {
        super(spec, colorScheme);
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
                                      ColorScheme scheme) {
        Layout layout = super.createDefaultLayout(options, positionals, scheme);
        return new Layout(scheme, new SpaceWrappingTable(scheme, layout.textTable()), layout.optionRenderer(),
                layout.parameterRenderer());
    }

    @Override
    public TextTable createTextTable(Map<?, ?> map) {
        return new SpaceWrappingTable(colorScheme(), super.createTextTable(map));
    }

    @Override
    public String description(Object... params) {
        int width = commandSpec().usageMessage().width();
        // The description's lines are one paragraph: the first, a sentence of its own, is also the
        // command's line in the parent's command list.
        String paragraph = String.join(" ", commandSpec().usageMessage().description());
        if (params.length > 0) {
            paragraph = String.format(paragraph, params);
        }
        StringBuilder out = new StringBuilder();
        for (String wrapped : wrap(paragraph, width)) {
            out.append(wrapped).append(System.lineSeparator());
        }
        return paragraph.isEmpty() ? "" : out.toString();
    }

    @Override
    public String synopsis(int synopsisHeadingLength) {
        // Laid out on one line first, then wrapped here: picocli would break "[-e=EVENT.json]" after its dot.
        CommandLine.Model.UsageMessageSpec usage = commandSpec().usageMessage();
        int width = usage.width();
        String oneLine;
        try {
            usage.width(UNWRAPPED_WIDTH);
            oneLine = super.synopsis(synopsisHeadingLength).strip();
        } finally {
            usage.width(width);
        }
        int indent = synopsisHeadingLength + commandSpec().qualifiedName().length() + 1;
        List<String> lines = wrap(oneLine, width - synopsisHeadingLength);
        StringBuilder out = new StringBuilder(lines.getFirst()).append(System.lineSeparator());
        if (lines.size() > 1) {
            String rest = oneLine.substring(lines.getFirst().length()).strip();
            for (String line : wrap(rest, width - indent)) {
                out.append(" ".repeat(indent)).append(line).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    /** {@code text} cut at spaces into lines of at most {@code width} characters (a longer word stays whole). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        for (int[] span : spans(text, width)) {
            lines.add(text.substring(span[0], span[1]));
        }
        return lines;
    }

    private static List<int[]> spans(String text, int width) {
        List<int[]> spans = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.length();
            if (end - start > width) {
                int space = text.lastIndexOf(' ', start + width);
                end = space > start ? space : Math.max(text.indexOf(' ', start), start + width);
                end = Math.min(end, text.length());
            }
            spans.add(new int[] {start, end});
            start = end;
            while (start < text.length() && text.charAt(start) == ' ') {
                start++;
            }
        }
        return spans;
    }

    /** A table whose wrapping columns are filled line by line, each line cut at a space. */
    private static final class SpaceWrappingTable extends TextTable {

        SpaceWrappingTable(ColorScheme scheme, TextTable like) {
            super(scheme, like.columns());
            indentWrappedLines = like.indentWrappedLines;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            String plain = value == null ? "" : value.plainString();
            int room = column.width - column.indent;
            if (column.overflow != Column.Overflow.WRAP || plain.length() <= room || plain.contains("\n")) {
                return super.putValue(row, col, value);
            }
            List<int[]> spans = spans(plain, room - indentWrappedLines);
            Cell cell = null;
            int at = row;
            for (int i = 0; i < spans.size(); i++) {
                while (rowCount() <= at) {
                    addEmptyRow();
                }
                Text piece = value.substring(spans.get(i)[0], spans.get(i)[1]);
                cell = super.putValue(at, col, i == 0 ? piece : indent(piece));
                at = cell.row + 1;
            }
            return cell;
        }

        private Text indent(Text piece) {
            return Help.Ansi.OFF.new Text(" ".repeat(indentWrappedLines)).concat(piece);
        }
    }
}
