package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses and validates a definition the way CreateStateMachine does (JSONPath query language),
 * and rejects by name what this engine does not run (JSONata, variables, Distributed Map,
 * callback and .sync integrations). Every message names the state and the field.
 */
final class Definition {

    static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    private static final int MAX_STATE_NAME_LENGTH = 80;

    private static final Set<String> TOP_FIELDS = Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage");
    private static final Set<String> SCOPE_FIELDS = Set.of("StartAt", "States", "Comment", "ProcessorConfig");
    private static final Set<String> JSONATA_FIELDS = Set.of("Arguments", "Output", "Assign", "Items", "Condition");
    private static final Set<String> DISTRIBUTED_MAP_FIELDS = Set.of("ItemReader", "ItemBatcher", "ResultWriter",
            "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount",
            "ToleratedFailureCountPath", "Label");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "Result"),
            "Task", Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector",
                    "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath",
                    "Retry", "Catch"),
            "Choice", Set.of("InputPath", "OutputPath", "Choices", "Default"),
            "Wait", Set.of("Next", "End", "InputPath", "OutputPath", "Seconds", "SecondsPath", "Timestamp", "TimestampPath"),
            "Succeed", Set.of("InputPath", "OutputPath"),
            "Fail", Set.of("Error", "ErrorPath", "Cause", "CausePath"),
            "Parallel", Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector",
                    "Branches", "Retry", "Catch"),
            "Map", Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ItemSelector",
                    "ResultSelector", "ItemsPath", "Iterator", "ItemProcessor", "MaxConcurrency", "MaxConcurrencyPath",
                    "Retry", "Catch"));
    private static final Set<String> RETRY_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate",
            "MaxDelaySeconds", "JitterStrategy", "Comment");
    private static final Set<String> CATCH_FIELDS = Set.of("ErrorEquals", "Next", "ResultPath", "Comment");

    private Definition() {
    }

    /** A path field: absent means {@code $}; JSON null means "none" ({@code path == null}). */
    record OptPath(JsonPath path) {
        static final OptPath ROOT = new OptPath(JsonPath.parse("$"));
        static final OptPath NULL = new OptPath(null);

        boolean isNull() {
            return path == null;
        }
    }

    record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
                   Integer maxDelaySeconds, boolean fullJitter) {
    }

    record Catcher(List<String> errorEquals, String next, OptPath resultPath) {
    }

    /** A set of states with a start: the machine itself, a Parallel branch or a Map's processor. */
    record Scope(String startAt, Map<String, State> states) {
    }

    /** Fail's Error/Cause: a constant, a path or an intrinsic call. */
    record Dynamic(String constant, JsonPath path, Intrinsics.Call call) {
    }

    /** One state; which fields are set depends on {@link #type}. */
    static final class State {
        String name;
        String type;
        String next;
        boolean end;
        OptPath inputPath = OptPath.ROOT;
        OptPath outputPath = OptPath.ROOT;
        OptPath resultPath = OptPath.ROOT;
        PayloadTemplate parameters;
        PayloadTemplate resultSelector;
        JsonNode result;
        // Task
        String resource;
        Integer timeoutSeconds;
        JsonPath timeoutSecondsPath;
        Integer heartbeatSeconds;
        JsonPath heartbeatSecondsPath;
        List<Retrier> retry = List.of();
        List<Catcher> catchers = List.of();
        // Choice
        List<ChoiceRule> choices = List.of();
        String defaultNext;
        // Wait
        BigDecimal seconds;
        JsonPath secondsPath;
        String timestamp;
        JsonPath timestampPath;
        // Fail
        Dynamic error;
        Dynamic cause;
        // Parallel and Map
        List<Scope> branches = List.of();
        Scope processor;
        JsonPath itemsPath;
        PayloadTemplate itemSelector;
        Integer maxConcurrency;
        JsonPath maxConcurrencyPath;

        boolean isLambda() {
            return resource != null && (resource.startsWith("arn:aws:lambda:") || resource.equals(LAMBDA_INVOKE));
        }
    }

    /** The whole machine. */
    record Machine(Scope root, Integer timeoutSeconds, Map<String, String> taskResources, List<String> stateNames) {
        String startAt() {
            return root.startAt();
        }
    }

    static Machine parse(JsonNode root) {
        checkFields(root, TOP_FIELDS, "definition");
        JsonNode queryLanguage = root.get("QueryLanguage");
        if (queryLanguage != null) {
            checkQueryLanguage(queryLanguage, "definition");
        }
        Integer timeout = root.has("TimeoutSeconds") ? positiveInt(root.get("TimeoutSeconds"), "definition", "TimeoutSeconds") : null;
        Parser parser = new Parser();
        Scope scope = parser.scope(root, "definition");
        return new Machine(scope, timeout, Collections.unmodifiableMap(parser.taskResources), List.copyOf(parser.names));
    }

    private static final class Parser {
        final Map<String, String> taskResources = new LinkedHashMap<>();
        final Set<String> names = new LinkedHashSet<>();

        Scope scope(JsonNode node, String where) {
            if (!node.isObject()) {
                throw new DefinitionException(where + ": must be an object with StartAt and States");
            }
            JsonNode startAt = node.get("StartAt");
            if (startAt == null || !startAt.isTextual()) {
                throw new DefinitionException(where + ": field 'StartAt' is required and must be a string");
            }
            JsonNode statesNode = node.get("States");
            if (statesNode == null || !statesNode.isObject() || statesNode.isEmpty()) {
                throw new DefinitionException(where + ": field 'States' is required and must be a non-empty object");
            }
            Map<String, State> states = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : statesNode.properties()) {
                String name = entry.getKey();
                if (name.isEmpty() || name.length() > MAX_STATE_NAME_LENGTH) {
                    throw new DefinitionException(where + ": state name '" + name + "' must be 1 to " + MAX_STATE_NAME_LENGTH + " characters");
                }
                if (!names.add(name)) {
                    throw new DefinitionException("state '" + name + "': state names must be unique in the whole state machine");
                }
                states.put(name, state(name, entry.getValue()));
            }
            if (!states.containsKey(startAt.textValue())) {
                throw new DefinitionException(where + ": field 'StartAt' names the unknown state '" + startAt.textValue() + "'");
            }
            for (State state : states.values()) {
                checkTarget(states, state, "Next", state.next);
                checkTarget(states, state, "Default", state.defaultNext);
                for (ChoiceRule rule : state.choices) {
                    checkTarget(states, state, "Choices.Next", rule.next());
                }
                for (Catcher catcher : state.catchers) {
                    checkTarget(states, state, "Catch.Next", catcher.next());
                }
            }
            checkReachable(startAt.textValue(), states);
            boolean terminal = states.values().stream().anyMatch(s -> s.end
                    || s.type.equals("Succeed") || s.type.equals("Fail"));
            if (!terminal) {
                throw new DefinitionException(where + ": no terminal state (End: true, Succeed or Fail)");
            }
            return new Scope(startAt.textValue(), Collections.unmodifiableMap(states));
        }

        private void checkTarget(Map<String, State> states, State state, String field, String target) {
            if (target != null && !states.containsKey(target)) {
                throw new DefinitionException("state '" + state.name + "': field '" + field + "' names the unknown state '"
                        + target + "' (states can only transition within their own branch or processor)");
            }
        }

        private void checkReachable(String startAt, Map<String, State> states) {
            Set<String> seen = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>();
            todo.add(startAt);
            while (!todo.isEmpty()) {
                String name = todo.poll();
                if (!seen.add(name)) {
                    continue;
                }
                State state = states.get(name);
                if (state.next != null) {
                    todo.add(state.next);
                }
                if (state.defaultNext != null) {
                    todo.add(state.defaultNext);
                }
                state.choices.forEach(rule -> todo.add(rule.next()));
                state.catchers.forEach(catcher -> todo.add(catcher.next()));
            }
            for (String name : states.keySet()) {
                if (!seen.contains(name)) {
                    throw new DefinitionException("state '" + name + "': unreachable from StartAt '" + startAt + "'");
                }
            }
        }

        State state(String name, JsonNode node) {
            String where = "state '" + name + "'";
            if (!node.isObject()) {
                throw new DefinitionException(where + ": must be an object");
            }
            JsonNode typeNode = node.get("Type");
            if (typeNode == null || !typeNode.isTextual()) {
                throw new DefinitionException(where + ": field 'Type' is required");
            }
            String type = typeNode.textValue();
            Set<String> allowed = FIELDS.get(type);
            if (allowed == null) {
                throw new DefinitionException(where + ": field 'Type' has the unknown value '" + type + "'");
            }
            JsonNode queryLanguage = node.get("QueryLanguage");
            if (queryLanguage != null) {
                checkQueryLanguage(queryLanguage, where);
            }
            for (String field : (Iterable<String>) node::fieldNames) {
                if (field.equals("Type") || field.equals("Comment") || field.equals("QueryLanguage") || allowed.contains(field)) {
                    continue;
                }
                if (JSONATA_FIELDS.contains(field)) {
                    throw new DefinitionException(where + ": field '" + field + "' belongs to JSONata or workflow variables, which this engine does not support");
                }
                if (type.equals("Map") && DISTRIBUTED_MAP_FIELDS.contains(field)) {
                    throw new DefinitionException(where + ": field '" + field + "' is Distributed Map, which this engine does not support (inline Map only)");
                }
                if (field.equals("Credentials")) {
                    throw new DefinitionException(where + ": field 'Credentials' (cross-account tasks) is not supported by this engine");
                }
                throw new DefinitionException(where + ": unknown field '" + field + "' for a " + type + " state");
            }
            State state = new State();
            state.name = name;
            state.type = type;
            boolean terminalType = type.equals("Choice") || type.equals("Succeed") || type.equals("Fail");
            if (!terminalType) {
                JsonNode next = node.get("Next");
                JsonNode end = node.get("End");
                if (next != null && !next.isTextual()) {
                    throw new DefinitionException(where + ": field 'Next' must be a string");
                }
                if (end != null && !end.isBoolean()) {
                    throw new DefinitionException(where + ": field 'End' must be a boolean");
                }
                boolean isEnd = end != null && end.booleanValue();
                if (next != null && isEnd) {
                    throw new DefinitionException(where + ": has both 'Next' and 'End'");
                }
                if (next == null && !isEnd) {
                    throw new DefinitionException(where + ": needs 'Next' or 'End: true'");
                }
                state.next = next == null ? null : next.textValue();
                state.end = isEnd;
            }
            if (allowed.contains("InputPath")) {
                state.inputPath = optPath(node, "InputPath", where, false);
                state.outputPath = optPath(node, "OutputPath", where, false);
            }
            if (allowed.contains("ResultPath")) {
                state.resultPath = optPath(node, "ResultPath", where, true);
            }
            if (node.has("Parameters")) {
                state.parameters = template(node.get("Parameters"), where, "Parameters");
            }
            if (node.has("ResultSelector")) {
                state.resultSelector = template(node.get("ResultSelector"), where, "ResultSelector");
            }
            switch (type) {
                case "Pass" -> state.result = node.get("Result");
                case "Task" -> task(state, node, where);
                case "Choice" -> choice(state, node, where);
                case "Wait" -> waitState(state, node, where);
                case "Fail" -> {
                    state.error = dynamic(node, "Error", "ErrorPath", where);
                    state.cause = dynamic(node, "Cause", "CausePath", where);
                }
                case "Parallel" -> {
                    JsonNode branches = node.get("Branches");
                    if (branches == null || !branches.isArray() || branches.isEmpty()) {
                        throw new DefinitionException(where + ": field 'Branches' is required and must be a non-empty array");
                    }
                    List<Scope> scopes = new ArrayList<>();
                    for (int i = 0; i < branches.size(); i++) {
                        scopes.add(scope(branches.get(i), where + " Branches[" + i + "]"));
                    }
                    state.branches = List.copyOf(scopes);
                    retryAndCatch(state, node, where);
                }
                case "Map" -> map(state, node, where);
                default -> {
                    // Succeed: nothing else
                }
            }
            return state;
        }

        private void task(State state, JsonNode node, String where) {
            JsonNode resource = node.get("Resource");
            if (resource == null || !resource.isTextual() || resource.textValue().isBlank()) {
                throw new DefinitionException(where + ": field 'Resource' is required and must be a string");
            }
            String arn = resource.textValue();
            if (!arn.startsWith("arn:")) {
                throw new DefinitionException(where + ": field 'Resource' must be an ARN, got '" + arn + "'");
            }
            if (arn.endsWith(".waitForTaskToken") || arn.endsWith(".sync") || arn.contains(".sync:")) {
                throw new DefinitionException(where + ": field 'Resource' '" + arn
                        + "' uses a callback or .sync integration pattern, which this engine does not support");
            }
            state.resource = arn;
            if (arn.equals(LAMBDA_INVOKE)) {
                if (state.parameters == null || !state.parameters.hasField("FunctionName")) {
                    throw new DefinitionException(where + ": field 'Parameters' must set FunctionName for " + LAMBDA_INVOKE);
                }
                JsonNode functionName = state.parameters.staticField("FunctionName");
                taskResources.put(state.name, functionName != null && functionName.isTextual() ? functionName.textValue() : arn);
            } else {
                taskResources.put(state.name, arn);
            }
            if (node.has("TimeoutSeconds") && node.has("TimeoutSecondsPath")) {
                throw new DefinitionException(where + ": has both 'TimeoutSeconds' and 'TimeoutSecondsPath'");
            }
            if (node.has("HeartbeatSeconds") && node.has("HeartbeatSecondsPath")) {
                throw new DefinitionException(where + ": has both 'HeartbeatSeconds' and 'HeartbeatSecondsPath'");
            }
            if (node.has("TimeoutSeconds")) {
                state.timeoutSeconds = positiveInt(node.get("TimeoutSeconds"), where, "TimeoutSeconds");
            }
            if (node.has("HeartbeatSeconds")) {
                state.heartbeatSeconds = positiveInt(node.get("HeartbeatSeconds"), where, "HeartbeatSeconds");
                int timeout = state.timeoutSeconds == null ? 99_999_999 : state.timeoutSeconds;
                if (state.timeoutSeconds != null && state.heartbeatSeconds >= timeout) {
                    throw new DefinitionException(where + ": field 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'");
                }
            }
            state.timeoutSecondsPath = referencePath(node, "TimeoutSecondsPath", where);
            state.heartbeatSecondsPath = referencePath(node, "HeartbeatSecondsPath", where);
            retryAndCatch(state, node, where);
        }

        private void map(State state, JsonNode node, String where) {
            if (node.has("ItemSelector") && node.has("Parameters")) {
                throw new DefinitionException(where + ": has both 'ItemSelector' and 'Parameters' (Parameters is the older name)");
            }
            if (node.has("ItemProcessor") && node.has("Iterator")) {
                throw new DefinitionException(where + ": has both 'ItemProcessor' and 'Iterator' (Iterator is the older name)");
            }
            // In a Map, Parameters is the older name of ItemSelector.
            state.itemSelector = node.has("ItemSelector") ? template(node.get("ItemSelector"), where, "ItemSelector") : state.parameters;
            state.parameters = null;
            String processorField = node.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
            JsonNode processor = node.get(processorField);
            if (processor == null) {
                throw new DefinitionException(where + ": field 'ItemProcessor' is required");
            }
            checkFields(processor, SCOPE_FIELDS, where + " " + processorField);
            JsonNode config = processor.get("ProcessorConfig");
            if (config != null) {
                if (!config.isObject()) {
                    throw new DefinitionException(where + ": field '" + processorField + ".ProcessorConfig' must be an object");
                }
                for (String field : (Iterable<String>) config::fieldNames) {
                    if (!field.equals("Mode")) {
                        throw new DefinitionException(where + ": field '" + processorField + ".ProcessorConfig." + field
                                + "' is Distributed Map, which this engine does not support (inline Map only)");
                    }
                }
                JsonNode mode = config.get("Mode");
                if (mode != null && !(mode.isTextual() && mode.textValue().equals("INLINE"))) {
                    throw new DefinitionException(where + ": field '" + processorField + ".ProcessorConfig.Mode' must be INLINE"
                            + " (Distributed Map is not supported by this engine)");
                }
            }
            state.processor = scope(processor, where + " " + processorField);
            state.itemsPath = node.has("ItemsPath") ? referencePath(node, "ItemsPath", where) : JsonPath.parse("$");
            if (node.has("MaxConcurrency") && node.has("MaxConcurrencyPath")) {
                throw new DefinitionException(where + ": has both 'MaxConcurrency' and 'MaxConcurrencyPath'");
            }
            if (node.has("MaxConcurrency")) {
                JsonNode value = node.get("MaxConcurrency");
                if (!value.isIntegralNumber() || value.intValue() < 0) {
                    throw new DefinitionException(where + ": field 'MaxConcurrency' must be an integer >= 0");
                }
                state.maxConcurrency = value.intValue();
            }
            state.maxConcurrencyPath = referencePath(node, "MaxConcurrencyPath", where);
            retryAndCatch(state, node, where);
        }

        private void choice(State state, JsonNode node, String where) {
            JsonNode choices = node.get("Choices");
            if (choices == null || !choices.isArray() || choices.isEmpty()) {
                throw new DefinitionException(where + ": field 'Choices' is required and must be a non-empty array");
            }
            List<ChoiceRule> rules = new ArrayList<>();
            for (int i = 0; i < choices.size(); i++) {
                rules.add(rule(choices.get(i), where, "Choices[" + i + "]", true));
            }
            state.choices = List.copyOf(rules);
            JsonNode defaultNode = node.get("Default");
            if (defaultNode != null && !defaultNode.isTextual()) {
                throw new DefinitionException(where + ": field 'Default' must be a string");
            }
            state.defaultNext = defaultNode == null ? null : defaultNode.textValue();
        }

        private ChoiceRule rule(JsonNode node, String where, String field, boolean topLevel) {
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

        private void waitState(State state, JsonNode node, String where) {
            int count = 0;
            for (String field : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
                count += node.has(field) ? 1 : 0;
            }
            if (count != 1) {
                throw new DefinitionException(where + ": needs exactly one of 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'");
            }
            if (node.has("Seconds")) {
                JsonNode seconds = node.get("Seconds");
                if (!seconds.isIntegralNumber() || seconds.longValue() < 0 || seconds.longValue() > 99_999_999) {
                    throw new DefinitionException(where + ": field 'Seconds' must be an integer from 0 to 99999999");
                }
                state.seconds = seconds.decimalValue();
            }
            if (node.has("Timestamp")) {
                if (ChoiceRule.timestamp(node.get("Timestamp")) == null) {
                    throw new DefinitionException(where + ": field 'Timestamp' must be an RFC 3339 timestamp");
                }
                state.timestamp = node.get("Timestamp").textValue();
            }
            state.secondsPath = referencePath(node, "SecondsPath", where);
            state.timestampPath = referencePath(node, "TimestampPath", where);
        }

        private Dynamic dynamic(JsonNode node, String constantField, String pathField, String where) {
            if (node.has(constantField) && node.has(pathField)) {
                throw new DefinitionException(where + ": has both '" + constantField + "' and '" + pathField + "'");
            }
            JsonNode constant = node.get(constantField);
            if (constant != null) {
                if (!constant.isTextual()) {
                    throw new DefinitionException(where + ": field '" + constantField + "' must be a string");
                }
                return new Dynamic(constant.textValue(), null, null);
            }
            JsonNode path = node.get(pathField);
            if (path == null) {
                return null;
            }
            if (!path.isTextual()) {
                throw new DefinitionException(where + ": field '" + pathField + "' must be a string");
            }
            if (Intrinsics.looksLikeCall(path.textValue())) {
                try {
                    return new Dynamic(null, null, Intrinsics.parse(path.textValue()));
                } catch (IllegalArgumentException e) {
                    throw new DefinitionException(where + ": field '" + pathField + "': " + e.getMessage());
                }
            }
            return new Dynamic(null, path(path.textValue(), where, pathField), null);
        }

        private void retryAndCatch(State state, JsonNode node, String where) {
            JsonNode retry = node.get("Retry");
            if (retry != null) {
                if (!retry.isArray()) {
                    throw new DefinitionException(where + ": field 'Retry' must be an array");
                }
                List<Retrier> retriers = new ArrayList<>();
                for (int i = 0; i < retry.size(); i++) {
                    retriers.add(retrier(retry.get(i), where, "Retry[" + i + "]", i == retry.size() - 1));
                }
                state.retry = List.copyOf(retriers);
            }
            JsonNode catchNode = node.get("Catch");
            if (catchNode != null) {
                if (!catchNode.isArray()) {
                    throw new DefinitionException(where + ": field 'Catch' must be an array");
                }
                List<Catcher> catchers = new ArrayList<>();
                for (int i = 0; i < catchNode.size(); i++) {
                    String field = "Catch[" + i + "]";
                    JsonNode catcher = catchNode.get(i);
                    checkFields(catcher, CATCH_FIELDS, where + " field '" + field + "'");
                    List<String> errors = errorEquals(catcher, where, field, i == catchNode.size() - 1);
                    JsonNode next = catcher.get("Next");
                    if (next == null || !next.isTextual()) {
                        throw new DefinitionException(where + ": field '" + field + ".Next' is required");
                    }
                    catchers.add(new Catcher(errors, next.textValue(), optPath(catcher, "ResultPath", where + " " + field, true)));
                }
                state.catchers = List.copyOf(catchers);
            }
        }

        private Retrier retrier(JsonNode node, String where, String field, boolean last) {
            checkFields(node, RETRY_FIELDS, where + " field '" + field + "'");
            List<String> errors = errorEquals(node, where, field, last);
            int interval = node.has("IntervalSeconds") ? positiveInt(node.get("IntervalSeconds"), where, field + ".IntervalSeconds") : 1;
            int maxAttempts = 3;
            if (node.has("MaxAttempts")) {
                JsonNode value = node.get("MaxAttempts");
                if (!value.isIntegralNumber() || value.intValue() < 0) {
                    throw new DefinitionException(where + ": field '" + field + ".MaxAttempts' must be an integer >= 0");
                }
                maxAttempts = value.intValue();
            }
            double backoff = 2.0;
            if (node.has("BackoffRate")) {
                JsonNode value = node.get("BackoffRate");
                if (!value.isNumber() || value.doubleValue() < 1.0) {
                    throw new DefinitionException(where + ": field '" + field + ".BackoffRate' must be a number >= 1.0");
                }
                backoff = value.doubleValue();
            }
            Integer maxDelay = node.has("MaxDelaySeconds") ? positiveInt(node.get("MaxDelaySeconds"), where, field + ".MaxDelaySeconds") : null;
            boolean full = false;
            if (node.has("JitterStrategy")) {
                JsonNode value = node.get("JitterStrategy");
                if (!value.isTextual() || !(value.textValue().equals("FULL") || value.textValue().equals("NONE"))) {
                    throw new DefinitionException(where + ": field '" + field + ".JitterStrategy' must be FULL or NONE");
                }
                full = value.textValue().equals("FULL");
            }
            return new Retrier(errors, interval, maxAttempts, backoff, maxDelay, full);
        }

        private List<String> errorEquals(JsonNode node, String where, String field, boolean last) {
            JsonNode errors = node.get("ErrorEquals");
            if (errors == null || !errors.isArray() || errors.isEmpty()) {
                throw new DefinitionException(where + ": field '" + field + ".ErrorEquals' is required and must be a non-empty array");
            }
            List<String> names = new ArrayList<>();
            for (JsonNode error : errors) {
                if (!error.isTextual() || error.textValue().isEmpty()) {
                    throw new DefinitionException(where + ": field '" + field + ".ErrorEquals' must hold error name strings");
                }
                names.add(error.textValue());
            }
            if (names.contains(StatesError.ALL)) {
                if (names.size() != 1) {
                    throw new DefinitionException(where + ": field '" + field + ".ErrorEquals': States.ALL must appear alone");
                }
                if (!last) {
                    throw new DefinitionException(where + ": field '" + field + ".ErrorEquals': States.ALL must be in the last "
                            + (field.startsWith("Retry") ? "retrier" : "catcher"));
                }
            }
            return List.copyOf(names);
        }

        private PayloadTemplate template(JsonNode node, String where, String field) {
            if (!node.isObject()) {
                throw new DefinitionException(where + ": field '" + field + "' must be a JSON object");
            }
            return PayloadTemplate.compile(node, where + " field '" + field + "'");
        }

        private OptPath optPath(JsonNode node, String field, String where, boolean reference) {
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

        private JsonPath referencePath(JsonNode node, String field, String where) {
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

        private static JsonPath choicePath(String text, String where, String field) {
            JsonPath path = path(text, where, field);
            if (path.isContext() || !path.isReference()) {
                throw new DefinitionException(where + ": field '" + field + "' must be a reference path into the input: '" + text + "'");
            }
            return path;
        }

        private static JsonPath path(String text, String where, String field) {
            try {
                return JsonPath.parse(text);
            } catch (IllegalArgumentException e) {
                throw new DefinitionException(where + ": field '" + field + "': " + e.getMessage());
            }
        }
    }

    private static void checkQueryLanguage(JsonNode value, String where) {
        if (!value.isTextual() || !value.textValue().equals("JSONPath")) {
            throw new DefinitionException(where + ": field 'QueryLanguage' is " + Json.abbreviate(value)
                    + "; this engine supports only JSONPath (JSONata is not supported)");
        }
    }

    private static void checkFields(JsonNode node, Set<String> allowed, String where) {
        if (!node.isObject()) {
            throw new DefinitionException(where + ": must be an object");
        }
        for (String field : (Iterable<String>) node::fieldNames) {
            if (!allowed.contains(field)) {
                throw new DefinitionException(where + ": unknown field '" + field + "'");
            }
        }
    }

    private static int positiveInt(JsonNode value, String where, String field) {
        if (!value.isIntegralNumber() || value.longValue() < 1 || value.longValue() > 99_999_999) {
            throw new DefinitionException(where + ": field '" + field + "' must be an integer from 1 to 99999999");
        }
        return value.intValue();
    }
}
