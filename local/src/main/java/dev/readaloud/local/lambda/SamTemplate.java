package dev.readaloud.local.lambda;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * The functions of a SAM template (template.yaml) as Lambda configures them: Globals.Function merged
 * with each AWS::Serverless::Function's Properties (the function's value wins; Environment.Variables
 * are merged key by key), with {@code !Ref} to a parameter resolved to its override or Default and
 * {@code !Ref}/{@code !GetAtt} to a resource resolved from values the caller gives, since a resource
 * exists only once deployed (locally: the embedded bucket, the local state machine ...).
 *
 * <p>Only what shapes a function's runtime is read: Handler, MemorySize, Timeout,
 * Environment.Variables, EphemeralStorage.Size and SnapStart.ApplyOn. The YAML is composed, not
 * constructed, so CloudFormation's tags ({@code !Ref}, {@code !Sub} ...) stay on the nodes.
 */
public final class SamTemplate {

    private static final String FUNCTION_TYPE = "AWS::Serverless::Function";

    /** Pseudo parameters as a stack in us-east-1 of a placeholder account would see them. */
    private static final Map<String, String> PSEUDO_PARAMETERS = Map.of(
            "AWS::Region", "us-east-1",
            "AWS::AccountId", "000000000000",
            "AWS::Partition", "aws",
            "AWS::StackName", "readaloud",
            "AWS::URLSuffix", "amazonaws.com");

    private final Map<String, Map<String, Node>> functionProperties;
    private final Map<String, Node> globalProperties;
    private final TemplateValues values;

    private SamTemplate(Map<String, Map<String, Node>> functionProperties, Map<String, Node> globalProperties,
                        TemplateValues values) {
        this.functionProperties = functionProperties;
        this.globalProperties = globalProperties;
        this.values = values;
    }

    /**
     * Reads the template.
     *
     * @param file               template.yaml
     * @param parameterOverrides parameter values that replace Defaults (like {@code --parameter-overrides})
     * @param resourceValues     the local value of each resource the functions reference: logical id
     *                           for {@code !Ref} (e.g. {@code RenderBucket}), {@code Id.Attribute} for
     *                           {@code !GetAtt} and {@code ${Id.Attribute}}
     * @throws TemplateException when the file is not a template or an override names no parameter; what a
     *                           function cannot resolve is reported when that function is asked for
     */
    public static SamTemplate load(Path file, Map<String, String> parameterOverrides, Map<String, String> resourceValues)
            throws IOException {
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (YAMLException e) {
            throw new TemplateException(file + " is not valid YAML: " + e.getMessage(), e);
        }
        if (!(root instanceof MappingNode top)) {
            throw new TemplateException(file + " is not a template: its top level is not a mapping");
        }
        Map<String, Node> resources = section(top, "Resources");
        TemplateValues values = new TemplateValues(section(top, "Parameters"), section(top, "Conditions"), resources,
                parameterOverrides, resourceValues, PSEUDO_PARAMETERS);
        Map<String, Node> globals = section(top, "Globals");
        Map<String, Node> globalProperties = globals.get("Function") instanceof MappingNode function
                ? entries(function) : Map.of();
        Map<String, Map<String, Node>> functions = new LinkedHashMap<>();
        for (Map.Entry<String, Node> resource : resources.entrySet()) {
            if (!(resource.getValue() instanceof MappingNode definition)) {
                continue;
            }
            Node type = TemplateValues.child(definition, "Type");
            if (type == null || !FUNCTION_TYPE.equals(TemplateValues.scalarText(type))) {
                continue;
            }
            Node properties = TemplateValues.child(definition, "Properties");
            Map<String, Node> own = properties instanceof MappingNode mapping ? entries(mapping) : Map.of();
            functions.put(resource.getKey(), own);
        }
        return new SamTemplate(functions, globalProperties, values);
    }

    /**
     * Every function, in template order.
     *
     * @throws TemplateException naming the first reference or value that cannot be resolved
     */
    public List<FunctionSpec> functions() {
        List<FunctionSpec> specs = new ArrayList<>();
        for (String logicalId : functionProperties.keySet()) {
            specs.add(function(logicalId));
        }
        return specs;
    }

