package dev.sigil.service.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sigil's configuration: a YAML file (optional) overlaid with {@code SIGIL_*} environment variables and explicit
 * overrides. Every key read must be in {@link ConfigKeys}; unknown {@code sigil.*} keys in the file or environment
 * are a startup error, so that a typo never silently falls back to a default.
 */
public final class SigilConfig {

    /** Environment variable naming the config file (like {@code --config}). */
    public static final String CONFIG_FILE_ENV = "SIGIL_CONFIG";
    /** Config file read from the working directory when none is named. */
    public static final String DEFAULT_CONFIG_FILE = "sigil.yaml";

    private final Config config;
    private final Map<String, String> flat;

    private SigilConfig(Config config, Map<String, String> flat) {
        this.config = config;
        this.flat = flat;
    }

    /**
     * Loads configuration.
     *
     * @param file      YAML file; empty means none
     * @param env       environment (only {@code SIGIL_*} names that map to keys are used)
     * @param overrides highest-priority values by key (tests, command line)
     * @throws IllegalArgumentException naming every unknown key
     */
    public static SigilConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> top = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        env.forEach((name, value) -> {
            if (name.startsWith("SIGIL_") && !name.equals(CONFIG_FILE_ENV) && !NON_KEY_ENV.contains(name)) {
                ConfigKeys.keyForEnv(name).ifPresentOrElse(k -> top.put(k, value), () -> unknown.add(name));
            }
        });
        overrides.forEach((k, v) -> {
            if (!ConfigKeys.isKnown(k)) {
                unknown.add(k);
            }
            top.put(k, v);
        });
        var builder = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(top));
        if (file.isPresent()) {
            if (!Files.isReadable(file.get())) {
                throw new IllegalArgumentException("config file not readable: " + file.get());
            }
            builder.addSource(ConfigSources.file(file.get()));
        }
        Config config = builder.build();
        Map<String, String> flat = new LinkedHashMap<>();
        collect(config.get("sigil"), flat);
        // Environment and overrides win outright, also over a YAML list (Helidon would merge the list node).
        flat.putAll(top);
        for (String key : flat.keySet()) {
            if (!ConfigKeys.isKnown(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown configuration keys: " + new TreeSet<>(unknown)
                    + " (see docs/CONFIGURATION.md for the keys Sigil reads)");
        }
        return new SigilConfig(config, flat);
    }

    /** Environment variables Sigil reads that are not config keys (launcher JVM options, start-up debugging). */
    private static final Set<String> NON_KEY_ENV = Set.of("SIGIL_JAVA_OPTS", "SIGIL_DEBUG");

    private static void collect(Config node, Map<String, String> out) {
        if (!node.exists()) {
            return;
        }
        switch (node.type()) {
            case VALUE -> out.put(node.key().toString(), node.asString().orElse(""));
            case LIST -> out.put(node.key().toString(), String.join(",", node.asList(String.class).orElse(List.of())));
            case OBJECT -> node.asNodeList().orElse(List.of()).forEach(child -> collect(child, out));
            default -> { }
        }
    }

    private static void requireKnown(String key) {
        if (!ConfigKeys.isKnown(key)) {
            throw new IllegalStateException("reading undocumented config key " + key + "; add it to ConfigKeys");
        }
    }

    /** The raw value of a key, if set. */
    public Optional<String> string(String key) {
        requireKnown(key);
        String v = flat.get(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue) {
        return string(key).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'");
            }
        }).orElse(defaultValue);
    }

    public Duration duration(String key, Duration defaultValue) {
        return string(key).map(v -> {
            try {
                return Durations.parse(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage());
            }
        }).orElse(defaultValue);
    }

    /** A list: a YAML list, or a comma-separated string (as environment variables give it). */
    public Optional<List<String>> list(String key) {
        return string(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    /** Names of profiles configured under {@code sigil.profiles}. */
    public Set<String> profileNames() {
        return namesUnder("sigil.profiles");
    }

    /** The names configured one level under {@code prefix} (e.g. directory names under {@code sigil.acme.directories}). */
    public Set<String> namesUnder(String prefix) {
        Set<String> names = new TreeSet<>();
        int depth = prefix.split("\\.").length;
        for (String key : flat.keySet()) {
            if (key.startsWith(prefix + ".")) {
                names.add(key.split("\\.")[depth]);
            }
        }
        return names;
    }

    /** A boolean: {@code true} or {@code false}, nothing else. */
    public boolean bool(String key, boolean defaultValue) {
        return string(key).map(v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
        }).orElse(defaultValue);
    }

    /** Helidon's view, for the web server's own settings. */
    public Config helidon() {
        return config;
    }
}
