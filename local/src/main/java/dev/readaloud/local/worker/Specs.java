package dev.readaloud.local.worker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing shared by the {@code key=value,key=value} specs of the latency model and fault plan. */
final class Specs {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)");

    private Specs() {
    }

    /** Splits {@code a=1,b=2} into an ordered map, rejecting unknown keys, duplicates and empty parts. */
    static Map<String, String> split(String kind, String spec, Set<String> keys) {
        Map<String, String> values = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return values;
        }
        for (String part : spec.split(",")) {
            String item = part.strip();
            int eq = item.indexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw new IllegalArgumentException(kind + " spec '" + spec + "': '" + item
                        + "' is not key=value (keys: " + String.join(", ", keys) + ")");
            }
            String key = item.substring(0, eq).strip();
            String value = item.substring(eq + 1).strip();
            if (!keys.contains(key)) {
                throw new IllegalArgumentException(kind + " spec '" + spec + "': unknown key '" + key
                        + "' (keys: " + String.join(", ", keys) + ")");
            }
            if (values.put(key, value) != null) {
                throw new IllegalArgumentException(kind + " spec '" + spec + "': key '" + key + "' given twice");
            }
        }
        return values;
    }

    /** {@code 0}, {@code 250ms}, {@code 1.5s} or {@code 2m}; a bare number other than 0 is rejected (unit unclear). */
    static Duration duration(String kind, String key, String value) {
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(kind + " spec: " + key + "=" + value
                    + " is not a duration (write e.g. 0, 250ms, 1.5s, 2m)");
        }
        double amount = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            default -> amount * 60_000;
        };
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    /** A probability in [0, 1]. */
    static double probability(String kind, String key, String value) {
        double p;
        try {
            p = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(kind + " spec: " + key + "=" + value + " is not a number (a probability 0..1)");
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(kind + " spec: " + key + "=" + value + " is not a probability in 0..1");
        }
        return p;
    }
}
