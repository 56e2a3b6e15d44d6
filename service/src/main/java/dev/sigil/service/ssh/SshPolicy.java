package dev.sigil.service.ssh;

import dev.sigil.service.auth.Role;
import dev.sigil.service.config.Durations;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.ssh.SshCaType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the SSH CA signs: named policies, like Vault's SSH roles and Sigil's X.509 profiles. Two are built in, one per
 * certificate type, {@code user} and {@code host}, configured under {@code sigil.ssh.user.*} and
 * {@code sigil.ssh.host.*}; more are named under {@code sigil.ssh.policies.NAME.*} (read by
 * {@link SshPolicyConfig}). A request names its policy or gets the built-in one of its type. Requests are refused,
 * never trimmed: each refusal is a {@code POLICY} error naming the rule (the config key) that refused it. Small
 * checks in the spirit of step-ca's {@code sign_ssh_options}.
 *
 * @param user  the built-in policy {@code user}
 * @param host  the built-in policy {@code host}
 * @param named the policies configured under {@code sigil.ssh.policies}, by name
 */
public record SshPolicy(Rules user, Rules host, Map<String, Rules> named) {

    /** Stands for the calling token's name in a principal pattern. */
    public static final String TOKEN_PLACEHOLDER = "${token}";
    /** The same placeholder without the dollar, for shells and config layers that would expand {@code ${...}}. */
    public static final String TOKEN_PLACEHOLDER_PLAIN = "{token}";

    public static final Duration DEFAULT_USER_TTL = Duration.ofHours(8);
    public static final Duration DEFAULT_USER_MAX_TTL = Duration.ofHours(16);
    public static final Duration DEFAULT_HOST_TTL = Duration.ofDays(30);
    public static final Duration DEFAULT_HOST_MAX_TTL = Duration.ofDays(30);
    /** A token may sign user certificates for its own name only, unless configured otherwise. */
    public static final List<String> DEFAULT_USER_PRINCIPALS = List.of(TOKEN_PLACEHOLDER);
    public static final List<String> DEFAULT_USER_DENIED = List.of("root");
    /** Host names of private networks, as the X.509 profiles allow them. */
    public static final List<String> DEFAULT_HOST_PRINCIPALS = List.of("localhost", "*.internal", "*.local", "*.lan",
            "*.home.arpa", "*.test");
    public static final Set<String> CRITICAL_OPTIONS = Set.of("force-command", "source-address", "verify-required");
    /** Who may sign under a policy that names no roles: every token that may sign at all. */
    public static final Set<Role> DEFAULT_ROLES = Set.of(Role.OPERATOR);
    /** The roles a policy may name: those that may sign at all (auditor and workload tokens never may). */
    public static final Set<Role> SIGNING_ROLES = Set.of(Role.OPERATOR, Role.ADMIN);

