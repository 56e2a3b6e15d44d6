package dev.sigil.service.ssh;

import dev.sigil.service.config.ConfigKeys;
import dev.sigil.service.config.Durations;
import dev.sigil.service.config.SigilConfig;
import dev.sigil.service.error.SigilException;
import dev.sigil.storage.ssh.SshCaType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the SSH CA signs, per certificate type, from configuration ({@code sigil.ssh.user.*}, {@code sigil.ssh.host.*}).
 * Requests are refused, never trimmed: each refusal is a {@code POLICY} error naming the rule (the config key) that
 * refused it. Small checks in the spirit of step-ca's {@code sign_ssh_options}.
 */
public record SshPolicy(Rules user, Rules host) {

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

    /**
     * The rules of one certificate type.
     *
     * @param type              user or host
     * @param defaultTtl        lifetime when the request names none
     * @param maxTtl            longest lifetime; longer requests are refused
     * @param principals        patterns ({@code *} matches any run of characters; {@link #TOKEN_PLACEHOLDER} the
     *                          caller's token name) one of which every principal must match
     * @param deniedPrincipals  patterns no principal may match (deny wins)
     * @param defaultExtensions extensions granted when the request lists none
     * @param allowedExtensions extensions a request may ask for
     * @param criticalOptions   critical options a request may set
     * @param keyTypes          subject key types accepted
     */
    public record Rules(SshCaType type, Duration defaultTtl, Duration maxTtl, List<String> principals,
                        List<String> deniedPrincipals, Set<SshExtension> defaultExtensions,
                        Set<SshExtension> allowedExtensions, Set<String> criticalOptions, Set<SshKeyType> keyTypes) {

        public Rules {
            Objects.requireNonNull(type);
            principals = List.copyOf(principals);
            deniedPrincipals = List.copyOf(deniedPrincipals);
            defaultExtensions = defaultExtensions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(defaultExtensions));
            allowedExtensions = allowedExtensions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(allowedExtensions));
            criticalOptions = Set.copyOf(criticalOptions);
            keyTypes = Set.copyOf(EnumSet.copyOf(keyTypes));
            if (defaultTtl.compareTo(maxTtl) > 0) {
                throw new IllegalArgumentException(keyOf(type, "default-ttl") + " (" + Durations.format(defaultTtl)
                        + ") is longer than " + keyOf(type, "max-ttl") + " (" + Durations.format(maxTtl) + ")");
            }
            if (!allowedExtensions.containsAll(defaultExtensions)) {
                throw new IllegalArgumentException(keyOf(type, "extensions") + " grants extensions that "
                        + keyOf(type, "allowed-extensions") + " does not allow");
            }
            for (String o : criticalOptions) {
                if (!CRITICAL_OPTIONS.contains(o)) {
                    throw new IllegalArgumentException(keyOf(type, "critical-options") + ": unknown option '" + o + "' (one of "
                            + new java.util.TreeSet<>(CRITICAL_OPTIONS) + ")");
                }
            }
        }

        /** The config key of one of these rules, e.g. {@code sigil.ssh.user.max-ttl}. */
        public String key(String rule) {
            return keyOf(type, rule);
        }

        private static String keyOf(SshCaType type, String rule) {
            return "sigil.ssh." + type.wireName() + "." + rule;
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
        if (user.type() != SshCaType.USER || host.type() != SshCaType.HOST) {
            throw new IllegalArgumentException("user rules then host rules");
        }
    }

    public Rules rules(SshCaType type) {
        return type == SshCaType.USER ? user : host;
    }

    /** Everything Sigil certifies: every supported key type (DSA and RSA under 2048 bits are never parsed). */
    public static Set<SshKeyType> allKeyTypes() {
        return EnumSet.allOf(SshKeyType.class);
    }

    /** The defaults: see the constants above and docs/SSH.md. */
    public static SshPolicy defaults() {
        return new SshPolicy(
                new Rules(SshCaType.USER, DEFAULT_USER_TTL, DEFAULT_USER_MAX_TTL, DEFAULT_USER_PRINCIPALS,
                        DEFAULT_USER_DENIED, SshCertificateRequest.DEFAULT_USER_EXTENSIONS,
                        EnumSet.allOf(SshExtension.class), CRITICAL_OPTIONS, allKeyTypes()),
                new Rules(SshCaType.HOST, DEFAULT_HOST_TTL, DEFAULT_HOST_MAX_TTL, DEFAULT_HOST_PRINCIPALS, List.of(),
                        Set.of(), Set.of(), Set.of(), allKeyTypes()));
    }

    /** @throws IllegalArgumentException naming the key of a bad value */
    public static SshPolicy fromConfig(SigilConfig config) {
        SshPolicy d = defaults();
        Rules u = d.user();
        Rules h = d.host();
        return new SshPolicy(
                new Rules(SshCaType.USER,
                        config.duration(ConfigKeys.SSH_USER_DEFAULT_TTL, u.defaultTtl()),
                        config.duration(ConfigKeys.SSH_USER_MAX_TTL, u.maxTtl()),
                        config.list(ConfigKeys.SSH_USER_PRINCIPALS).orElse(u.principals()),
                        config.list(ConfigKeys.SSH_USER_DENIED_PRINCIPALS).orElse(u.deniedPrincipals()),
                        config.list(ConfigKeys.SSH_USER_EXTENSIONS).map(l -> extensions(ConfigKeys.SSH_USER_EXTENSIONS, l))
                                .orElse(u.defaultExtensions()),
                        config.list(ConfigKeys.SSH_USER_ALLOWED_EXTENSIONS)
                                .map(l -> extensions(ConfigKeys.SSH_USER_ALLOWED_EXTENSIONS, l)).orElse(u.allowedExtensions()),
                        config.list(ConfigKeys.SSH_USER_CRITICAL_OPTIONS).map(l -> (Set<String>) new LinkedHashSet<>(l))
                                .orElse(u.criticalOptions()),
                        config.list(ConfigKeys.SSH_USER_KEY_TYPES).map(l -> keyTypes(ConfigKeys.SSH_USER_KEY_TYPES, l))
                                .orElse(u.keyTypes())),
                new Rules(SshCaType.HOST,
                        config.duration(ConfigKeys.SSH_HOST_DEFAULT_TTL, h.defaultTtl()),
                        config.duration(ConfigKeys.SSH_HOST_MAX_TTL, h.maxTtl()),
                        config.list(ConfigKeys.SSH_HOST_PRINCIPALS).orElse(h.principals()),
                        config.list(ConfigKeys.SSH_HOST_DENIED_PRINCIPALS).orElse(h.deniedPrincipals()),
                        Set.of(), Set.of(), Set.of(),
                        config.list(ConfigKeys.SSH_HOST_KEY_TYPES).map(l -> keyTypes(ConfigKeys.SSH_HOST_KEY_TYPES, l))
                                .orElse(h.keyTypes())));
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

    private static Set<SshExtension> extensions(String key, List<String> names) {
        return names.stream().map(n -> extension(n).orElseThrow(() -> new IllegalArgumentException(key
                + ": unknown extension '" + n + "' (one of " + java.util.Arrays.stream(SshExtension.values())
                .map(SshExtension::wireName).collect(Collectors.joining(", ")) + ")")))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(SshExtension.class)));
    }

    /** Key types by OpenSSH name ({@code ssh-ed25519}) or enum name ({@code ED25519}). */
    private static Set<SshKeyType> keyTypes(String key, List<String> names) {
        Set<SshKeyType> out = EnumSet.noneOf(SshKeyType.class);
        for (String n : names) {
            Optional<SshKeyType> t = SshKeyType.fromWireName(n);
            if (t.isEmpty()) {
                try {
                    t = Optional.of(SshKeyType.valueOf(n.toUpperCase(Locale.ROOT).replace('-', '_')));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(key + ": unknown SSH key type '" + n + "' (e.g. ssh-ed25519,"
                            + " ecdsa-sha2-nistp256, ssh-rsa, sk-ssh-ed25519@openssh.com)");
                }
            }
            out.add(t.get());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(key + " must list at least one key type");
        }
        return out;
    }

    /** {@code *} matches any run of characters; everything else literally. */
    static Pattern glob(String pattern) {
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
