package dev.seedloop.runtime.config;

import java.util.List;

/** Where a service serves /healthy, /ready and /metrics. */
public record HttpSettings(String host, int port) {

    public static final ConfigKey<String> HOST = ConfigKey.required("http.host", "0.0.0.0",
            "Interface for the health and metrics endpoints.");
    public static final ConfigKey<Integer> PORT = ConfigKey.integer("http.port", 8080, -1, 65535,
            "Port for /healthy, /ready and /metrics; 0 picks a free port, -1 turns the endpoints off.");

    public static List<ConfigKey<?>> keys() {
        return List.of(HOST, PORT);
    }

    public static HttpSettings from(ConfigSource source) {
        return new HttpSettings(source.get(HOST), source.get(PORT));
    }

    public boolean enabled() {
        return port >= 0;
    }
}
