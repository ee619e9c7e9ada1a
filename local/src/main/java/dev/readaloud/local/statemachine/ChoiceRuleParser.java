package dev.readaloud.local.statemachine;

import static dev.readaloud.local.statemachine.DefinitionFields.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Parses a Choice state's rules (comparisons, And, Or, Not) as CreateStateMachine validates them. */
final class ChoiceRuleParser {

    private ChoiceRuleParser() {
    }

    static ChoiceRule rule(JsonNode node, String where, String field, boolean topLevel) {
        if (!node.isObject()) {
            throw new DefinitionException(where + ": field '" + field + "' must be an object");
        }
        JsonNode nextNode = node.get("Next");
        String next = null;
        if (topLevel) {
            if (nextNode == null || !nextNode.isTextual()) {
                throw new DefinitionException(where + ": field '" + field + ".Next' is required");
            }
            next = nextNode.textValue();
        } else if (nextNode != null) {
            throw new DefinitionException(where + ": field '" + field + ".Next' is only allowed on top-level choice rules");
        }
        if (node.has("Condition")) {
            throw new DefinitionException(where + ": field '" + field + ".Condition' belongs to JSONata, which this engine does not support");
        }
        List<String> operators = new ArrayList<>();
        for (String key : (Iterable<String>) node::fieldNames) {
            if (key.equals("Next") || key.equals("Comment") || key.equals("Variable")) {
                continue;
            }
            operators.add(key);
        }
        if (operators.size() != 1) {
            throw new DefinitionException(where + ": field '" + field + "' must have exactly one comparison operator or And/Or/Not, got "
                    + (operators.isEmpty() ? "none" : operators));
        }
        String operator = operators.getFirst();
        JsonNode operand = node.get(operator);
        switch (operator) {
            case "And", "Or" -> {
                if (node.has("Variable")) {
                    throw new DefinitionException(where + ": field '" + field + ".Variable' is not allowed with " + operator);
                }
                if (!operand.isArray() || operand.isEmpty()) {
                    throw new DefinitionException(where + ": field '" + field + "." + operator + "' must be a non-empty array");
                }
                List<ChoiceRule> children = new ArrayList<>();
                for (int i = 0; i < operand.size(); i++) {
                    children.add(rule(operand.get(i), where, field + "." + operator + "[" + i + "]", false));
                }
                return new ChoiceRule(operator.equals("And") ? ChoiceRule.Kind.AND : ChoiceRule.Kind.OR,
                        List.copyOf(children), null, null, null, null, next);
            }
            case "Not" -> {
                if (node.has("Variable")) {
                    throw new DefinitionException(where + ": field '" + field + ".Variable' is not allowed with Not");
                }
                return new ChoiceRule(ChoiceRule.Kind.NOT, List.of(rule(operand, where, field + ".Not", false)),
                        null, null, null, null, next);
            }
            default -> {
                boolean isPathVariant = operator.endsWith("Path") && ChoiceRule.OPERATORS.contains(operator.substring(0, operator.length() - 4))
                        && ChoiceRule.hasPathVariant(operator.substring(0, operator.length() - 4));
                String base = isPathVariant ? operator.substring(0, operator.length() - 4) : operator;
                if (!ChoiceRule.OPERATORS.contains(base)) {
                    throw new DefinitionException(where + ": field '" + field + "." + operator + "' is not a comparison operator");
                }
                JsonNode variable = node.get("Variable");
                if (variable == null || !variable.isTextual()) {
                    throw new DefinitionException(where + ": field '" + field + ".Variable' is required with " + operator);
                }
                // AWS docs, "Choice workflow state": Variable and *Path operands must be reference paths.
                JsonPath variablePath = choicePath(variable.textValue(), where, field + ".Variable");
                JsonPath valuePath = null;
                JsonNode value = operand;
                if (isPathVariant) {
                    if (!operand.isTextual()) {
                        throw new DefinitionException(where + ": field '" + field + "." + operator + "' must be a path string");
                    }
                    valuePath = choicePath(operand.textValue(), where, field + "." + operator);
                    value = null;
                } else {
                    boolean ok = switch (base.startsWith("Is") ? "Is" : base.replaceAll("(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)$", "")) {
                        case "String" -> operand.isTextual();
                        case "Numeric" -> operand.isNumber();
                        case "Boolean", "Is" -> operand.isBoolean();
                        case "Timestamp" -> ChoiceRule.timestamp(operand) != null;
                        default -> false;
                    };
                    if (!ok) {
                        throw new DefinitionException(where + ": field '" + field + "." + operator + "' has a value of the wrong type: "
                                + Json.abbreviate(operand));
                    }
                }
                return new ChoiceRule(ChoiceRule.Kind.COMPARISON, List.of(), variablePath, base, value, valuePath, next);
            }
        }
    }

    static JsonPath choicePath(String text, String where, String field) {
        JsonPath path = path(text, where, field);
        if (path.isContext() || !path.isReference()) {
            throw new DefinitionException(where + ": field '" + field + "' must be a reference path into the input: '" + text + "'");
        }
        return path;
    }
}
