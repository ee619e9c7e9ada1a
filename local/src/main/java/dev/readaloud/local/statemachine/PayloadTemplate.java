package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A payload template: Parameters, ItemSelector and ResultSelector. Keys ending in {@code .$}
 * take their value from a path (into the input, or the context object with {@code $$}) or an
 * intrinsic function; the {@code .$} is dropped from the key. Parsed at load, evaluated per use.
 */
final class PayloadTemplate {

    private final JsonNode template;
    private final Map<JsonNode, Object> compiled;

    private PayloadTemplate(JsonNode template, Map<JsonNode, Object> compiled) {
        this.template = template;
        this.compiled = compiled;
    }

    /**
     * @param where e.g. "state 'Foo' field 'Parameters'", for messages
     * @throws DefinitionException when a {@code .$} value is not a valid path or intrinsic call
     */
    static PayloadTemplate compile(JsonNode template, String where) {
        Map<JsonNode, Object> compiled = new java.util.IdentityHashMap<>();
        compileNode(template, where, compiled);
        return new PayloadTemplate(template, compiled);
    }

    private static void compileNode(JsonNode node, String where, Map<JsonNode, Object> compiled) {
        if (node.isObject()) {
            Map<String, String> outputNames = new java.util.HashMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = field.getKey();
                JsonNode value = field.getValue();
                // States Language spec, "Payload Template": a template whose field names collide once
                // ".$" is stripped (both "a" and "a.$") is invalid.
                String outputName = key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
                String other = outputNames.putIfAbsent(outputName, key);
                if (other != null) {
                    throw new DefinitionException(where + ": fields '" + other + "' and '" + key + "' both produce the field '"
                            + outputName + "' (a payload template's field names must stay unique once '.$' is removed)");
                }
                if (key.endsWith(".$")) {
                    if (!value.isTextual()) {
                        throw new DefinitionException(where + ": '" + key + "' must be a string path or intrinsic function");
                    }
                    String text = value.textValue();
                    try {
                        compiled.put(identity(value), Intrinsics.looksLikeCall(text) ? Intrinsics.parse(text) : JsonPath.parse(text));
                    } catch (IllegalArgumentException e) {
                        throw new DefinitionException(where + ": '" + key + "': " + e.getMessage());
                    }
                } else {
                    compileNode(value, where, compiled);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                compileNode(element, where, compiled);
            }
        }
    }

    // Jackson text nodes are value-equal; the identity map keys on the node instance itself.
    private static JsonNode identity(JsonNode node) {
        return node;
    }

    JsonNode evaluate(JsonNode input, JsonNode context, Intrinsics.Env env) {
        return evaluateNode(template, input, context, env);
    }

    private JsonNode evaluateNode(JsonNode node, JsonNode input, JsonNode context, Intrinsics.Env env) {
        if (node.isObject()) {
            ObjectNode out = Json.NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String key = field.getKey();
                JsonNode value = field.getValue();
                if (key.endsWith(".$")) {
                    String name = key.substring(0, key.length() - 2);
                    Object expression = compiled.get(identity(value));
                    if (expression instanceof JsonPath path) {
                        JsonNode selected = path.select(input, context);
                        if (selected.isMissingNode()) {
                            throw new StatesError(StatesError.PARAMETER_PATH_FAILURE, "The JSONPath '" + path.text()
                                    + "' specified for the field '" + key + "' could not be found in the input '"
                                    + Json.abbreviate(path.isContext() ? context : input) + "'");
                        }
                        out.set(name, selected.deepCopy());
                    } else {
                        out.set(name, Intrinsics.evaluate((Intrinsics.Call) expression, env));
                    }
                } else {
                    out.set(key, evaluateNode(value, input, context, env));
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Json.NODES.arrayNode();
            for (JsonNode element : node) {
                out.add(evaluateNode(element, input, context, env));
            }
            return out;
        }
        return node.deepCopy();
    }

    /** Static values of top-level fields (for lambda:invoke's FunctionName), null when dynamic. */
    JsonNode staticField(String name) {
        JsonNode value = template.get(name);
        return value == null || value.isContainerNode() ? null : value;
    }

    boolean hasField(String name) {
        return template.has(name) || template.has(name + ".$");
    }

    List<String> keys() {
        List<String> keys = new ArrayList<>();
        template.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
