package dev.sigil.cli.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    /** The keys a config file may hold. */
    public static final Set<String> KNOWN_KEYS = Set.of(KEY_SERVER, KEY_TOKEN_FILE, KEY_CA_CERT);

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
        Choice s = serverChoice(flags, file);
        URI server = parseServer(s.value().orElseThrow(), serverSource(s));
        Choice t = tokenChoice(flags, file);
        String token = readToken(t);
        return withCa(flags, file, server, serverSource(s), token, tokenSource(t));
    }

    /**
     * As {@link #resolve}, but a missing or unusable token is returned instead of thrown, with an empty token in the
     * settings: for {@code sigil doctor}, which checks the connection even when the token is the problem.
     *
     * @throws ConfigException for problems with the config file, the server URL or the CA file
     */
    public Lenient resolveLeniently(ConnectionFlags flags) throws ConfigException {
        Optional<ConfigFile> file = loadConfigFile();
        Choice s = serverChoice(flags, file);
        URI server = parseServer(s.value().orElseThrow(), serverSource(s));
        Choice t = tokenChoice(flags, file);
        String token = "";
        Optional<ConfigException> tokenProblem = Optional.empty();
        try {
            token = readToken(t);
        } catch (ConfigException e) {
            tokenProblem = Optional.of(e);
        }
        return new Lenient(withCa(flags, file, server, serverSource(s), token, tokenSource(t)), tokenProblem);
    }

    /**
     * Settings resolved by {@link #resolveLeniently}.
     *
     * @param settings     the settings; the token is empty when {@code tokenProblem} is present
     * @param tokenProblem why there is no usable token
     */
    public record Lenient(ConnectionSettings settings, Optional<ConfigException> tokenProblem) {
    }

    /**
     * Where each setting ({@link #KEY_SERVER}, {@code token}, {@link #KEY_CA_CERT}) would come from, without reading
     * the token or checking any value: for {@code sigil config show}.
     *
     * @throws ConfigException if the config file cannot be read
     */
    public Choices describe(ConnectionFlags flags) throws ConfigException {
        Optional<ConfigFile> file = loadConfigFile();
        return new Choices(serverChoice(flags, file), tokenChoice(flags, file), caChoice(flags, file));
    }

    /** The three settings' {@link Choice}s. */
    public record Choices(Choice server, Choice token, Choice caCert) {
        /** In the order {@code sigil config show} lists them. */
        public List<Choice> all() {
            return List.of(server, token, caCert);
        }
    }

    /** Where a setting comes from, in the order they are looked at. */
    public enum Kind {
        FLAG, ENV, FILE, DEFAULT, NONE
    }

    /**
     * One setting as configured, before it is checked.
     *
     * @param key    {@code server}, {@code token} or {@code ca-cert}
     * @param kind   where it came from
     * @param origin the flag, variable or config file it came from ({@code --server}, {@code SIGIL_TOKEN},
     *               {@code /home/u/.config/sigil/config.properties}), or {@code default}
     * @param value  the server URL as written; never the token itself; absent for a token from the environment
     * @param path   the file a token or CA setting names, resolved
     */
    public record Choice(String key, Kind kind, String origin, Optional<String> value, Optional<Path> path) {
        static Choice none(String key) {
            return new Choice(key, Kind.NONE, "", Optional.empty(), Optional.empty());
        }
    }

    private Choice serverChoice(ConnectionFlags flags, Optional<ConfigFile> file) {
        if (flags.server().isPresent()) {
            return new Choice(KEY_SERVER, Kind.FLAG, "--server", flags.server(), Optional.empty());
        }
        if (env(ENV_SERVER).isPresent()) {
            return new Choice(KEY_SERVER, Kind.ENV, ENV_SERVER, env(ENV_SERVER), Optional.empty());
        }
        Optional<String> inFile = file.flatMap(f -> f.get(KEY_SERVER));
        if (inFile.isPresent()) {
            return new Choice(KEY_SERVER, Kind.FILE, file.get().path().toString(), inFile, Optional.empty());
        }
        return new Choice(KEY_SERVER, Kind.DEFAULT, "default", Optional.of(DEFAULT_SERVER), Optional.empty());
    }

    private static String serverSource(Choice c) {
        return c.kind() == Kind.FILE ? KEY_SERVER + " in " + c.origin() : c.origin();
    }

    private Choice tokenChoice(ConnectionFlags flags, Optional<ConfigFile> file) {
        String key = "token";
        if (flags.tokenFile().isPresent()) {
            return new Choice(key, Kind.FLAG, "--token-file", Optional.empty(),
                    Optional.of(workingDir.resolve(flags.tokenFile().get())));
        }
        if (env(ENV_TOKEN).isPresent()) {
            return new Choice(key, Kind.ENV, ENV_TOKEN, Optional.empty(), Optional.empty());
        }
        if (env(ENV_TOKEN_FILE).isPresent()) {
            return new Choice(key, Kind.ENV, ENV_TOKEN_FILE, Optional.empty(),
                    Optional.of(workingDir.resolve(env(ENV_TOKEN_FILE).get())));
        }
        Optional<String> inFile = file.flatMap(f -> f.get(KEY_TOKEN_FILE));
        if (inFile.isPresent()) {
            return new Choice(key, Kind.FILE, file.get().path().toString(), Optional.empty(),
                    Optional.of(file.get().resolve(inFile.get())));
        }
        Path local = workingDir.resolve(LOCAL_TOKEN);
        if (Files.isRegularFile(local)) {
            return new Choice(key, Kind.DEFAULT, "local default", Optional.empty(), Optional.of(local));
        }
        return Choice.none(key);
    }

    private static String tokenSource(Choice c) {
        return switch (c.kind()) {
            case FLAG -> "--token-file " + c.path().orElseThrow();
            case ENV -> c.path().map(p -> c.origin() + " " + p).orElse(c.origin());
            case FILE -> KEY_TOKEN_FILE + " " + c.path().orElseThrow() + " in " + c.origin();
            case DEFAULT -> "local default " + c.path().orElseThrow();
            case NONE -> "nowhere";
        };
    }

    private String readToken(Choice c) throws ConfigException {
        return switch (c.kind()) {
            case FLAG -> readToken(c.path().orElseThrow(), "--token-file");
            case ENV -> c.path().isPresent() ? readToken(c.path().get(), ENV_TOKEN_FILE)
                    : checkToken(env(ENV_TOKEN).orElse(""), ENV_TOKEN);
            case FILE -> readToken(c.path().orElseThrow(), KEY_TOKEN_FILE + " in " + c.origin());
            case DEFAULT -> readToken(c.path().orElseThrow(), "local default");
            case NONE -> throw new ConfigException(notConfiguredMessage());
        };
    }

    private Choice caChoice(ConnectionFlags flags, Optional<ConfigFile> file) {
        if (flags.caCert().isPresent()) {
            return new Choice(KEY_CA_CERT, Kind.FLAG, "--ca-cert", Optional.empty(),
                    Optional.of(workingDir.resolve(flags.caCert().get())));
        }
        if (env(ENV_CA_CERT).isPresent()) {
            return new Choice(KEY_CA_CERT, Kind.ENV, ENV_CA_CERT, Optional.empty(),
                    Optional.of(workingDir.resolve(env(ENV_CA_CERT).get())));
        }
        Optional<String> inFile = file.flatMap(f -> f.get(KEY_CA_CERT));
        if (inFile.isPresent()) {
            return new Choice(KEY_CA_CERT, Kind.FILE, file.get().path().toString(), Optional.empty(),
                    Optional.of(file.get().resolve(inFile.get())));
        }
        Path local = workingDir.resolve(LOCAL_CA_CERT);
        if (Files.isRegularFile(local)) {
            return new Choice(KEY_CA_CERT, Kind.DEFAULT, "local default", Optional.empty(), Optional.of(local));
        }
        return Choice.none(KEY_CA_CERT);
    }

    private ConnectionSettings withCa(ConnectionFlags flags, Optional<ConfigFile> file, URI server,
                                      String serverSource, String token, String tokenSource) throws ConfigException {
        Choice c = caChoice(flags, file);
        String caSource = switch (c.kind()) {
            case FILE -> KEY_CA_CERT + " in " + c.origin();
            case NONE -> "";
            default -> c.origin();
        };
        Optional<Path> ca = c.path();
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

    /**
     * Checks and normalizes a server URL: {@code https://HOST[:PORT][/PATH]}, without a trailing slash or
     * {@code /api/v1}.
     *
     * @param source where the value came from, for the message, e.g. {@code --server}
     */
    public static URI parseServer(String value, String source) throws ConfigException {
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

    /**
     * Reads and checks a token file; the message of a failure never contains the token.
     *
     * @param source where the file name came from, for the message, e.g. {@code --token-file}
     */
    public static String readToken(Path file, String source) throws ConfigException {
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

    /**
     * Checks that {@code raw} holds exactly one token (surrounding white space removed) and returns it. The message
     * never contains the token.
     *
     * @param what names the source in the message, e.g. {@code token file /x/token (from --token-file)}
     */
    public static String checkToken(String raw, String what) throws ConfigException {
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
