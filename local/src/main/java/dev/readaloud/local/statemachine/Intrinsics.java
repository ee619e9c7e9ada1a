package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The intrinsic functions of the JSONPath query language ({@code States.Format(...)} etc.), parsed
 * once at load and evaluated per state entry. Limits follow the AWS developer guide, "Intrinsic
 * functions": at most 10 nested calls, Base64 and Hash inputs up to 10,000 characters,
 * ArrayRange up to 1,000 elements, JsonMerge shallow only.
 */
final class Intrinsics {

    private static final int MAX_NESTING = 10;
    private static final int MAX_STRING_INPUT = 10_000;
    private static final int MAX_RANGE_ELEMENTS = 1_000;

    /** Function name to [min args, max args]. */
    private static final Map<String, int[]> ARITY = Map.ofEntries(
            Map.entry("States.Format", new int[] {1, Integer.MAX_VALUE}),
            Map.entry("States.StringToJson", new int[] {1, 1}),
            Map.entry("States.JsonToString", new int[] {1, 1}),
            Map.entry("States.Array", new int[] {0, Integer.MAX_VALUE}),
            Map.entry("States.ArrayPartition", new int[] {2, 2}),
            Map.entry("States.ArrayContains", new int[] {2, 2}),
            Map.entry("States.ArrayRange", new int[] {3, 3}),
            Map.entry("States.ArrayGetItem", new int[] {2, 2}),
            Map.entry("States.ArrayLength", new int[] {1, 1}),
            Map.entry("States.ArrayUnique", new int[] {1, 1}),
            Map.entry("States.Base64Encode", new int[] {1, 1}),
            Map.entry("States.Base64Decode", new int[] {1, 1}),
            Map.entry("States.Hash", new int[] {2, 2}),
            Map.entry("States.JsonMerge", new int[] {3, 3}),
            Map.entry("States.MathRandom", new int[] {2, 3}),
            Map.entry("States.MathAdd", new int[] {2, 2}),
            Map.entry("States.StringSplit", new int[] {2, 2}),
            Map.entry("States.UUID", new int[] {0, 0}));

    private static final Map<String, String> HASH_ALGORITHMS = Map.of(
            "MD5", "MD5", "SHA-1", "SHA-1", "SHA-256", "SHA-256", "SHA-384", "SHA-384", "SHA-512", "SHA-512");

    private Intrinsics() {
    }

    /** Whether a {@code .$} value is an intrinsic call rather than a path. */
    static boolean looksLikeCall(String text) {
        return text != null && text.startsWith("States.");
    }

    /** A parsed call tree. */
    sealed interface Expr permits Call, Literal, PathArg {
    }

    record Call(String name, List<Expr> args) implements Expr {
    }

    /** A literal argument; {@code raw} keeps {@code \{} and {@code \}} escapes for States.Format. */
    record Literal(JsonNode value, String raw) implements Expr {
    }

    record PathArg(JsonPath path) implements Expr {
    }

    /** Parses a call; throws IllegalArgumentException with the reason. */
    static Call parse(String text) {
        Parser parser = new Parser(text);
        Call call = parser.call(1);
        parser.skipSpaces();
        if (parser.pos != text.length()) {
            throw new IllegalArgumentException("invalid intrinsic function '" + text + "': unexpected text after position " + parser.pos);
        }
        return call;
    }

    /** The evaluation environment: state input, context object, random source for MathRandom/UUID. */
    record Env(JsonNode input, JsonNode context, Random random) {
    }

    static JsonNode evaluate(Expr expr, Env env) {
        return switch (expr) {
            case Literal literal -> literal.value();
            case PathArg arg -> {
                JsonNode value = arg.path().select(env.input(), env.context());
                if (value.isMissingNode()) {
                    throw failure("the JSONPath '" + arg.path().text() + "' could not be found in the input");
                }
                yield value;
            }
            case Call call -> apply(call, env);
        };
    }

