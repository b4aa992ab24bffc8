package dev.seedloop.runtime.config;

/** A configuration value is missing or invalid; the message names the key and, where known, its source. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
