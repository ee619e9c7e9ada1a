package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSONPath subset Step Functions uses (it is backed by Jayway JsonPath there).
 *
 * <p>A <em>reference path</em> ({@code $.a.b[0]}, {@code $['x y']}) names one node and is all that
 * ResultPath, ItemsPath and the *Path fields accept. Other paths (InputPath, OutputPath, Choice
 * Variable, {@code .$} values) may also use wildcards ({@code [*]}, {@code .*}), slices, unions,
 * deep scan ({@code ..name}) and simple filters ({@code [?(@.price < 10 && @.ok)]}); such an
 * indefinite path selects an array of every match, as Jayway does. A path starting with
 * {@code $$} reads the context object.
 */
final class JsonPath {

    private final String text;
    private final boolean context;
    private final List<Segment> segments;

    private JsonPath(String text, boolean context, List<Segment> segments) {
        this.text = text;
        this.context = context;
        this.segments = List.copyOf(segments);
    }

    /** Parses a path; throws IllegalArgumentException with the reason. */
    static JsonPath parse(String text) {
        return new Parser(text).parse();
    }

    /** Whether the text looks like a path (starts with {@code $}). */
    static boolean looksLikePath(String text) {
        return text != null && text.startsWith("$");
    }

    String text() {
        return text;
    }

    boolean isContext() {
        return context;
    }

    /** Only field names and non-negative indexes: names exactly one node. */
    boolean isReference() {
        for (Segment segment : segments) {
            if (!(segment instanceof Field) && !(segment instanceof Index index && index.value() >= 0)) {
                return false;
            }
        }
        return true;
    }

    private boolean isDefinite() {
        for (Segment segment : segments) {
            if (!(segment instanceof Field) && !(segment instanceof Index)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Selects from the input (or the context object for {@code $$} paths). A definite path returns
     * the node or MissingNode when it is absent; an indefinite path returns an array of matches
     * (maybe empty).
     */
    JsonNode select(JsonNode input, JsonNode contextObject) {
        JsonNode root = context ? contextObject : input;
        if (isDefinite()) {
            JsonNode node = root == null ? MissingNode.getInstance() : root;
            for (Segment segment : segments) {
                node = segment instanceof Field field ? field(node, field.name()) : index(node, ((Index) segment).value());
                if (node.isMissingNode()) {
                    return node;
                }
            }
            return node;
        }
        List<JsonNode> current = new ArrayList<>();
        current.add(root == null ? MissingNode.getInstance() : root);
        for (Segment segment : segments) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                segment.apply(node, next);
            }
            current = next;
        }
        ArrayNode result = Json.NODES.arrayNode();
        for (JsonNode node : current) {
            if (!node.isMissingNode()) {
                result.add(node);
            }
        }
        return result;
    }

    /**
     * ResultPath semantics: returns a copy of {@code target} with {@code value} placed at this
     * reference path, creating missing objects on the way.
     *
     * @throws IllegalArgumentException when the path cannot be applied (the caller raises
     *                                  States.ResultPathMatchFailure)
     */
    JsonNode set(JsonNode target, JsonNode value) {
        if (segments.isEmpty()) {
            return value;
        }
        if (target == null || !(target.isObject() || target.isArray())) {
            throw new IllegalArgumentException("cannot apply ResultPath '" + text + "' to a " + Json.typeName(target) + " input");
        }
        JsonNode copy = target.deepCopy();
        JsonNode node = copy;
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (segment instanceof Field field) {
                if (!node.isObject()) {
                    throw new IllegalArgumentException("cannot apply ResultPath '" + text + "': '" + field.name()
                            + "' would be set inside a " + Json.typeName(node));
                }
                ObjectNode object = (ObjectNode) node;
                if (last) {
                    object.set(field.name(), value);
                } else {
                    JsonNode child = object.get(field.name());
                    if (child == null || child.isNull()) {
                        child = Json.NODES.objectNode();
                        object.set(field.name(), child);
                    }
                    node = child;
                }
            } else {
                int index = ((Index) segment).value();
                if (!node.isArray() || index >= node.size()) {
                    throw new IllegalArgumentException("cannot apply ResultPath '" + text + "': no element [" + index + "]");
                }
                ArrayNode array = (ArrayNode) node;
                if (last) {
                    array.set(index, value);
                } else {
                    node = array.get(index);
                }
            }
        }
        return copy;
    }

    @Override
    public String toString() {
        return text;
    }

    private static JsonNode field(JsonNode node, String name) {
        if (node.isObject()) {
            JsonNode child = node.get(name);
            return child == null ? MissingNode.getInstance() : child;
        }
        return MissingNode.getInstance();
    }

    private static JsonNode index(JsonNode node, int index) {
        if (node.isArray()) {
            int at = index < 0 ? node.size() + index : index;
            JsonNode child = at >= 0 ? node.get(at) : null;
            return child == null ? MissingNode.getInstance() : child;
        }
        return MissingNode.getInstance();
    }

