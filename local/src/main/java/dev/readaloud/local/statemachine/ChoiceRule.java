package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * One Choice rule: a boolean combination (And, Or, Not) or a comparison of a Variable. Evaluation
 * follows the AWS developer guide, "Choice state": a comparison against a value of another type
 * is false; a Variable (or a *Path operand) that does not exist is a States.Runtime error, except
 * for IsPresent.
 */
record ChoiceRule(Kind kind, List<ChoiceRule> children, JsonPath variable, String operator, JsonNode value,
                  JsonPath valuePath, String next) {

    enum Kind { AND, OR, NOT, COMPARISON }

    static final List<String> OPERATORS = List.of(
            "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals",
            "StringMatches",
            "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals",
            "BooleanEquals",
            "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals",
            "TimestampGreaterThanEquals",
            "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");

    /** Operators that also have a *Path variant comparing against another path's value. */
    static boolean hasPathVariant(String operator) {
        return !operator.startsWith("Is") && !operator.equals("StringMatches");
    }

    boolean evaluate(JsonNode input, String stateName) {
        return switch (kind) {
            case AND -> children.stream().allMatch(child -> child.evaluate(input, stateName));
            case OR -> children.stream().anyMatch(child -> child.evaluate(input, stateName));
            case NOT -> !children.getFirst().evaluate(input, stateName);
            case COMPARISON -> compare(input, stateName);
        };
    }

    private boolean compare(JsonNode input, String stateName) {
        JsonNode actual = variable.select(input, null);
        if (operator.equals("IsPresent")) {
            return present(actual) == value.booleanValue();
        }
        if (!present(actual)) {
            throw new StatesError(StatesError.RUNTIME, "Invalid path '" + variable.text()
                    + "': The choice state's condition path references an invalid value. (state '" + stateName + "')");
        }
        JsonNode expected = value;
        if (valuePath != null) {
            expected = valuePath.select(input, null);
            if (!present(expected)) {
                throw new StatesError(StatesError.RUNTIME, "Invalid path '" + valuePath.text()
                        + "': The choice state's condition path references an invalid value. (state '" + stateName + "')");
            }
        }
        return switch (operator) {
            case "IsNull" -> actual.isNull() == expected.booleanValue();
            case "IsNumeric" -> actual.isNumber() == expected.booleanValue();
            case "IsString" -> actual.isTextual() == expected.booleanValue();
            case "IsBoolean" -> actual.isBoolean() == expected.booleanValue();
            case "IsTimestamp" -> (timestamp(actual) != null) == expected.booleanValue();
            case "StringMatches" -> actual.isTextual() && matches(actual.textValue(), expected.textValue());
            case "BooleanEquals" -> actual.isBoolean() && expected.isBoolean() && actual.booleanValue() == expected.booleanValue();
            default -> ordered(actual, expected);
        };
    }

    private boolean ordered(JsonNode actual, JsonNode expected) {
        Integer compared;
        String relation;
        if (operator.startsWith("String")) {
            compared = actual.isTextual() && expected.isTextual() ? Integer.valueOf(actual.textValue().compareTo(expected.textValue())) : null;
            relation = operator.substring("String".length());
        } else if (operator.startsWith("Numeric")) {
            compared = actual.isNumber() && expected.isNumber() ? Integer.valueOf(decimal(actual).compareTo(decimal(expected))) : null;
            relation = operator.substring("Numeric".length());
        } else {
            OffsetDateTime a = timestamp(actual);
            OffsetDateTime b = timestamp(expected);
            compared = a != null && b != null ? Integer.valueOf(a.toInstant().compareTo(b.toInstant())) : null;
            relation = operator.substring("Timestamp".length());
        }
        if (compared == null) {
            return false;
        }
        return switch (relation) {
            case "Equals" -> compared == 0;
            case "LessThan" -> compared < 0;
            case "GreaterThan" -> compared > 0;
            case "LessThanEquals" -> compared <= 0;
            case "GreaterThanEquals" -> compared >= 0;
            default -> throw new IllegalStateException("unknown comparison " + operator);
        };
    }

    private static BigDecimal decimal(JsonNode node) {
        return node.decimalValue();
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isMissingNode();
    }

    /** RFC 3339 timestamps, as Step Functions requires (an uppercase T, a zone). */
    static OffsetDateTime timestamp(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        String text = node.textValue();
        if (text.indexOf('T') < 0) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** StringMatches: {@code *} matches any run of characters, {@code \*} and {@code \\} are literal. */
    static boolean matches(String text, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                regex.append(".*");
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL).matcher(text).matches();
    }
}
