package dev.readaloud.local.statemachine;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SAM's DefinitionSubstitutions: {@code ${Name}} placeholders replaced in the definition text. */
final class Substitutions {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private Substitutions() {
    }

    static String apply(String text, Map<String, String> substitutions) {
        if (text == null) {
            throw new DefinitionException("definition: null text");
        }
        Map<String, String> values = substitutions == null ? Map.of() : substitutions;
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = values.get(name);
            if (value == null) {
                throw new DefinitionException("definition: no DefinitionSubstitutions value for ${" + name + "}");
            }
            // The value lands inside a JSON string literal: escape what JSON needs escaped.
            matcher.appendReplacement(out, Matcher.quoteReplacement(jsonEscape(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String jsonEscape(String value) {
        String quoted = Json.write(Json.NODES.textNode(value));
        return quoted.substring(1, quoted.length() - 1);
    }
}
