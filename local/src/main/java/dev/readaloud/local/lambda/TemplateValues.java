package dev.readaloud.local.lambda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Evaluates template values the way CloudFormation does: scalars stay strings, and the intrinsic
 * functions the project uses ({@code Ref}, {@code Fn::Sub}, {@code Fn::GetAtt}, {@code Fn::If},
 * {@code Fn::Not}, {@code Fn::Equals}, {@code Fn::And}, {@code Fn::Or}, {@code Condition}), in short
 * ({@code !Ref}) or long ({@code {"Ref": ...}}) form, are resolved. Anything else fails by name, so a
 * template the emulator cannot read like AWS never runs with a guessed value.
 */
final class TemplateValues {

    /** {@code AWS::NoValue}: the property is left out, as if it were not written. */
    static final Object NO_VALUE = new Object();

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, Node> parameters;
    private final Map<String, Node> conditions;
    private final Map<String, Node> resources;
    private final Map<String, String> parameterOverrides;
    private final Map<String, String> resourceValues;
    private final Map<String, String> pseudoParameters;

    TemplateValues(Map<String, Node> parameters, Map<String, Node> conditions, Map<String, Node> resources,
                   Map<String, String> parameterOverrides, Map<String, String> resourceValues,
                   Map<String, String> pseudoParameters) {
        this.parameters = parameters;
        this.conditions = conditions;
        this.resources = resources;
        this.parameterOverrides = Map.copyOf(parameterOverrides);
        this.resourceValues = Map.copyOf(resourceValues);
        this.pseudoParameters = Map.copyOf(pseudoParameters);
        for (String name : parameterOverrides.keySet()) {
            if (!parameters.containsKey(name)) {
                throw new TemplateException("parameter override " + name + " names no parameter of the template (it has "
                        + String.join(", ", parameters.keySet()) + ")");
            }
        }
    }

