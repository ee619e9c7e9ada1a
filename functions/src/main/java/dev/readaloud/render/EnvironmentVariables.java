package dev.readaloud.render;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/** Reads typed values from an environment map, failing with a message that names the variable. */
public final class EnvironmentVariables {

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