    /**
     * The rules of one policy.
     *
     * @param name              the policy's name: {@code user} or {@code host} for the built-ins
     * @param type              user or host: the certificates it signs
     * @param defaultTtl        lifetime when the request names none
     * @param maxTtl            longest lifetime; longer requests are refused
     * @param principals        patterns ({@code *} matches any run of characters; {@link #TOKEN_PLACEHOLDER} the
     *                          caller's token name) one of which every principal must match
     * @param deniedPrincipals  patterns no principal may match (deny wins)
     * @param defaultExtensions extensions granted when the request lists none
     * @param allowedExtensions extensions a request may ask for
     * @param criticalOptions   critical options a request may set
     * @param keyTypes          subject key types accepted
     * @param roles             token roles that may sign under it; a role includes those above it (admin passes
     *                          where operator is listed)
     */
    public record Rules(String name, SshCaType type, Duration defaultTtl, Duration maxTtl, List<String> principals,
                        List<String> deniedPrincipals, Set<SshExtension> defaultExtensions,
                        Set<SshExtension> allowedExtensions, Set<String> criticalOptions, Set<SshKeyType> keyTypes,
                        Set<Role> roles) {

        public Rules {
            Objects.requireNonNull(name);
            Objects.requireNonNull(type);
            principals = List.copyOf(principals);
            deniedPrincipals = List.copyOf(deniedPrincipals);
            defaultExtensions = defaultExtensions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(defaultExtensions));
            allowedExtensions = allowedExtensions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(allowedExtensions));
            criticalOptions = Set.copyOf(criticalOptions);
            keyTypes = Set.copyOf(EnumSet.copyOf(keyTypes));
            roles = Set.copyOf(roles);
            String prefix = prefix(name, type);
            if (defaultTtl.compareTo(maxTtl) > 0) {
                throw new IllegalArgumentException(prefix + "default-ttl (" + Durations.format(defaultTtl)
                        + ") is longer than " + prefix + "max-ttl (" + Durations.format(maxTtl) + ")");
            }
            if (!allowedExtensions.containsAll(defaultExtensions)) {
                throw new IllegalArgumentException(prefix + "extensions grants extensions that " + prefix
                        + "allowed-extensions does not allow");
            }
            for (String o : criticalOptions) {
                if (!CRITICAL_OPTIONS.contains(o)) {
                    throw new IllegalArgumentException(prefix + "critical-options: unknown option '" + o + "' (one of "
                            + new TreeSet<>(CRITICAL_OPTIONS) + ")");
                }
            }
            if (type == SshCaType.HOST && (!allowedExtensions.isEmpty() || !criticalOptions.isEmpty())) {
                throw new IllegalArgumentException(prefix + "allowed-extensions and " + prefix + "critical-options"
                        + " must be empty: host certificates carry no extensions or critical options");
            }
            if (roles.isEmpty() || !SIGNING_ROLES.containsAll(roles)) {
                throw new IllegalArgumentException(prefix + "roles must list operator and/or admin (the roles that"
                        + " may sign), was " + roles.stream().map(Role::wireName).sorted().toList());
            }
        }

        /** The built-in policy of {@code type} (named after it), open to every token that may sign. */
        public Rules(SshCaType type, Duration defaultTtl, Duration maxTtl, List<String> principals,
                     List<String> deniedPrincipals, Set<SshExtension> defaultExtensions,
                     Set<SshExtension> allowedExtensions, Set<String> criticalOptions, Set<SshKeyType> keyTypes) {
            this(type.wireName(), type, defaultTtl, maxTtl, principals, deniedPrincipals, defaultExtensions,
                    allowedExtensions, criticalOptions, keyTypes, DEFAULT_ROLES);
        }

        /** Whether this is one of the two built-in policies ({@code user}, {@code host}). */
        public boolean builtIn() {
            return name.equals(type.wireName());
        }

        /**
         * The config key of one of these rules, e.g. {@code sigil.ssh.user.max-ttl} for a built-in,
         * {@code sigil.ssh.policies.deploy.max-ttl} for a named policy.
         */
        public String key(String rule) {
            return prefix(name, type) + rule;
        }

        private static String prefix(String name, SshCaType type) {
            return name.equals(type.wireName()) ? "sigil.ssh." + name + "." : "sigil.ssh.policies." + name + ".";
        }

        /**
         * Refuses a token whose role is not listed (nor above one listed).
         *
         * @throws SigilException FORBIDDEN naming the policy and, for a named one, its roles key (the built-ins have
         *                        none: they are open to every role that may sign)
         */
        public void checkRole(Role role) {
            if (roles.stream().noneMatch(role::includes)) {
                throw new SigilException(ErrorKind.FORBIDDEN, "SSH policy '" + name + "' is for "
                        + roles.stream().map(Role::wireName).sorted().collect(Collectors.joining(", "))
                        + " tokens" + (builtIn() ? "" : " (" + key("roles") + ")") + "; the token has "
                        + role.wireName());
            }
        }

        /** The lifetime to sign, refusing one over the maximum. */
        public Duration ttl(Optional<Duration> requested) {
            Duration ttl = requested.orElse(defaultTtl);
            if (ttl.compareTo(maxTtl) > 0) {
                throw SigilException.policy("the requested ttl " + Durations.format(ttl) + " exceeds " + key("max-ttl")
                        + " (" + Durations.format(maxTtl) + ")");
            }
            return ttl;
        }

        /** Refuses a principal that no allowed pattern matches, or that a denied pattern matches. */
        public void checkPrincipal(String principal, String caller) {
            for (String pattern : deniedPrincipals) {
                if (matches(pattern, principal, caller)) {
                    throw SigilException.policy("principal '" + principal + "' is denied by " + key("denied-principals"));
                }
            }
            for (String pattern : principals) {
                if (matches(pattern, principal, caller)) {
                    return;
                }
            }
            throw SigilException.policy("principal '" + principal + "' is not allowed by " + key("principals")
                    + " (" + String.join(",", principals) + ")");
        }

        public void checkKeyType(SshKeyType keyType) {
            if (!keyTypes.contains(keyType)) {
                throw SigilException.policy("key type " + keyType.wireName() + " is not allowed by " + key("key-types"));
            }
        }

        /** The extensions to grant: the requested ones if allowed, else the defaults when none were named. */
        public Set<SshExtension> extensions(Optional<? extends Collection<SshExtension>> requested) {
            if (requested.isEmpty()) {
                return defaultExtensions;
            }
            for (SshExtension e : requested.get()) {
                if (!allowedExtensions.contains(e)) {
                    throw SigilException.policy("extension " + e.wireName() + " is not allowed by "
                            + key("allowed-extensions"));
                }
            }
            return Set.copyOf(requested.get());
        }

        public void checkCriticalOptions(SshCriticalOptions options) {
            List<String> asked = new ArrayList<>();
            options.forceCommand().ifPresent(c -> asked.add("force-command"));
            if (!options.sourceAddresses().isEmpty()) {
                asked.add("source-address");
            }
            if (options.verifyRequired()) {
                asked.add("verify-required");
            }
            for (String o : asked) {
                if (!criticalOptions.contains(o)) {
                    throw SigilException.policy("critical option " + o + " is not allowed by " + key("critical-options"));
                }
            }
        }

        private boolean matches(String pattern, String principal, String caller) {
            String p = pattern.replace(TOKEN_PLACEHOLDER, caller).replace(TOKEN_PLACEHOLDER_PLAIN, caller);
            boolean hostNames = type == SshCaType.HOST;
            return glob(hostNames ? p.toLowerCase(Locale.ROOT) : p)
                    .matcher(hostNames ? principal.toLowerCase(Locale.ROOT) : principal).matches();
        }
    }

    public SshPolicy {
        Objects.requireNonNull(user);
        Objects.requireNonNull(host);
        if (user.type() != SshCaType.USER || host.type() != SshCaType.HOST || !user.builtIn() || !host.builtIn()) {
            throw new IllegalArgumentException("the built-in user rules then the built-in host rules");
        }
        named = Map.copyOf(named);
        named.forEach((name, rules) -> {
            if (!name.equals(rules.name()) || rules.builtIn()
                    || name.equals(SshCaType.USER.wireName()) || name.equals(SshCaType.HOST.wireName())) {
                throw new IllegalArgumentException("sigil.ssh.policies." + name + ": the names user and host are the"
                        + " built-in policies (configured under sigil.ssh.user and sigil.ssh.host)");
            }
        });
    }

    /** Only the two built-in policies. */
    public SshPolicy(Rules user, Rules host) {
        this(user, host, Map.of());
    }

    /** The built-in policy of a certificate type. */
    public Rules rules(SshCaType type) {
        return type == SshCaType.USER ? user : host;
    }

    /**
     * The policy a request names, or the built-in one of its type when it names none.
     *
     * @throws SigilException POLICY for an unknown name (listing the offered ones) or a policy of the other type
     */
    public Rules policy(Optional<String> name, SshCaType type) {
        if (name.isEmpty()) {
            return rules(type);
        }
        Rules r = find(name.get()).orElseThrow(() -> SigilException.policy("unknown SSH policy '" + name.get()
                + "' (offered: " + String.join(", ", names()) + ")"));
        if (r.type() != type) {
            throw SigilException.policy("SSH policy '" + r.name() + "' signs " + r.type().wireName()
                    + " certificates, not " + type.wireName() + " certificates (" + r.key("type") + ")");
        }
        return r;
    }

    /** A policy by name, built-in or configured. */
    public Optional<Rules> find(String name) {
        if (name.equals(user.name())) {
            return Optional.of(user);
        }
        if (name.equals(host.name())) {
            return Optional.of(host);
        }
        return Optional.ofNullable(named.get(name));
    }

    /** Every policy: the built-ins first, then the named ones sorted by name. */
    public List<Rules> all() {
        List<Rules> out = new ArrayList<>(List.of(user, host));
        named.keySet().stream().sorted().map(named::get).forEach(out::add);
        return List.copyOf(out);
    }

    /** Every policy name, in the order of {@link #all()}. */
    public List<String> names() {
        return all().stream().map(Rules::name).toList();
    }

    /** Everything Sigil certifies: every supported key type (DSA and RSA under 2048 bits are never parsed). */
    public static Set<SshKeyType> allKeyTypes() {
        return EnumSet.allOf(SshKeyType.class);
    }

    /** The defaults: see the constants above and docs/SSH.md. */
    public static SshPolicy defaults() {
        return new SshPolicy(defaults(SshCaType.USER), defaults(SshCaType.HOST));
    }

    /** The built-in rules of a type before configuration; also where a named policy of that type starts. */
    static Rules defaults(SshCaType type) {
        return type == SshCaType.USER
                ? new Rules(SshCaType.USER, DEFAULT_USER_TTL, DEFAULT_USER_MAX_TTL, DEFAULT_USER_PRINCIPALS,
                        DEFAULT_USER_DENIED, SshCertificateRequest.DEFAULT_USER_EXTENSIONS,
                        EnumSet.allOf(SshExtension.class), CRITICAL_OPTIONS, allKeyTypes())
                : new Rules(SshCaType.HOST, DEFAULT_HOST_TTL, DEFAULT_HOST_MAX_TTL, DEFAULT_HOST_PRINCIPALS, List.of(),
                        Set.of(), Set.of(), Set.of(), allKeyTypes());
    }

    /**
     * The built-in policies with {@code sigil.ssh.user.*} / {@code sigil.ssh.host.*} applied, and the policies named
     * under {@code sigil.ssh.policies}.
     *
     * @throws IllegalArgumentException naming the key of a bad value
     */
    public static SshPolicy fromConfig(SigilConfig config) {
        return SshPolicyConfig.read(config);
    }

    /** Parses extension names as OpenSSH writes them ({@code permit-pty}). */
    public static Optional<SshExtension> extension(String wireName) {
        for (SshExtension e : SshExtension.values()) {
            if (e.wireName().equals(wireName)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** {@code *} matches any run of characters; everything else literally. */
    /** Compiled globs: patterns come from the configuration (with token names substituted), so they are few. */
    private static final Map<String, Pattern> GLOBS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_CACHED_GLOBS = 4096;

    static Pattern glob(String pattern) {
        Pattern cached = GLOBS.get(pattern);
        if (cached != null) {
            return cached;
        }
        Pattern compiled = compileGlob(pattern);
        if (GLOBS.size() < MAX_CACHED_GLOBS) {
            GLOBS.put(pattern, compiled);
        }
        return compiled;
    }

    private static Pattern compileGlob(String pattern) {
        String[] parts = pattern.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            re.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(re.toString());
    }
}