    private sealed interface Segment permits Field, Index, Wildcard, Slice, Union, DeepScan, Filter {
        void apply(JsonNode node, List<JsonNode> out);
    }

    private record Field(String name) implements Segment {
        public void apply(JsonNode node, List<JsonNode> out) {
            JsonNode child = field(node, name);
            if (!child.isMissingNode()) {
                out.add(child);
            }
        }
    }

    private record Index(int value) implements Segment {
        public void apply(JsonNode node, List<JsonNode> out) {
            JsonNode child = index(node, value);
            if (!child.isMissingNode()) {
                out.add(child);
            }
        }
    }

    private record Wildcard() implements Segment {
        public void apply(JsonNode node, List<JsonNode> out) {
            if (node.isContainerNode()) {
                node.forEach(out::add);
            }
        }
    }

    private record Slice(Integer start, Integer end, int step) implements Segment {
        public void apply(JsonNode node, List<JsonNode> out) {
            if (!node.isArray()) {
                return;
            }
            int size = node.size();
            int from = start == null ? 0 : start < 0 ? Math.max(0, size + start) : Math.min(start, size);
            int to = end == null ? size : end < 0 ? Math.max(0, size + end) : Math.min(end, size);
            for (int i = from; i < to; i += step) {
                out.add(node.get(i));
            }
        }
    }

    private record Union(List<Segment> members) implements Segment {
        public void apply(JsonNode node, List<JsonNode> out) {
            for (Segment member : members) {
                member.apply(node, out);
            }
        }
    }

    /** {@code ..name} or {@code ..*}: the named children (or all children) at any depth. */
    private record DeepScan(Segment inner) implements Segment {
        public void apply(JsonNode node, List<JsonNode> out) {
            inner.apply(node, out);
            if (node.isContainerNode()) {
                for (JsonNode child : node) {
                    apply(child, out);
                }
            }
        }
    }

    private record Filter(List<List<Comparison>> anyOfAll) implements Segment {
        public void apply(JsonNode node, List<JsonNode> out) {
            if (!node.isContainerNode()) {
                return;
            }
            for (JsonNode child : node) {
                if (matches(child)) {
                    out.add(child);
                }
            }
        }

        private boolean matches(JsonNode candidate) {
            for (List<Comparison> all : anyOfAll) {
                boolean ok = true;
                for (Comparison comparison : all) {
                    ok &= comparison.test(candidate);
                }
                if (ok) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Comparison(JsonPath relative, String operator, JsonNode literal) {
        boolean test(JsonNode candidate) {
            JsonNode value = relative.select(candidate, null);
            if (operator == null) {
                return !value.isMissingNode();
            }
            if (value.isMissingNode()) {
                return false;
            }
            if (value.isNumber() && literal.isNumber()) {
                int compared = value.decimalValue().compareTo(literal.decimalValue());
                return compare(compared);
            }
            if (value.isTextual() && literal.isTextual()) {
                return compare(value.textValue().compareTo(literal.textValue()));
            }
            boolean equal = value.equals(literal);
            return switch (operator) {
                case "==" -> equal;
                case "!=" -> !equal;
                default -> false;
            };
        }

        private boolean compare(int compared) {
            return switch (operator) {
                case "==" -> compared == 0;
                case "!=" -> compared != 0;
                case "<" -> compared < 0;
                case "<=" -> compared <= 0;
                case ">" -> compared > 0;
                case ">=" -> compared >= 0;
                default -> false;
            };
        }
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        JsonPath parse() {
            if (text == null || !text.startsWith("$")) {
                throw error("must start with '$'");
            }
            boolean context = text.startsWith("$$");
            pos = context ? 2 : 1;
            List<Segment> segments = new ArrayList<>();
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '.') {
                    if (pos + 1 < text.length() && text.charAt(pos + 1) == '.') {
                        pos += 2;
                        Segment inner = pos < text.length() && text.charAt(pos) == '[' ? bracket() : dotted();
                        segments.add(new DeepScan(inner));
                    } else {
                        pos++;
                        segments.add(dotted());
                    }
                } else if (c == '[') {
                    segments.add(bracket());
                } else {
                    throw error("unexpected '" + c + "' at position " + pos);
                }
            }
            return new JsonPath(text, context, segments);
        }

        private Segment dotted() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != '.' && text.charAt(pos) != '[') {
                pos++;
            }
            String name = text.substring(start, pos);
            if (name.isEmpty()) {
                throw error("empty field name at position " + start);
            }
            if (name.equals("*")) {
                return new Wildcard();
            }
            if (name.chars().anyMatch(ch -> Character.isWhitespace(ch) || ch == ']' || ch == '\'' || ch == '"')) {
                throw error("field name '" + name + "' needs bracket notation");
            }
            return new Field(name);
        }

