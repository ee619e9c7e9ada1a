package dev.readaloud.local.statemachine;

import com.fasterxml.jackson.databind.JsonNode;

/** The payload quota every state input, output and result must fit. */
final class Payloads {

    private Payloads() {
    }

    /**
     * @param what names the payload for the cause, e.g. "the output of state 'Foo'"
     * @throws StatesError States.DataLimitExceeded when {@code node} is over {@link ExecutionLimits#MAX_PAYLOAD_BYTES}
     */
    static void check(JsonNode node, String what) {
        int size = Json.sizeInBytes(node);
        if (size > ExecutionLimits.MAX_PAYLOAD_BYTES) {
            throw new StatesError(StatesError.DATA_LIMIT_EXCEEDED, what + " is " + size
                    + " bytes, more than the " + ExecutionLimits.MAX_PAYLOAD_BYTES + " bytes quota");
        }
    }
}
