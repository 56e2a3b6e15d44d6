package dev.sigil.cli.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Works out the {@link ConnectionSettings}, each setting taken from the first source that has it:
 * command-line flags, then environment, then the config file, then local defaults (what a newcomer who just started
 * {@code sigil-server} in the repository directory has: {@code ./data/admin-token} and {@code ./data/ca/root.pem}).
 * Everything comes from the given environment map, never from the process, so tests can run the CLI in-process.
 */
public final class SettingsResolver {

    /** Server used when none is configured. */
    public static final String DEFAULT_SERVER = "https://localhost:8443";
    public static final String ENV_SERVER = "SIGIL_SERVER";
    public static final String ENV_TOKEN = "SIGIL_TOKEN";
    public static final String ENV_TOKEN_FILE = "SIGIL_TOKEN_FILE";
    public static final String ENV_CA_CERT = "SIGIL_CA_CERT";
    public static final String ENV_CONFIG = "SIGIL_CONFIG";
    public static final String KEY_SERVER = "server";
    public static final String KEY_TOKEN_FILE = "token-file";
    public static final String KEY_CA_CERT = "ca-cert";
    /** Config file location below {@code $XDG_CONFIG_HOME} or {@code $HOME/.config}. */
    public static final Path CONFIG_RELATIVE = Path.of("sigil", "config.properties");
    /** Local defaults, relative to the working directory. */
    public static final Path LOCAL_TOKEN = Path.of("data", "admin-token");
    public static final Path LOCAL_CA_CERT = Path.of("data", "ca", "root.pem");
    /** Tokens are ~50 characters; anything this large is the wrong file. */
    static final int MAX_TOKEN_FILE_BYTES = 4096;
    static final int MAX_CONFIG_FILE_BYTES = 64 * 1024;
    private static final String API_SUFFIX = "/api/v1";
    private static final Set<String> KNOWN_KEYS = Set.of(KEY_SERVER, KEY_TOKEN_FILE, KEY_CA_CERT);

    /** A loaded config file; relative paths in it are relative to its directory, {@code ~/} to the home. */
    private record ConfigFile(Path path, Properties properties, Optional<Path> home) {
        Optional<String> get(String key) {
            return Optional.ofNullable(properties.getProperty(key)).map(String::trim).filter(s -> !s.isEmpty());
        }

        Path resolve(String file) {
            if (file.startsWith("~/") && home.isPresent()) {
                return home.get().resolve(file.substring(2));
            }
            Path dir = path.toAbsolutePath().getParent();
            return dir == null ? Path.of(file) : dir.resolve(file);
        }
    }

    private final Map<String, String> env;
    private final Path workingDir;

    /** @param env the environment: {@code SIGIL_*}, {@code HOME}, {@code XDG_CONFIG_HOME}, {@code PWD} */
    public SettingsResolver(Map<String, String> env) {
        this.env = Map.copyOf(env);
        this.workingDir = env("PWD").map(Path::of).orElseGet(() -> Path.of("").toAbsolutePath());
    }

    /** Resolves all settings; the token is read from its file here. */
    public ConnectionSettings resolve(ConnectionFlags flags) throws ConfigException {
        Optional<ConfigFile> file = loadConfigFile();
        URI server;
        String serverSource;
        if (flags.server().isPresent()) {
            serverSource = "--server";
            server = parseServer(flags.server().get(), serverSource);
        } else if (env(ENV_SERVER).isPresent()) {
            serverSource = ENV_SERVER;
            server = parseServer(env(ENV_SERVER).get(), serverSource);
        } else if (file.flatMap(f -> f.get(KEY_SERVER)).isPresent()) {
            serverSource = KEY_SERVER + " in " + file.get().path();
            server = parseServer(file.get().get(KEY_SERVER).get(), serverSource);
        } else {
            serverSource = "default";
            server = parseServer(DEFAULT_SERVER, serverSource);
        }

        String token;
        String tokenSource;
        if (flags.tokenFile().isPresent()) {
            Path p = workingDir.resolve(flags.tokenFile().get());
            token = readToken(p, "--token-file");
            tokenSource = "--token-file " + p;
        } else if (env(ENV_TOKEN).isPresent()) {
            tokenSource = ENV_TOKEN;
            token = checkToken(env(ENV_TOKEN).get(), ENV_TOKEN);
        } else if (env(ENV_TOKEN_FILE).isPresent()) {
            Path p = workingDir.resolve(env(ENV_TOKEN_FILE).get());
            token = readToken(p, ENV_TOKEN_FILE);
            tokenSource = ENV_TOKEN_FILE + " " + p;
        } else if (file.flatMap(f -> f.get(KEY_TOKEN_FILE)).isPresent()) {
            Path p = file.get().resolve(file.get().get(KEY_TOKEN_FILE).get());
            token = readToken(p, KEY_TOKEN_FILE + " in " + file.get().path());
            tokenSource = KEY_TOKEN_FILE + " " + p + " in " + file.get().path();
        } else if (Files.isRegularFile(workingDir.resolve(LOCAL_TOKEN))) {
            Path p = workingDir.resolve(LOCAL_TOKEN);
            token = readToken(p, "local default");
            tokenSource = "local default " + p;
        } else {
            throw new ConfigException(notConfiguredMessage());
        }

        Optional<Path> ca;
        String caSource;
        if (flags.caCert().isPresent()) {
            ca = Optional.of(workingDir.resolve(flags.caCert().get()));
            caSource = "--ca-cert";
        } else if (env(ENV_CA_CERT).isPresent()) {
            ca = Optional.of(workingDir.resolve(env(ENV_CA_CERT).get()));
            caSource = ENV_CA_CERT;
        } else if (file.flatMap(f -> f.get(KEY_CA_CERT)).isPresent()) {
            ca = Optional.of(file.get().resolve(file.get().get(KEY_CA_CERT).get()));
            caSource = KEY_CA_CERT + " in " + file.get().path();
        } else if (Files.isRegularFile(workingDir.resolve(LOCAL_CA_CERT))) {
            ca = Optional.of(workingDir.resolve(LOCAL_CA_CERT));
            caSource = "local default";
        } else {
            ca = Optional.empty();
            caSource = "";
        }
        if (ca.isPresent() && !Files.isRegularFile(ca.get())) {
            throw new ConfigException("CA certificate file " + ca.get() + " (from " + caSource + ") does not exist");
        }
        return new ConnectionSettings(server, serverSource, token, tokenSource, ca, caSource);
    }

