package dev.readaloud.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;

/** The one ObjectMapper of the functions: built once, thread-safe, stable output (sorted map keys). */
public final class RenderJson {

    /** Lenient on read (state inputs may carry extra fields), absent values omitted on write. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private RenderJson() {
    }

    /** Converts a state input (the Lambda runtime's Map) into {@code type}. */
    public static <T> T fromMap(Map<String, Object> input, Class<T> type) {
        if (input == null) {
            throw new InvalidStepInputException("the step input is empty; expected " + type.getSimpleName());
        }
        try {
            return MAPPER.convertValue(input, type);
        } catch (IllegalArgumentException e) {
            throw new InvalidStepInputException("the step input is not a valid " + type.getSimpleName()
                    + ": " + e.getMessage());
        }
    }

    /** Converts a step result into the Map the Lambda runtime serializes. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toMap(Object value) {
        return MAPPER.convertValue(value, Map.class);
    }
}
