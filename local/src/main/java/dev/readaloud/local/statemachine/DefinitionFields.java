package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.readaloud.local.statemachine.State.OptPath;
import java.util.Set;

/**
 * Reads and checks single definition fields (paths, templates, integers, allowed field sets) for
 * the parsers; every message names where the field is and what is wrong.
 */
final class DefinitionFields {

    private DefinitionFields() {
    }

    static PayloadTemplate template(JsonNode node, String where, String field) {
        if (!node.isObject()) {
            throw new DefinitionException(where + ": field '" + field + "' must be a JSON object");
        }
        return PayloadTemplate.compile(node, where + " field '" + field + "'");
    }

    static OptPath optPath(JsonNode node, String field, String where, boolean reference) {
        JsonNode value = node.get(field);
        if (value == null) {
            return OptPath.ROOT;
        }
        if (value.isNull()) {
            return OptPath.NULL;
        }
        if (!value.isTextual()) {
            throw new DefinitionException(where + ": field '" + field + "' must be a path string or null");
        }
        JsonPath path = path(value.textValue(), where, field);
        if (path.isContext() && reference) {
            throw new DefinitionException(where + ": field '" + field + "' must be a path into the input, not the context object");
        }
        if (reference && !path.isReference()) {
            throw new DefinitionException(where + ": field '" + field + "' must be a reference path (no wildcards, filters or slices): '"
                    + value.textValue() + "'");
        }
        return new OptPath(path);
    }

    static JsonPath referencePath(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw new DefinitionException(where + ": field '" + field + "' must be a path string");
        }
        JsonPath path = path(value.textValue(), where, field);
        if (!path.isReference()) {
            throw new DefinitionException(where + ": field '" + field + "' must be a reference path (no wildcards, filters or slices): '"
                    + value.textValue() + "'");
        }
        return path;
    }

    static JsonPath path(String text, String where, String field) {
        try {
            return JsonPath.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DefinitionException(where + ": field '" + field + "': " + e.getMessage());
        }
    }

    static void checkQueryLanguage(JsonNode value, String where) {
        if (!value.isTextual() || !value.textValue().equals("JSONPath")) {
            throw new DefinitionException(where + ": field 'QueryLanguage' is " + Json.abbreviate(value)
                    + "; this engine supports only JSONPath (JSONata is not supported)");
        }
    }

    static void checkFields(JsonNode node, Set<String> allowed, String where) {
        if (!node.isObject()) {
            throw new DefinitionException(where + ": must be an object");
        }
        for (String field : (Iterable<String>) node::fieldNames) {
            if (!allowed.contains(field)) {
                throw new DefinitionException(where + ": unknown field '" + field + "'");
            }
        }
    }

    static int positiveInt(JsonNode value, String where, String field) {
        if (!value.isIntegralNumber() || value.longValue() < 1 || value.longValue() > 99_999_999) {
            throw new DefinitionException(where + ": field '" + field + "' must be an integer from 1 to 99999999");
        }
        return value.intValue();
    }
}
