package dev.readaloud.render;

/** An environment variable is missing or invalid; the message names it and what was expected. */
public class ConfigurationException extends IllegalStateException {
    public ConfigurationException(String message) {
        super(message);
    }
}
