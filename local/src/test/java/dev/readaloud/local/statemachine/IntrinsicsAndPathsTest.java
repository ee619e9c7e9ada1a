package dev.readaloud.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Intrinsic edge cases and the JSONPath subset, below the level of whole definitions. */
class IntrinsicsAndPathsTest {

    private static JsonNode eval(String call, String input) {
        return Intrinsics.evaluate(Intrinsics.parse(call), new Intrinsics.Env(Json.parse(input, "in"), Json.NODES.objectNode(), new Random(1)));
    }

    private static void assertFailure(String call, String input, String cause) {
        assertThatThrownBy(() -> eval(call, input)).isInstanceOfSatisfying(StatesError.class, e -> {
            assertThat(e.error()).isEqualTo("States.IntrinsicFailure");
            assertThat(e.cause()).contains(cause);
        });
    }

    @Test
    void intrinsicFailures_nameTheProblem() {
        // AWS docs: "Intrinsic functions for JSONPath states in Step Functions" (argument rules per function).
        assertFailure("States.ArrayRange(1, 2000, 1)", "{}", "more than 1000 elements");
        assertFailure("States.ArrayRange(1, 5, 0)", "{}", "the step must not be 0");
        assertFailure("States.Format('{} {}', 1)", "{}", "more {} placeholders than arguments");
        assertFailure("States.Format('{}', $.o)", "{\"o\": {}}", "got an object");
        assertFailure("States.MathAdd(1.5, 1)", "{}", "must be a 32-bit integer");
        assertFailure("States.MathAdd(2147483647, 1)", "{}", "outside the 32-bit integer range");
        assertFailure("States.Hash('a', 'SHA-999')", "{}", "algorithm must be one of");
        assertFailure("States.Base64Decode('%%%')", "{}", "not valid Base64");
        assertFailure("States.ArrayPartition($.a, 0)", "{\"a\": [1]}", "positive integer");
        assertFailure("States.ArrayLength($.missing)", "{}", "could not be found");
        assertFailure("States.Base64Encode($.s)", "{\"s\": \"" + "a".repeat(10_001) + "\"}", "longer than 10000 characters");
    }

    @Test
    void intrinsics_edgeCases() {
        assertThat(eval("States.StringSplit('a,,b', ',')", "{}")).isEqualTo(Json.parse("[\"a\",\"b\"]", "e"));
        assertThat(eval("States.ArrayUnique($.a)", "{\"a\": [{\"k\":1},{\"k\":1},1,\"1\"]}")).isEqualTo(Json.parse("[{\"k\":1},1,\"1\"]", "e"));
        assertThat(eval("States.ArrayPartition($.a, 5)", "{\"a\": []}")).isEqualTo(Json.parse("[]", "e"));
        assertThat(eval("States.Array()", "{}")).isEqualTo(Json.parse("[]", "e"));
        assertThat(eval("States.JsonToString($.s)", "{\"s\": \"q\\\"\"}").asText()).isEqualTo("\"q\\\"\"");
        assertThat(eval("States.MathRandom(5, 6)", "{}").asInt()).isEqualTo(5);
        JsonNode context = Json.parse("{\"Execution\": {\"Name\": \"run-1\"}}", "context");
        assertThat(Intrinsics.evaluate(Intrinsics.parse("States.Format('{}', $$.Execution.Name)"),
                new Intrinsics.Env(Json.NODES.objectNode(), context, new Random(1))).asText()).isEqualTo("run-1");
    }

    @Test
    void intrinsicParse_rejectsWrongArity() {
        assertThatThrownBy(() -> Intrinsics.parse("States.ArrayGetItem($.a)"))
                .hasMessageContaining("States.ArrayGetItem takes 2 arguments, got 1");
        assertThatThrownBy(() -> Intrinsics.parse("States.UUID(1)")).hasMessageContaining("States.UUID takes 0 arguments, got 1");
    }

    @Test
    void paths_referenceDetectionAndSelection() {
        // AWS docs: "Using JSONPath paths" > "Reference paths".
        assertThat(JsonPath.parse("$.a.b[0]").isReference()).isTrue();
        assertThat(JsonPath.parse("$['x y'].z").isReference()).isTrue();
        assertThat(JsonPath.parse("$.a[*]").isReference()).isFalse();
        assertThat(JsonPath.parse("$..a").isReference()).isFalse();
        JsonNode doc = Json.parse("{\"a\": [{\"n\": 1, \"t\": \"x\"}, {\"n\": 2}, {\"n\": 3, \"t\": \"y\"}], \"x y\": {\"z\": 9}}", "doc");
        assertThat(JsonPath.parse("$['x y'].z").select(doc, null).asInt()).isEqualTo(9);
        assertThat(JsonPath.parse("$.a[1:].n").select(doc, null)).isEqualTo(Json.parse("[2,3]", "e"));
        assertThat(JsonPath.parse("$.a[-1].n").select(doc, null).asInt()).isEqualTo(3);
        assertThat(JsonPath.parse("$..t").select(doc, null)).isEqualTo(Json.parse("[\"x\",\"y\"]", "e"));
        assertThat(JsonPath.parse("$.a[?(@.t)].n").select(doc, null)).isEqualTo(Json.parse("[1,3]", "e"));
        assertThat(JsonPath.parse("$.a[?(@.n >= 2 && @.t == 'y')].n").select(doc, null)).isEqualTo(Json.parse("[3]", "e"));
        assertThat(JsonPath.parse("$.a[0,2].n").select(doc, null)).isEqualTo(Json.parse("[1,3]", "e"));
        assertThat(JsonPath.parse("$.missing.deeper").select(doc, null).isMissingNode()).isTrue();
        assertThat(JsonPath.parse("$.none[*]").select(doc, null)).isEqualTo(Json.parse("[]", "e"));
    }

    @Test
    void paths_setFollowsResultPathRules() {
        JsonNode input = Json.parse("{\"a\": {\"b\": 1}, \"list\": [0, 1]}", "in");
        assertThat(JsonPath.parse("$.a.c").set(input, Json.NODES.textNode("v"))).isEqualTo(Json.parse("{\"a\": {\"b\": 1, \"c\": \"v\"}, \"list\": [0, 1]}", "e"));
        assertThat(JsonPath.parse("$.list[1]").set(input, Json.NODES.textNode("v")).get("list")).isEqualTo(Json.parse("[0, \"v\"]", "e"));
        assertThat(input.get("a").has("c")).as("the input is not modified").isFalse();
        assertThatThrownBy(() -> JsonPath.parse("$.a.b.c").set(input, Json.NODES.nullNode())).hasMessageContaining("inside a number");
        assertThatThrownBy(() -> JsonPath.parse("$.x[").select(input, null)).hasMessageContaining("invalid JSONPath");
    }
}
