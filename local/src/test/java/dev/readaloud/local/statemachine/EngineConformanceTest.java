package dev.readaloud.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every conformance case (src/test/resources/asl, one behaviour each, the expected outcome
 * taken from the AWS documentation page named in the case's "doc") through the engine, with
 * Java task resources, no waiting (time scale 0).
 */
class EngineConformanceTest {

    static Stream<AslCase> cases() {
        return AslCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void engineBehavesAsDocumented(AslCase aslCase) {
        assertThat(aslCase.doc()).as("every case cites the AWS documentation").startsWith("AWS docs: ");
        if (aslCase.expectsLoadError()) {
            assertThatThrownBy(() -> StateMachine.load(aslCase.definitionText(), Map.of()))
                    .isInstanceOf(DefinitionException.class)
                    .hasMessageContaining(aslCase.expected().get("loadError").asText());
            return;
        }
        StateMachine machine = StateMachine.load(aslCase.definitionText(), Map.of());
        Engine engine = new Engine((state, resource) -> aslCase.javaResource(state), EngineOptions.instant(), EngineClock.SYSTEM);

        ExecutionResult result = engine.run(machine, AslCase.EXECUTION_NAME, aslCase.input(), null);

        JsonNode expected = aslCase.expected();
        if (expected.has("output")) {
            assertThat(result.status()).as("status (error %s: %s)", result.error(), result.cause())
                    .isEqualTo(ExecutionResult.Status.SUCCEEDED);
            assertThat(result.output()).isEqualTo(normalize(expected.get("output")));
        } else {
            assertThat(result.status()).isEqualTo(ExecutionResult.Status.FAILED);
            assertThat(result.error()).as("error (cause %s)", result.cause()).isEqualTo(expected.get("error").asText());
            if (expected.has("cause")) {
                assertThat(result.cause()).isEqualTo(expected.get("cause").asText());
            }
        }
    }

    /** The engine reads floats as BigDecimal; compare numbers by value. */
    static JsonNode normalize(JsonNode node) {
        return Json.parse(Json.write(node), "expected");
    }
}
