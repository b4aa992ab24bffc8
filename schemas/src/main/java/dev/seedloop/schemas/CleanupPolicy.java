package dev.seedloop.schemas;

/** How Kafka keeps a topic's records: by key (compaction) or by age (deletion). */
public enum CleanupPolicy {
    COMPACT("compact"),
    DELETE("delete");

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The value of the topic's {@code cleanup.policy} config. */
    public String configValue() {
        return configValue;
    }
}
