package dev.readaloud.local.statemachine;

import static dev.readaloud.local.statemachine.DefinitionFields.checkFields;
import static dev.readaloud.local.statemachine.DefinitionFields.checkQueryLanguage;
import static dev.readaloud.local.statemachine.DefinitionFields.optPath;
import static dev.readaloud.local.statemachine.DefinitionFields.path;
import static dev.readaloud.local.statemachine.DefinitionFields.positiveInt;
import static dev.readaloud.local.statemachine.DefinitionFields.referencePath;
import static dev.readaloud.local.statemachine.DefinitionFields.template;

import com.fasterxml.jackson.databind.JsonNode;
import dev.readaloud.local.statemachine.State.Catcher;
import dev.readaloud.local.statemachine.State.Dynamic;
import dev.readaloud.local.statemachine.State.Errors;
import dev.readaloud.local.statemachine.State.Io;
import dev.readaloud.local.statemachine.State.OptPath;
import dev.readaloud.local.statemachine.State.ResultHandling;
import dev.readaloud.local.statemachine.State.Retrier;
import dev.readaloud.local.statemachine.State.Scope;
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
 * and rejects by name what this engine does not run (JSONata, variables, the Distributed Map
 * features beyond {@link DistributedMap}, callback integrations other than
 * {@code lambda:invoke.waitForTaskToken}, .sync integrations). Every message names the state and the field.
 */
final class Definition {

