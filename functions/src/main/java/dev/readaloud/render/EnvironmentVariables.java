package dev.readaloud.render;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads typed values from an environment map, failing with a message that names the variable. */
public final class EnvironmentVariables {

    /** Digits with an optional fraction: no sign, no exponent, no NaN. */
    private static final Pattern NON_NEGATIVE_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?|\\.[0-9]+");

    private final Map<String, String> env;

    public EnvironmentVariables(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The value of {@code name}; fails when it is missing or blank. */
    public String required(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new ConfigurationException("environment variable " + name + " is not set");
        }
        return value.strip();
    }

    /** The value of {@code name}, or {@code fallback} when it is missing or blank. */
    public String optional(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** An integer in {@code [min, max]}, or {@code fallback} when the variable is missing or blank. */
    public int integer(String name, int fallback, int min, int max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ConfigurationException("environment variable " + name + " must be an integer, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new ConfigurationException("environment variable " + name + " must be between " + min + " and " + max
                    + ", got " + parsed);
        }
        return parsed;
    }

    /**
     * A decimal of 0 or more written plainly ({@code 0.00019}, {@code 12}, {@code .5}), or {@code fallback} when the
     * variable is missing or blank.
     */
    public BigDecimal nonNegativeDecimal(String name, BigDecimal fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (!NON_NEGATIVE_DECIMAL.matcher(value.strip()).matches()) {
            throw new ConfigurationException("environment variable " + name + " must be a decimal of 0 or more "
                    + "such as 0.00019, got '" + value + "'");
        }
        return new BigDecimal(value.strip());
    }

    /** {@code true} or {@code false} (any case), or {@code fallback} when the variable is missing or blank. */
    public boolean bool(String name, boolean fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException("environment variable " + name + " must be true or false, got '"
                    + value + "'");
        };
    }

    /** An absolute http(s) URI; fails when missing or malformed. */
    public URI httpUri(String name, String fallback) {
        String value = optional(name, fallback);
        if (value == null) {
            throw new ConfigurationException("environment variable " + name + " is not set");
        }
        try {
            URI uri = new URI(value);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new ConfigurationException("environment variable " + name + " must be an http(s) URL, got '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigurationException("environment variable " + name + " must be an http(s) URL, got '" + value + "'");
        }
    }
}