    /** A string, a list, a map (insertion-ordered) or {@link #NO_VALUE}. */
    Object evaluate(Node node) {
        String tag = node.getTag().getValue();
        if (tag.startsWith("!")) {
            return intrinsic(tag.substring(1), node, node);
        }
        return switch (node) {
            case ScalarNode scalar -> scalar.getValue();
            case SequenceNode sequence -> {
                List<Object> items = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    Object value = evaluate(item);
                    if (value != NO_VALUE) {
                        items.add(value);
                    }
                }
                yield items;
            }
            case MappingNode mapping -> {
                List<NodeTuple> entries = mapping.getValue();
                if (entries.size() == 1) {
                    String key = scalarText(entries.getFirst().getKeyNode());
                    if (key.equals("Ref") || key.equals("Condition") || key.startsWith("Fn::")) {
                        yield intrinsic(key.startsWith("Fn::") ? key.substring(4) : key, entries.getFirst().getValueNode(), node);
                    }
                }
                Map<String, Object> map = new LinkedHashMap<>();
                for (NodeTuple entry : entries) {
                    Object value = evaluate(entry.getValueNode());
                    if (value != NO_VALUE) {
                        map.put(scalarText(entry.getKeyNode()), value);
                    }
                }
                yield map;
            }
            default -> throw new TemplateException("unexpected YAML node " + node.getNodeId() + at(node));
        };
    }

    /** The value as a string (CloudFormation passes numbers and booleans as strings to Lambda). */
    String evaluateString(Node node, String what) {
        Object value = evaluate(node);
        if (value instanceof String text) {
            return text;
        }
        throw new TemplateException(what + " must be a string" + at(node) + ", got " + value);
    }

    private Object intrinsic(String name, Node argument, Node where) {
        return switch (name) {
            case "Ref" -> ref(scalarText(argument), where);
            case "Sub" -> sub(argument);
            case "GetAtt" -> getAtt(argument);
            case "If" -> {
                List<Node> args = arguments(argument, 3, "Fn::If");
                yield condition(scalarText(args.get(0)), where) ? evaluate(args.get(1)) : evaluate(args.get(2));
            }
            case "Not" -> Boolean.toString(!truth(arguments(argument, 1, "Fn::Not").getFirst()));
            case "Equals" -> {
                List<Node> args = arguments(argument, 2, "Fn::Equals");
                yield Boolean.toString(String.valueOf(evaluate(args.get(0))).equals(String.valueOf(evaluate(args.get(1)))));
            }
            case "And" -> Boolean.toString(arguments(argument, -1, "Fn::And").stream().allMatch(this::truth));
            case "Or" -> Boolean.toString(arguments(argument, -1, "Fn::Or").stream().anyMatch(this::truth));
            case "Condition" -> Boolean.toString(condition(scalarText(argument), where));
            default -> throw new TemplateException("unsupported intrinsic function " + name + at(where)
                    + " (supported: Ref, Fn::Sub, Fn::GetAtt, Fn::If, Fn::Not, Fn::Equals, Fn::And, Fn::Or, Condition)");
        };
    }

    private boolean truth(Node node) {
        Object value = evaluate(node);
        if (value instanceof String text && (text.equals("true") || text.equals("false"))) {
            return Boolean.parseBoolean(text);
        }
        throw new TemplateException("a condition must evaluate to true or false" + at(node) + ", got " + value);
    }

    private boolean condition(String name, Node where) {
        Node definition = conditions.get(name);
        if (definition == null) {
            throw new TemplateException("condition " + name + " is not defined in Conditions" + at(where));
        }
        return truth(definition);
    }

    private Object ref(String name, Node where) {
        if (parameters.containsKey(name)) {
            String override = parameterOverrides.get(name);
            if (override != null) {
                return override;
            }
            Node definition = parameters.get(name);
            Node defaultValue = definition instanceof MappingNode mapping ? child(mapping, "Default") : null;
            if (defaultValue == null) {
                throw new TemplateException("parameter " + name + " has no Default: give it as a parameter override "
                        + name + "=VALUE");
            }
            return evaluate(defaultValue);
        }
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        if (name.startsWith("AWS::")) {
            String pseudo = pseudoParameters.get(name);
            if (pseudo == null) {
                throw new TemplateException("unsupported pseudo parameter " + name + at(where));
            }
            return pseudo;
        }
        String value = resourceValues.get(name);
        if (value != null) {
            return value;
        }
        if (resources.containsKey(name)) {
            throw new TemplateException("unresolved reference !Ref " + name + at(where)
                    + ": a resource of the template, whose local value the caller must give");
        }
        throw new TemplateException("!Ref " + name + at(where) + " names neither a parameter nor a resource of the template");
    }

    private String getAtt(Node argument) {
        String attribute;
        if (argument instanceof SequenceNode sequence && sequence.getValue().size() == 2) {
            attribute = scalarText(sequence.getValue().get(0)) + "." + evaluateString(sequence.getValue().get(1), "Fn::GetAtt attribute");
        } else {
            attribute = scalarText(argument);
        }
        return attribute(attribute, argument);
    }

    private String attribute(String logicalIdAndAttribute, Node where) {
        String value = resourceValues.get(logicalIdAndAttribute);
        if (value != null) {
            return value;
        }
        throw new TemplateException("unresolved reference !GetAtt " + logicalIdAndAttribute + at(where)
                + ": the caller must give its local value");
    }

    private String sub(Node argument) {
        String text;
        Map<String, Object> variables = Map.of();
        if (argument instanceof SequenceNode sequence && sequence.getValue().size() == 2
                && sequence.getValue().get(1) instanceof MappingNode) {
            text = scalarText(sequence.getValue().get(0));
            @SuppressWarnings("unchecked")
            Map<String, Object> given = (Map<String, Object>) evaluate(sequence.getValue().get(1));
            variables = given;
        } else {
            text = scalarText(argument);
        }
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String variable = matcher.group(1).strip();
            String replacement;
            if (variable.startsWith("!")) {
                replacement = "${" + variable.substring(1) + "}";
            } else if (variables.containsKey(variable)) {
                replacement = String.valueOf(variables.get(variable));
            } else if (variable.contains(".") && !variable.startsWith("AWS::")) {
                replacement = attribute(variable, argument);
            } else {
                replacement = String.valueOf(ref(variable, argument));
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private List<Node> arguments(Node argument, int count, String function) {
        if (!(argument instanceof SequenceNode sequence) || count >= 0 && sequence.getValue().size() != count) {
            throw new TemplateException(function + " takes a list of " + (count < 0 ? "conditions" : count + " values") + at(argument));
        }
        return sequence.getValue();
    }

    static Node child(MappingNode mapping, String key) {
        for (NodeTuple entry : mapping.getValue()) {
            if (entry.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                return entry.getValueNode();
            }
        }
        return null;
    }

    static String scalarText(Node node) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw new TemplateException("expected a plain value" + at(node));
    }

    static String at(Node node) {
        return node.getStartMark() == null ? "" : " (line " + (node.getStartMark().getLine() + 1) + ")";
    }
}