    static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    /** The one callback integration this engine runs: invoke a function, then wait for its task token. */
    static final String LAMBDA_INVOKE_WAIT_FOR_TASK_TOKEN = LAMBDA_INVOKE + ".waitForTaskToken";
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
                    "Retry", "Catch", "ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage",
                    "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Label"));
    private static final Set<String> RETRY_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate",
            "MaxDelaySeconds", "JitterStrategy", "Comment");
    private static final Set<String> CATCH_FIELDS = Set.of("ErrorEquals", "Next", "ResultPath", "Comment");

    private Definition() {
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
                for (String target : state.targets()) {
                    if (!states.containsKey(target)) {
                        throw new DefinitionException("state '" + state.name() + "': field '" + targetField(state, target)
                                + "' names the unknown state '" + target
                                + "' (states can only transition within their own branch or processor)");
                    }
                }
            }
            checkReachable(startAt.textValue(), states);
            if (states.values().stream().noneMatch(State::terminal)) {
                throw new DefinitionException(where + ": no terminal state (End: true, Succeed or Fail)");
            }
            return new Scope(startAt.textValue(), Collections.unmodifiableMap(states));
        }

        /** Which field of {@code state} names {@code target}, for messages. */
        private static String targetField(State state, String target) {
            return switch (state) {
                case State.Choice choice -> target.equals(choice.defaultNext()) && choice.choices().stream()
                        .noneMatch(rule -> rule.next().equals(target)) ? "Default" : "Choices.Next";
                case State.Task task -> target.equals(task.next()) ? "Next" : "Catch.Next";
                case State.Parallel parallel -> target.equals(parallel.next()) ? "Next" : "Catch.Next";
                case State.MapState map -> target.equals(map.next()) ? "Next" : "Catch.Next";
                default -> "Next";
            };
        }

        private void checkReachable(String startAt, Map<String, State> states) {
            Set<String> seen = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>();
            todo.add(startAt);
            while (!todo.isEmpty()) {
                String name = todo.poll();
                if (seen.add(name)) {
                    todo.addAll(states.get(name).targets());
                }
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
                if (field.equals("Credentials")) {
                    throw new DefinitionException(where + ": field 'Credentials' (cross-account tasks) is not supported by this engine");
                }
                throw new DefinitionException(where + ": unknown field '" + field + "' for a " + type + " state");
            }
            String next = null;
            if (!(type.equals("Choice") || type.equals("Succeed") || type.equals("Fail"))) {
                next = nextOrEnd(node, where);
            }
            Io io = allowed.contains("InputPath")
                    ? new Io(optPath(node, "InputPath", where, false), optPath(node, "OutputPath", where, false))
                    : Io.DEFAULT;
            OptPath resultPath = allowed.contains("ResultPath") ? optPath(node, "ResultPath", where, true) : OptPath.ROOT;
            PayloadTemplate parameters = node.has("Parameters") ? template(node.get("Parameters"), where, "Parameters") : null;
            PayloadTemplate resultSelector = node.has("ResultSelector")
                    ? template(node.get("ResultSelector"), where, "ResultSelector") : null;
            ResultHandling result = new ResultHandling(resultSelector, resultPath);
            return switch (type) {
                case "Pass" -> new State.Pass(name, next, io, parameters, node.get("Result"), resultPath);
                case "Task" -> task(name, next, io, parameters, result, node, where);
                case "Choice" -> choice(name, io, node, where);
                case "Wait" -> waitState(name, next, io, node, where);
                case "Succeed" -> new State.Succeed(name, io);
                case "Fail" -> new State.Fail(name, dynamic(node, "Error", "ErrorPath", where),
                        dynamic(node, "Cause", "CausePath", where));
                case "Parallel" -> parallel(name, next, io, parameters, result, node, where);
                case "Map" -> map(name, next, io, parameters, result, node, where);
                default -> throw new IllegalStateException("FIELDS and this switch disagree on " + type);
            };
        }

        /** Next or End: true, exactly one; returns Next, or null for End. */
        private static String nextOrEnd(JsonNode node, String where) {
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
            return next == null ? null : next.textValue();
        }

        private State.Parallel parallel(String name, String next, Io io, PayloadTemplate parameters, ResultHandling result,
                                        JsonNode node, String where) {
            JsonNode branches = node.get("Branches");
            if (branches == null || !branches.isArray() || branches.isEmpty()) {
                throw new DefinitionException(where + ": field 'Branches' is required and must be a non-empty array");
            }
            List<Scope> scopes = new ArrayList<>();
            for (int i = 0; i < branches.size(); i++) {
                scopes.add(scope(branches.get(i), where + " Branches[" + i + "]"));
            }
            return new State.Parallel(name, next, io, parameters, result, List.copyOf(scopes), errors(node, where));
        }

        private State.Task task(String name, String next, Io io, PayloadTemplate parameters, ResultHandling result,
                                JsonNode node, String where) {
            JsonNode resource = node.get("Resource");
            if (resource == null || !resource.isTextual() || resource.textValue().isBlank()) {
                throw new DefinitionException(where + ": field 'Resource' is required and must be a string");
            }
            String arn = resource.textValue();
            if (!arn.startsWith("arn:")) {
                throw new DefinitionException(where + ": field 'Resource' must be an ARN, got '" + arn + "'");
            }
            if (arn.endsWith(".waitForTaskToken") && !arn.equals(LAMBDA_INVOKE_WAIT_FOR_TASK_TOKEN)) {
                throw new DefinitionException(where + ": field 'Resource' '" + arn + "' uses the callback pattern"
                        + " (.waitForTaskToken) with a service this engine does not run; it runs only "
                        + LAMBDA_INVOKE_WAIT_FOR_TASK_TOKEN);
            }
            if (arn.endsWith(".sync") || arn.contains(".sync:")) {
                throw new DefinitionException(where + ": field 'Resource' '" + arn
                        + "' uses the .sync (run a job) integration pattern, which this engine does not support");
            }
            if (arn.equals(LAMBDA_INVOKE) || arn.equals(LAMBDA_INVOKE_WAIT_FOR_TASK_TOKEN)) {
                // No reference to $$.Task.Token is required: AWS accepts a .waitForTaskToken task without one
                // (the task can then only end by TimeoutSeconds, HeartbeatSeconds or a token sent some other way).
                if (parameters == null || !parameters.hasField("FunctionName")) {
                    throw new DefinitionException(where + ": field 'Parameters' must set FunctionName for " + arn);
                }
                JsonNode functionName = parameters.staticField("FunctionName");
                taskResources.put(name, functionName != null && functionName.isTextual() ? functionName.textValue() : arn);
            } else {
                taskResources.put(name, arn);
            }
            if (node.has("TimeoutSeconds") && node.has("TimeoutSecondsPath")) {
                throw new DefinitionException(where + ": has both 'TimeoutSeconds' and 'TimeoutSecondsPath'");
            }
            if (node.has("HeartbeatSeconds") && node.has("HeartbeatSecondsPath")) {
                throw new DefinitionException(where + ": has both 'HeartbeatSeconds' and 'HeartbeatSecondsPath'");
            }
            Integer timeoutSeconds = node.has("TimeoutSeconds") ? positiveInt(node.get("TimeoutSeconds"), where, "TimeoutSeconds") : null;
            Integer heartbeatSeconds = null;
            if (node.has("HeartbeatSeconds")) {
                heartbeatSeconds = positiveInt(node.get("HeartbeatSeconds"), where, "HeartbeatSeconds");
                if (timeoutSeconds != null && heartbeatSeconds >= timeoutSeconds) {
                    throw new DefinitionException(where + ": field 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'");
                }
            }
            return new State.Task(name, next, io, parameters, result, arn, timeoutSeconds,
                    referencePath(node, "TimeoutSecondsPath", where), heartbeatSeconds,
                    referencePath(node, "HeartbeatSecondsPath", where), errors(node, where));
        }

        private State.MapState map(String name, String next, Io io, PayloadTemplate parameters, ResultHandling result,
                                   JsonNode node, String where) {
            if (node.has("ItemSelector") && node.has("Parameters")) {
                throw new DefinitionException(where + ": has both 'ItemSelector' and 'Parameters' (Parameters is the older name)");
            }
            if (node.has("ItemProcessor") && node.has("Iterator")) {
                throw new DefinitionException(where + ": has both 'ItemProcessor' and 'Iterator' (Iterator is the older name)");
            }
            // In a Map, Parameters is the older name of ItemSelector.
            PayloadTemplate itemSelector = node.has("ItemSelector") ? template(node.get("ItemSelector"), where, "ItemSelector") : parameters;
            String processorField = node.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
            JsonNode processor = node.get(processorField);
            if (processor == null) {
                throw new DefinitionException(where + ": field 'ItemProcessor' is required");
            }
            checkFields(processor, SCOPE_FIELDS, where + " " + processorField);
            JsonNode config = processor.get("ProcessorConfig");
            DistributedMap.ExecutionType executionType = null;
            if (config != null) {
                String configField = processorField + ".ProcessorConfig";
                checkFields(config, Set.of("Mode", "ExecutionType"), where + " field '" + configField + "'");
                JsonNode mode = config.get("Mode");
                boolean distributed = mode != null && mode.isTextual() && mode.textValue().equals("DISTRIBUTED");
                if (mode != null && !distributed && !(mode.isTextual() && mode.textValue().equals("INLINE"))) {
                    throw new DefinitionException(where + ": field '" + configField + ".Mode' must be INLINE or DISTRIBUTED, got "
                            + Json.abbreviate(mode));
                }
                JsonNode type = config.get("ExecutionType");
                if (distributed) {
                    if (type == null || !type.isTextual() || !(type.textValue().equals("STANDARD") || type.textValue().equals("EXPRESS"))) {
                        throw new DefinitionException(where + ": field '" + configField
                                + ".ExecutionType' is required with Mode DISTRIBUTED and must be STANDARD or EXPRESS");
                    }
                    executionType = DistributedMap.ExecutionType.valueOf(type.textValue());
                } else if (type != null) {
                    throw new DefinitionException(where + ": field '" + configField + ".ExecutionType' is only allowed with Mode DISTRIBUTED");
                }
            }
            if (executionType == null) {
                for (String field : DISTRIBUTED_MAP_FIELDS) {
                    if (node.has(field)) {
                        throw new DefinitionException(where + ": field '" + field
                                + "' is only allowed in a Distributed Map (ItemProcessor.ProcessorConfig.Mode DISTRIBUTED)");
                    }
                }
            }
            Scope scope = scope(processor, where + " " + processorField);
            if (node.has("ItemsPath") && node.has("ItemReader")) {
                throw new DefinitionException(where + ": has both 'ItemsPath' and 'ItemReader' (the items come from one or the other)");
            }
            JsonPath itemsPath = node.has("ItemsPath") ? referencePath(node, "ItemsPath", where) : JsonPath.parse("$");
            if (node.has("MaxConcurrency") && node.has("MaxConcurrencyPath")) {
                throw new DefinitionException(where + ": has both 'MaxConcurrency' and 'MaxConcurrencyPath'");
            }
            Integer maxConcurrency = null;
            if (node.has("MaxConcurrency")) {
                JsonNode value = node.get("MaxConcurrency");
                if (!value.isIntegralNumber() || value.intValue() < 0) {
                    throw new DefinitionException(where + ": field 'MaxConcurrency' must be an integer >= 0");
                }
                maxConcurrency = value.intValue();
                if (executionType != null && maxConcurrency > ExecutionLimits.MAX_DISTRIBUTED_MAP_CONCURRENCY) {
                    throw new DefinitionException(where + ": field 'MaxConcurrency' of a Distributed Map must be at most "
                            + ExecutionLimits.MAX_DISTRIBUTED_MAP_CONCURRENCY + ", got " + maxConcurrency);
                }
            }
            DistributedMap distributed = executionType == null ? null : DistributedMapParser.distributed(executionType, name, node, where);
            return new State.MapState(name, next, io, itemsPath, itemSelector, result, scope, maxConcurrency,
                    referencePath(node, "MaxConcurrencyPath", where), errors(node, where), distributed);
        }

        private State.Choice choice(String name, Io io, JsonNode node, String where) {
            JsonNode choices = node.get("Choices");
            if (choices == null || !choices.isArray() || choices.isEmpty()) {
                throw new DefinitionException(where + ": field 'Choices' is required and must be a non-empty array");
            }
            List<ChoiceRule> rules = new ArrayList<>();
            for (int i = 0; i < choices.size(); i++) {
                rules.add(ChoiceRuleParser.rule(choices.get(i), where, "Choices[" + i + "]", true));
            }
            JsonNode defaultNode = node.get("Default");
            if (defaultNode != null && !defaultNode.isTextual()) {
                throw new DefinitionException(where + ": field 'Default' must be a string");
            }
            return new State.Choice(name, io, List.copyOf(rules), defaultNode == null ? null : defaultNode.textValue());
        }

        private State.Wait waitState(String name, String next, Io io, JsonNode node, String where) {
            int count = 0;
            for (String field : List.of("Seconds", "SecondsPath", "Timestamp", "TimestampPath")) {
                count += node.has(field) ? 1 : 0;
            }
            if (count != 1) {
                throw new DefinitionException(where + ": needs exactly one of 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'");
            }
            BigDecimal seconds = null;
            if (node.has("Seconds")) {
                JsonNode value = node.get("Seconds");
                if (!value.isIntegralNumber() || value.longValue() < 0 || value.longValue() > 99_999_999) {
                    throw new DefinitionException(where + ": field 'Seconds' must be an integer from 0 to 99999999");
                }
                seconds = value.decimalValue();
            }
            String timestamp = null;
            if (node.has("Timestamp")) {
                if (ChoiceRule.timestamp(node.get("Timestamp")) == null) {
                    throw new DefinitionException(where + ": field 'Timestamp' must be an RFC 3339 timestamp");
                }
                timestamp = node.get("Timestamp").textValue();
            }
            return new State.Wait(name, next, io, seconds, referencePath(node, "SecondsPath", where), timestamp,
                    referencePath(node, "TimestampPath", where));
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

        private Errors errors(JsonNode node, String where) {
            List<Retrier> retriers = List.of();
            JsonNode retry = node.get("Retry");
            if (retry != null) {
                if (!retry.isArray()) {
                    throw new DefinitionException(where + ": field 'Retry' must be an array");
                }
                List<Retrier> parsed = new ArrayList<>();
                for (int i = 0; i < retry.size(); i++) {
                    parsed.add(retrier(retry.get(i), where, "Retry[" + i + "]", i == retry.size() - 1));
                }
                retriers = List.copyOf(parsed);
            }
            List<Catcher> catchers = List.of();
            JsonNode catchNode = node.get("Catch");
            if (catchNode != null) {
                if (!catchNode.isArray()) {
                    throw new DefinitionException(where + ": field 'Catch' must be an array");
                }
                List<Catcher> parsed = new ArrayList<>();
                for (int i = 0; i < catchNode.size(); i++) {
                    String field = "Catch[" + i + "]";
                    JsonNode catcher = catchNode.get(i);
                    checkFields(catcher, CATCH_FIELDS, where + " field '" + field + "'");
                    List<String> errors = errorEquals(catcher, where, field, i == catchNode.size() - 1);
                    JsonNode next = catcher.get("Next");
                    if (next == null || !next.isTextual()) {
                        throw new DefinitionException(where + ": field '" + field + ".Next' is required");
                    }
                    parsed.add(new Catcher(errors, next.textValue(), optPath(catcher, "ResultPath", where + " " + field, true)));
                }
                catchers = List.copyOf(parsed);
            }
            return new Errors(retriers, catchers);
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

    }

}