    /** The config file that would be read: {@code $SIGIL_CONFIG}, else the per-user default, if HOME is known. */
    public Optional<Path> configPath() {
        Optional<String> explicit = env(ENV_CONFIG);
        if (explicit.isPresent()) {
            return Optional.of(workingDir.resolve(explicit.get()));
        }
        Optional<String> xdg = env("XDG_CONFIG_HOME");
        if (xdg.isPresent()) {
            return Optional.of(Path.of(xdg.get()).resolve(CONFIG_RELATIVE));
        }
        return env("HOME").map(h -> Path.of(h).resolve(".config").resolve(CONFIG_RELATIVE));
    }

    private Optional<ConfigFile> loadConfigFile() throws ConfigException {
        Optional<Path> path = configPath();
        if (path.isEmpty()) {
            return Optional.empty();
        }
        Path p = path.get();
        if (!Files.isRegularFile(p)) {
            if (env(ENV_CONFIG).isPresent()) {
                throw new ConfigException("config file " + p + " (from " + ENV_CONFIG + ") does not exist");
            }
            return Optional.empty();
        }
        Properties props = new Properties();
        try {
            if (Files.size(p) > MAX_CONFIG_FILE_BYTES) {
                throw new ConfigException("config file " + p + " is larger than " + MAX_CONFIG_FILE_BYTES + " bytes");
            }
            try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                props.load(r);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + p + ": " + e.getMessage(), e);
        }
        Set<String> unknown = new TreeSet<>(props.stringPropertyNames());
        unknown.removeAll(KNOWN_KEYS);
        if (!unknown.isEmpty()) {
            throw new ConfigException("config file " + p + " has unknown key(s) " + unknown
                    + "; known keys are " + new TreeSet<>(KNOWN_KEYS));
        }
        return Optional.of(new ConfigFile(p, props, env("HOME").map(Path::of)));
    }

    private static URI parseServer(String value, String source) throws ConfigException {
        String v = value.trim();
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new ConfigException("server URL '" + v + "' (from " + source + ") is not a URL: " + e.getReason());
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("https")) {
            throw new ConfigException("server URL '" + v + "' (from " + source + ") must start with https://"
                    + " (the admin API is served over TLS only)");
        }
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new ConfigException("server URL '" + v + "' (from " + source
                    + ") must look like https://HOST[:PORT], e.g. " + DEFAULT_SERVER);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith(API_SUFFIX)) {
            path = path.substring(0, path.length() - API_SUFFIX.length());
        }
        return URI.create("https://" + uri.getRawAuthority() + path);
    }

    private static String readToken(Path file, String source) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("token file " + file + " (from " + source + ") does not exist");
        }
        try {
            if (Files.size(file) > MAX_TOKEN_FILE_BYTES) {
                throw new ConfigException("token file " + file + " is larger than " + MAX_TOKEN_FILE_BYTES
                        + " bytes; it does not hold a token");
            }
            return checkToken(Files.readString(file, StandardCharsets.UTF_8),
                    "token file " + file + " (from " + source + ")");
        } catch (IOException e) {
            throw new ConfigException("cannot read token file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String checkToken(String raw, String what) throws ConfigException {
        String t = raw.strip();
        if (t.isEmpty()) {
            throw new ConfigException(what + " is empty");
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                // Do not echo the token, not even a part of it.
                throw new ConfigException(what + " contains spaces or non-ASCII characters;"
                        + " it must hold exactly one token");
            }
        }
        return t;
    }

    private String notConfiguredMessage() {
        String config = configPath().map(Path::toString).orElse("~/.config/" + CONFIG_RELATIVE);
        return String.join(System.lineSeparator(),
                "no API token configured. Tell sigil where to find one:",
                "  --token-file FILE        a file holding the token (there is no flag for the token itself)",
                "  " + ENV_TOKEN + "=sgl_...      the token, in the environment",
                "  " + ENV_TOKEN_FILE + "=FILE    a file holding the token, in the environment",
                "  " + KEY_TOKEN_FILE + "=FILE          in " + config + " (or the file named by " + ENV_CONFIG + ")",
                "or run sigil in the directory where sigil-server keeps data/ (it then uses ./" + LOCAL_TOKEN
                        + " and ./" + LOCAL_CA_CERT + ").",
                "Also set the server (--server, " + ENV_SERVER + ", default " + DEFAULT_SERVER + ") and its root CA"
                        + " (--ca-cert, " + ENV_CA_CERT + "). See 'sigil --help'.");
    }

    private Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(s -> !s.isEmpty());
    }
}