    /** The logical ids of the functions, in template order. */
    public List<String> functionIds() {
        return List.copyOf(functionProperties.keySet());
    }

    /**
     * The function with this logical id, e.g. {@code PlanFunction}; only its own values are resolved, so
     * a parameter that only another function needs may stay unset.
     *
     * @throws TemplateException when there is no such function or one of its values cannot be resolved
     */
    public FunctionSpec function(String logicalId) {
        Map<String, Node> own = functionProperties.get(logicalId);
        if (own == null) {
            throw new TemplateException("the template has no function " + logicalId + " (it has "
                    + String.join(", ", functionProperties.keySet()) + ")");
        }
        return spec(logicalId, globalProperties, own, values);
    }

    private static FunctionSpec spec(String logicalId, Map<String, Node> globals, Map<String, Node> own, TemplateValues values) {
        String where = "function " + logicalId;
        Map<String, String> environment = new LinkedHashMap<>();
        environment.putAll(variables(globals.get("Environment"), values, "Globals.Function"));
        environment.putAll(variables(own.get("Environment"), values, where));
        Node snapStart = property(own, globals, "SnapStart");
        String applyOn = snapStart == null ? "None" : nested(snapStart, "ApplyOn", values, where);
        Node storage = property(own, globals, "EphemeralStorage");
        return new FunctionSpec(logicalId,
                string(property(own, globals, "Handler"), values, where + " Handler", null),
                number(property(own, globals, "MemorySize"), values, where + " MemorySize", FunctionSpec.DEFAULT_MEMORY_MB),
                Duration.ofSeconds(number(property(own, globals, "Timeout"), values, where + " Timeout",
                        FunctionSpec.DEFAULT_TIMEOUT_SECONDS)),
                environment,
                storage == null ? FunctionSpec.DEFAULT_EPHEMERAL_STORAGE_MB
                        : Integer.parseInt(nested(storage, "Size", values, where + " EphemeralStorage")),
                "PublishedVersions".equals(applyOn));
    }

    private static Map<String, String> variables(Node environment, TemplateValues values, String where) {
        Map<String, String> result = new LinkedHashMap<>();
        if (!(environment instanceof MappingNode mapping) || TemplateValues.child(mapping, "Variables") == null) {
            return result;
        }
        Object evaluated = values.evaluate(TemplateValues.child(mapping, "Variables"));
        if (!(evaluated instanceof Map<?, ?> variables)) {
            throw new TemplateException(where + ": Environment.Variables must be a mapping");
        }
        for (Map.Entry<?, ?> variable : variables.entrySet()) {
            if (!(variable.getValue() instanceof String value)) {
                throw new TemplateException(where + ": environment variable " + variable.getKey() + " must be a string, got "
                        + variable.getValue());
            }
            result.put(String.valueOf(variable.getKey()), value);
        }
        return result;
    }

    private static Node property(Map<String, Node> own, Map<String, Node> globals, String name) {
        return own.containsKey(name) ? own.get(name) : globals.get(name);
    }

    private static String nested(Node node, String key, TemplateValues values, String where) {
        Node child = node instanceof MappingNode mapping ? TemplateValues.child(mapping, key) : null;
        if (child == null) {
            throw new TemplateException(where + ": expected " + key + TemplateValues.at(node));
        }
        return values.evaluateString(child, where + " " + key);
    }

    private static String string(Node node, TemplateValues values, String what, String fallback) {
        if (node == null) {
            if (fallback == null) {
                throw new TemplateException(what + " is not set");
            }
            return fallback;
        }
        return values.evaluateString(node, what);
    }

    private static int number(Node node, TemplateValues values, String what, int fallback) {
        String text = string(node, values, what, Integer.toString(fallback));
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new TemplateException(what + " must be a whole number, got '" + text + "'");
        }
    }

    private static Map<String, Node> section(MappingNode top, String name) {
        Node node = TemplateValues.child(top, name);
        return node instanceof MappingNode mapping ? entries(mapping) : Map.of();
    }

    private static Map<String, Node> entries(MappingNode mapping) {
        Map<String, Node> result = new LinkedHashMap<>();
        for (NodeTuple entry : mapping.getValue()) {
            result.put(TemplateValues.scalarText(entry.getKeyNode()), entry.getValueNode());
        }
        return result;
    }
}
