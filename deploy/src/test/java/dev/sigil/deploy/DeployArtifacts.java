package dev.sigil.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sigil.service.config.ConfigKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the shipped deploy artifacts and checks them against {@link ConfigKeys}. The checks are plain functions
 * of text, so a test can feed them a bad file and see them fail.
 */
final class DeployArtifacts {

    /** Environment variable names as they appear in env files, compose interpolation, systemd and docs. */
    private static final Pattern ENV_NAME = Pattern.compile("(?<![A-Za-z0-9_])SIGIL_[A-Z0-9_]*[A-Z0-9](?![A-Za-z0-9_])");
    private static final YAMLMapper YAML = new YAMLMapper();

    /**
     * {@code SIGIL_*} variables the server reads that are not config keys. Kept honest by
     * {@code ServerContractTest}, which finds each one as a string literal in the service's main code.
     */
    static final Set<String> NON_KEY_VARIABLES = Set.of("SIGIL_CONFIG");

    private DeployArtifacts() {
    }

    /**
     * The deploy module directory: Surefire sets {@code basedir}; an IDE usually runs in the module;
     * {@code -Dsigil.deploy.dir} points the checks at a checkout from outside its reactor.
     */
    static Path moduleDir() {
        String dirName = System.getProperty("sigil.deploy.dir", System.getProperty("basedir", System.getProperty("user.dir")));
        Path dir = Path.of(dirName).toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("container")) || !Files.isRegularFile(dir.resolve("pom.xml"))) {
            throw new IllegalStateException("not the deploy module directory: " + dir);
        }
        return dir;
    }

    static Path repoRoot() {
        return moduleDir().getParent();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file of this module, e.g. {@code "compose/compose.yaml"}. */
    static String read(String moduleRelative) {
        return read(moduleDir().resolve(moduleRelative));
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every shipped artifact: all files of the module except the build (pom, src, target). A new file is checked
     * without anyone remembering to add it here.
     */
    static List<Path> shippedFiles() {
        Path dir = moduleDir();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> {
                        Path rel = dir.relativize(f);
                        String top = rel.getName(0).toString();
                        return !top.equals("src") && !top.equals("target") && !rel.toString().equals("pom.xml");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Leaves of a YAML tree as dotted paths; a list is one leaf (a key such as hostnames takes a list). */
    static Map<String, JsonNode> flatten(JsonNode root) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        flatten("", root, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject() && !node.isEmpty()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, node);
        }
    }

    /** Keys a Sigil config YAML sets that Sigil does not read (including any root other than {@code sigil}). */
    static List<String> unknownConfigKeys(String configYaml) {
        return flatten(yaml(configYaml)).keySet().stream().filter(k -> !ConfigKeys.isKnown(k)).toList();
    }

    /** The {@code sigil.*} settings of a config YAML as strings (lists joined with commas, as in the environment). */
    static Map<String, String> configSettings(String configYaml) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten(yaml(configYaml)).forEach((k, v) -> out.put(k, scalarOrList(v)));
        return out;
    }

    private static String scalarOrList(JsonNode v) {
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(i -> items.add(i.asText()));
            return String.join(",", items);
        }
        return v.asText();
    }

    /** Every {@code SIGIL_*} name mentioned in a text, set or referenced. */
    static Set<String> envNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = ENV_NAME.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** {@code SIGIL_*} names in a text that map to no config key and are not in {@code allowed}. */
    static List<String> unknownEnvNames(String text, Set<String> allowed) {
        return envNames(text).stream()
                .filter(n -> !allowed.contains(n))
                .filter(n -> ConfigKeys.keyForEnv(n).isEmpty())
                .toList();
    }

    /** The uncommented {@code NAME=value} lines of an env file (compose {@code --env-file}, systemd EnvironmentFile). */
    static Map<String, String> envFile(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        text.lines().map(String::strip).filter(l -> !l.startsWith("#") && l.contains("=")).forEach(l ->
                env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return env;
    }

    /** Settings given as environment variables, translated to config keys; unknown names are skipped. */
    static Map<String, String> envSettings(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((name, value) -> ConfigKeys.keyForEnv(name).ifPresent(key -> out.put(key, value)));
        return out;
    }

    /** The port a listener uses given some settings: the setting if present, else ConfigKeys' default. */
    static int port(String portKey, Map<String, String> settings) {
        String value = settings.getOrDefault(portKey, ConfigKeys.lookup(portKey).orElseThrow().defaultValue());
        return Integer.parseInt(value.trim());
    }

    /** The three listener ports a process started with these settings opens. */
    static Set<Integer> listenerPorts(Map<String, String> settings) {
        return Set.of(port(ConfigKeys.SERVER_HTTPS_PORT, settings),
                port(ConfigKeys.SERVER_HTTP_PORT, settings),
                port(ConfigKeys.SERVER_OBSERVE_PORT, settings));
    }

    /** All Java sources of the service's main code, concatenated: to prove that the server reads a name. */
    static String serviceMainSources() {
        Path src = repoRoot().resolve("service/src/main/java");
        try (Stream<Path> files = Files.walk(src)) {
            StringBuilder all = new StringBuilder();
            files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> all.append(read(f)).append('\n'));
            return all.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