    private static JsonNode apply(Call call, Env env) {
        if (call.name().equals("States.Format")) {
            return format(call, env);
        }
        List<JsonNode> args = new ArrayList<>();
        for (Expr arg : call.args()) {
            args.add(evaluate(arg, env));
        }
        String name = call.name();
        return switch (name) {
            case "States.StringToJson" -> {
                String text = string(name, args, 0);
                try {
                    yield Json.MAPPER.readTree(text);
                } catch (JsonProcessingException e) {
                    throw failure(name + ": argument is not valid JSON");
                }
            }
            case "States.JsonToString" -> Json.NODES.textNode(Json.write(args.getFirst()));
            case "States.Array" -> {
                ArrayNode array = Json.NODES.arrayNode();
                args.forEach(array::add);
                yield array;
            }
            case "States.ArrayPartition" -> {
                ArrayNode array = array(name, args, 0);
                int size = integer(name, args, 1);
                if (size <= 0) {
                    throw failure(name + ": the chunk size must be a positive integer, got " + size);
                }
                ArrayNode result = Json.NODES.arrayNode();
                ArrayNode chunk = null;
                for (int i = 0; i < array.size(); i++) {
                    if (i % size == 0) {
                        chunk = result.addArray();
                    }
                    chunk.add(array.get(i));
                }
                yield result;
            }
            case "States.ArrayContains" -> {
                ArrayNode array = array(name, args, 0);
                boolean found = false;
                for (JsonNode element : array) {
                    found |= jsonEquals(element, args.get(1));
                }
                yield Json.NODES.booleanNode(found);
            }
            case "States.ArrayRange" -> {
                int first = integer(name, args, 0);
                int last = integer(name, args, 1);
                int step = integer(name, args, 2);
                if (step == 0) {
                    throw failure(name + ": the step must not be 0");
                }
                ArrayNode result = Json.NODES.arrayNode();
                for (long i = first; step > 0 ? i <= last : i >= last; i += step) {
                    if (result.size() == MAX_RANGE_ELEMENTS) {
                        throw failure(name + ": the range would have more than " + MAX_RANGE_ELEMENTS + " elements");
                    }
                    result.add((int) i);
                }
                yield result;
            }
            case "States.ArrayGetItem" -> {
                ArrayNode array = array(name, args, 0);
                int index = integer(name, args, 1);
                if (index < 0 || index >= array.size()) {
                    throw failure(name + ": index " + index + " is out of bounds for an array of " + array.size());
                }
                yield array.get(index);
            }
            case "States.ArrayLength" -> Json.NODES.numberNode(array(name, args, 0).size());
            case "States.ArrayUnique" -> {
                ArrayNode result = Json.NODES.arrayNode();
                for (JsonNode element : array(name, args, 0)) {
                    boolean seen = false;
                    for (JsonNode kept : result) {
                        seen |= jsonEquals(kept, element);
                    }
                    if (!seen) {
                        result.add(element);
                    }
                }
                yield result;
            }
            case "States.Base64Encode" -> {
                String text = limited(name, string(name, args, 0));
                yield Json.NODES.textNode(Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
            }
            case "States.Base64Decode" -> {
                String text = limited(name, string(name, args, 0));
                try {
                    yield Json.NODES.textNode(new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw failure(name + ": argument is not valid Base64");
                }
            }
            case "States.Hash" -> {
                String data = limited(name, string(name, args, 0));
                String algorithm = string(name, args, 1);
                String javaName = HASH_ALGORITHMS.get(algorithm);
                if (javaName == null) {
                    throw failure(name + ": algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, got '" + algorithm + "'");
                }
                try {
                    byte[] digest = MessageDigest.getInstance(javaName).digest(data.getBytes(StandardCharsets.UTF_8));
                    yield Json.NODES.textNode(HexFormat.of().formatHex(digest));
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
            case "States.JsonMerge" -> {
                JsonNode left = args.get(0);
                JsonNode right = args.get(1);
                JsonNode deep = args.get(2);
                if (!left.isObject() || !right.isObject()) {
                    throw failure(name + ": both arguments must be JSON objects");
                }
                if (!deep.isBoolean()) {
                    throw failure(name + ": the third argument must be a boolean");
                }
                if (deep.booleanValue()) {
                    throw failure(name + ": only shallow merges are supported: the third argument must be false");
                }
                ObjectNode merged = left.deepCopy();
                merged.setAll((ObjectNode) right.deepCopy());
                yield merged;
            }
            case "States.MathRandom" -> {
                int start = integer(name, args, 0);
                int end = integer(name, args, 1);
                if (end <= start) {
                    throw failure(name + ": the end (" + end + ") must be greater than the start (" + start + ")");
                }
                Random random = args.size() == 3 ? new Random(integer(name, args, 2)) : env.random();
                yield Json.NODES.numberNode(start + random.nextInt(end - start));
            }
            case "States.MathAdd" -> {
                long sum = (long) integer(name, args, 0) + integer(name, args, 1);
                if (sum < Integer.MIN_VALUE || sum > Integer.MAX_VALUE) {
                    throw failure(name + ": the sum " + sum + " is outside the 32-bit integer range");
                }
                yield Json.NODES.numberNode((int) sum);
            }
            case "States.StringSplit" -> {
                String text = string(name, args, 0);
                String delimiters = string(name, args, 1);
                ArrayNode result = Json.NODES.arrayNode();
                StringBuilder token = new StringBuilder();
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (delimiters.indexOf(c) >= 0) {
                        if (!token.isEmpty()) {
                            result.add(token.toString());
                        }
                        token.setLength(0);
                    } else {
                        token.append(c);
                    }
                }
                if (!token.isEmpty()) {
                    result.add(token.toString());
                }
                yield result;
            }
            case "States.UUID" -> {
                byte[] bytes = new byte[16];
                env.random().nextBytes(bytes);
                bytes[6] = (byte) (bytes[6] & 0x0f | 0x40);
                bytes[8] = (byte) (bytes[8] & 0x3f | 0x80);
                long most = 0;
                long least = 0;
                for (int i = 0; i < 8; i++) {
                    most = most << 8 | (bytes[i] & 0xff);
                    least = least << 8 | (bytes[i + 8] & 0xff);
                }
                yield Json.NODES.textNode(new UUID(most, least).toString());
            }
            default -> throw failure("unknown intrinsic function " + name);
        };
    }

    private static JsonNode format(Call call, Env env) {
        Expr templateExpr = call.args().getFirst();
        String template;
        if (templateExpr instanceof Literal literal && literal.value().isTextual()) {
            template = literal.raw();
        } else {
            JsonNode value = evaluate(templateExpr, env);
            if (!value.isTextual()) {
                throw failure("States.Format: the template must be a string");
            }
            template = value.textValue();
        }
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '\\' && i + 1 < template.length() && "{}\\'".indexOf(template.charAt(i + 1)) >= 0) {
                out.append(template.charAt(++i));
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                if (next >= call.args().size()) {
                    throw failure("States.Format: more {} placeholders than arguments");
                }
                JsonNode value = evaluate(call.args().get(next++), env);
                if (value.isContainerNode()) {
                    throw failure("States.Format: arguments must be strings, numbers, booleans or null, got an " + Json.typeName(value));
                }
                out.append(value.isTextual() ? value.textValue() : Json.write(value));
                i++;
            } else {
                out.append(c);
            }
        }
        if (next != call.args().size()) {
            throw failure("States.Format: " + (call.args().size() - 1) + " arguments for " + (next - 1) + " placeholders");
        }
        return Json.NODES.textNode(out.toString());
    }

    private static boolean jsonEquals(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String limited(String name, String text) {
        if (text.length() > MAX_STRING_INPUT) {
            throw failure(name + ": the input is longer than " + MAX_STRING_INPUT + " characters");
        }
        return text;
    }

    private static String string(String name, List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (!value.isTextual()) {
            throw failure(name + ": argument " + (index + 1) + " must be a string, got " + Json.typeName(value));
        }
        return value.textValue();
    }

    private static ArrayNode array(String name, List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (!value.isArray()) {
            throw failure(name + ": argument " + (index + 1) + " must be an array, got " + Json.typeName(value));
        }
        return (ArrayNode) value;
    }

    private static int integer(String name, List<JsonNode> args, int index) {
        JsonNode value = args.get(index);
        if (value.isNumber()) {
            BigDecimal decimal = value.decimalValue();
            try {
                BigInteger exact = decimal.toBigIntegerExact();
                if (exact.bitLength() < 32) {
                    return exact.intValue();
                }
            } catch (ArithmeticException e) {
                // not an integer: reported below
            }
        }
        throw failure(name + ": argument " + (index + 1) + " must be a 32-bit integer, got " + Json.abbreviate(value));
    }

    private static StatesError failure(String cause) {
        return new StatesError(StatesError.INTRINSIC_FAILURE, cause);
    }

    private static final class Parser {
        private final String text;
        int pos;

        Parser(String text) {
            this.text = text;
        }

        Call call(int depth) {
            if (depth > MAX_NESTING) {
                throw error("more than " + MAX_NESTING + " nested intrinsic functions");
            }
            skipSpaces();
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            String name = text.substring(start, pos);
            int[] arity = ARITY.get(name);
            if (arity == null) {
                throw error("unknown function '" + name + "'");
            }
            skipSpaces();
            expect('(');
            List<Expr> args = new ArrayList<>();
            skipSpaces();
            if (peek() != ')') {
                args.add(argument(depth));
                skipSpaces();
                while (peek() == ',') {
                    pos++;
                    args.add(argument(depth));
                    skipSpaces();
                }
            }
            expect(')');
            if (args.size() < arity[0] || args.size() > arity[1]) {
                throw error(name + " takes " + (arity[0] == arity[1] ? String.valueOf(arity[0])
                        : arity[1] == Integer.MAX_VALUE ? "at least " + arity[0] : arity[0] + " to " + arity[1])
                        + " arguments, got " + args.size());
            }
            if (name.equals("States.Format") && args.getFirst() instanceof Literal literal && !literal.value().isTextual()) {
                throw error("States.Format: the template must be a string");
            }
            return new Call(name, args);
        }

        private Expr argument(int depth) {
            skipSpaces();
            char c = peek();
            if (c == '\'') {
                return string();
            }
            if (c == '$') {
                int start = pos;
                int brackets = 0;
                boolean quoted = false;
                while (pos < text.length()) {
                    char ch = text.charAt(pos);
                    if (quoted) {
                        if (ch == '\'') {
                            quoted = false;
                        }
                    } else if (ch == '\'') {
                        quoted = true;
                    } else if (ch == '[') {
                        brackets++;
                    } else if (ch == ']') {
                        brackets--;
                    } else if (brackets == 0 && (ch == ',' || ch == ')' || ch == ' ')) {
                        break;
                    }
                    pos++;
                }
                try {
                    return new PathArg(JsonPath.parse(text.substring(start, pos)));
                } catch (IllegalArgumentException e) {
                    throw error(e.getMessage());
                }
            }
            if (text.startsWith("States.", pos)) {
                return call(depth + 1);
            }
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != ',' && text.charAt(pos) != ')') {
                pos++;
            }
            String token = text.substring(start, pos).trim();
            switch (token) {
                case "true": return new Literal(Json.NODES.booleanNode(true), token);
                case "false": return new Literal(Json.NODES.booleanNode(false), token);
                case "null": return new Literal(Json.NODES.nullNode(), token);
                default:
                    try {
                        BigDecimal number = new BigDecimal(token);
                        // Parse as the definition's JSON numbers are parsed, so literals compare equal.
                        return new Literal(Json.parse(number.toString().equals(token) ? token : number.toPlainString(), "literal"), token);
                    } catch (NumberFormatException | ArithmeticException e) {
                        throw error("bad argument '" + token + "'");
                    }
            }
        }

        private Literal string() {
            pos++; // opening quote
            StringBuilder raw = new StringBuilder();
            StringBuilder cooked = new StringBuilder();
            while (pos < text.length() && text.charAt(pos) != '\'') {
                char c = text.charAt(pos);
                if (c == '\\' && pos + 1 < text.length()) {
                    char escaped = text.charAt(pos + 1);
                    if (escaped == '{' || escaped == '}' || escaped == '\\') {
                        raw.append(c).append(escaped);
                    } else {
                        raw.append(escaped);
                    }
                    cooked.append(escaped);
                    pos += 2;
                } else {
                    raw.append(c);
                    cooked.append(c);
                    pos++;
                }
            }
            if (pos >= text.length()) {
                throw error("unclosed string literal");
            }
            pos++;
            return new Literal(Json.NODES.textNode(cooked.toString()), raw.toString());
        }

        private char peek() {
            if (pos >= text.length()) {
                throw error("unexpected end");
            }
            return text.charAt(pos);
        }

        private void expect(char c) {
            if (pos >= text.length() || text.charAt(pos) != c) {
                throw error("expected '" + c + "' at position " + pos);
            }
            pos++;
        }

        void skipSpaces() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String reason) {
            return new IllegalArgumentException("invalid intrinsic function '" + text + "': " + reason);
        }
    }
}