        private Segment bracket() {
            pos++; // [
            skipSpaces();
            if (pos >= text.length()) {
                throw error("unclosed '['");
            }
            char c = text.charAt(pos);
            Segment segment;
            if (c == '*') {
                pos++;
                segment = new Wildcard();
            } else if (c == '?') {
                segment = filter();
            } else if (c == '\'' || c == '"') {
                List<Segment> names = new ArrayList<>();
                names.add(new Field(quoted()));
                skipSpaces();
                while (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                    skipSpaces();
                    names.add(new Field(quoted()));
                    skipSpaces();
                }
                segment = names.size() == 1 ? names.getFirst() : new Union(names);
            } else {
                segment = numeric();
            }
            skipSpaces();
            expect(']');
            return segment;
        }

        private Segment numeric() {
            int close = text.indexOf(']', pos);
            if (close < 0) {
                throw error("unclosed '['");
            }
            String inside = text.substring(pos, close).replace(" ", "");
            pos = close;
            try {
                if (inside.contains(":")) {
                    String[] parts = inside.split(":", -1);
                    if (parts.length > 3) {
                        throw error("bad slice [" + inside + "]");
                    }
                    Integer start = parts[0].isEmpty() ? null : Integer.parseInt(parts[0]);
                    Integer end = parts[1].isEmpty() ? null : Integer.parseInt(parts[1]);
                    int step = parts.length == 3 && !parts[2].isEmpty() ? Integer.parseInt(parts[2]) : 1;
                    if (step <= 0) {
                        throw error("slice step must be positive in [" + inside + "]");
                    }
                    return new Slice(start, end, step);
                }
                if (inside.contains(",")) {
                    List<Segment> indexes = new ArrayList<>();
                    for (String part : inside.split(",")) {
                        indexes.add(new Index(Integer.parseInt(part)));
                    }
                    return new Union(indexes);
                }
                return new Index(Integer.parseInt(inside));
            } catch (NumberFormatException e) {
                throw error("bad index [" + inside + "]");
            }
        }

        private Segment filter() {
            pos++; // ?
            skipSpaces();
            expect('(');
            int depth = 1;
            int start = pos;
            boolean quoted = false;
            char quote = 0;
            while (pos < text.length() && depth > 0) {
                char c = text.charAt(pos);
                if (quoted) {
                    if (c == quote) {
                        quoted = false;
                    }
                } else if (c == '\'' || c == '"') {
                    quoted = true;
                    quote = c;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                }
                pos++;
            }
            if (depth != 0) {
                throw error("unclosed filter");
            }
            String expression = text.substring(start, pos - 1).trim();
            List<List<Comparison>> anyOf = new ArrayList<>();
            for (String disjunct : expression.split("\\|\\|")) {
                List<Comparison> all = new ArrayList<>();
                for (String conjunct : disjunct.split("&&")) {
                    all.add(comparison(conjunct.trim()));
                }
                anyOf.add(all);
            }
            return new Filter(anyOf);
        }

        private Comparison comparison(String expression) {
            for (String operator : List.of("==", "!=", "<=", ">=", "<", ">")) {
                int at = expression.indexOf(operator);
                if (at > 0) {
                    String left = expression.substring(0, at).trim();
                    String right = expression.substring(at + operator.length()).trim();
                    return new Comparison(relative(left), operator, literal(right));
                }
            }
            return new Comparison(relative(expression), null, null);
        }

        private JsonPath relative(String left) {
            if (!left.startsWith("@")) {
                throw error("filter operand '" + left + "' must start with '@'");
            }
            JsonPath path = JsonPath.parse("$" + left.substring(1));
            if (!path.isDefinite()) {
                throw error("filter operand '" + left + "' must be a simple path");
            }
            return path;
        }

        private JsonNode literal(String right) {
            if (right.length() >= 2 && (right.startsWith("'") && right.endsWith("'")
                    || right.startsWith("\"") && right.endsWith("\""))) {
                return Json.NODES.textNode(right.substring(1, right.length() - 1));
            }
            switch (right) {
                case "true": return Json.NODES.booleanNode(true);
                case "false": return Json.NODES.booleanNode(false);
                case "null": return Json.NODES.nullNode();
                default:
                    try {
                        return Json.NODES.numberNode(new BigDecimal(right));
                    } catch (NumberFormatException e) {
                        throw error("bad filter literal '" + right + "'");
                    }
            }
        }

        private String quoted() {
            char quote = text.charAt(pos);
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted name at position " + pos);
            }
            pos++;
            StringBuilder name = new StringBuilder();
            while (pos < text.length() && text.charAt(pos) != quote) {
                char c = text.charAt(pos);
                if (c == '\\' && pos + 1 < text.length()) {
                    pos++;
                    c = text.charAt(pos);
                }
                name.append(c);
                pos++;
            }
            if (pos >= text.length()) {
                throw error("unclosed quote");
            }
            pos++;
            return name.toString();
        }

        private void expect(char c) {
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw error("expected '" + c + "' at position " + pos);
            }
            pos++;
        }

        private void skipSpaces() {
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
        }

        private IllegalArgumentException error(String reason) {
            return new IllegalArgumentException("invalid JSONPath '" + text + "': " + reason);
        }
    }

    /** Iterates the fields of an object node (Jackson's API differs between versions). */
    static Iterator<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return node.properties().iterator();
    }
}
