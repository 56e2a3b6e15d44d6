package dev.sigil.service.web;

import dev.sigil.service.ca.x509.IpAddresses;
import dev.sigil.service.error.ErrorKind;
import dev.sigil.service.error.SigilException;
import dev.sigil.service.managed.Credential;
import dev.sigil.service.managed.ManagedService;
import dev.sigil.service.managed.ManagedView;
import dev.sigil.storage.certificate.San;
import dev.sigil.storage.managed.ManagedSpec;
import dev.sigil.storage.managed.RenewalRule;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sigil's own HTTPS certificate is the managed certificate {@code sigil-https} (profile {@code sigil-tls}): issued
 * by its own CA for localhost, 127.0.0.1, ::1 and the configured host names, renewed by the scheduled job like any
 * managed certificate (on whichever node runs it), and reloaded into each node's listener by
 * {@link #reloadIfRenewed}, which a node-local timer calls. The listener keeps its socket and open connections.
 *
 * <p>The stored spec is shared by the cluster. A node that starts with host names the certificate does not cover, or
 * another {@code tls-validity}, adds its names (names are never removed: other nodes may be configured with them),
 * takes its lifetime, and rotates the certificate at once; every node reloads it (docs/MANAGED.md).
 */
public final class ServerTls {

    public static final String PROFILE = ManagedService.HTTPS_PROFILE;
    public static final String NAME = ManagedService.HTTPS_NAME;
    /** How often a node looks for a renewed version by default ({@code sigil.server.tls-reload-check}). */
    public static final Duration DEFAULT_RELOAD_CHECK = Duration.ofSeconds(30);
    /** Renewal at two thirds of the lifetime, as for Let's Encrypt's clients. */
    static final double RENEW_AT = 2.0 / 3;
    static final String KEY_TYPE = "EC_P256";

    private static final System.Logger LOG = System.getLogger(ServerTls.class.getName());

    private final ManagedService managed;
    private volatile int servedVersion;

    public ServerTls(ManagedService managed) {
        this.managed = managed;
    }

    /** The spec of {@code sigil-https} for these configured names and lifetime. */
    public static ManagedSpec spec(List<String> hostnames, Duration validity) {
        Set<San> sans = new LinkedHashSet<>(List.of(San.dns("localhost"), San.ip("127.0.0.1"), San.ip("::1")));
        for (String h : hostnames) {
            sans.add(IpAddresses.isLiteral(h) ? San.ip(IpAddresses.canonical(IpAddresses.parseLiteral(h))) : San.dns(h));
        }
        return new ManagedSpec(NAME, Optional.empty(), List.copyOf(sans), PROFILE, KEY_TYPE, validity,
                new RenewalRule.AtFraction(RENEW_AT), Optional.of("sigil"), false, Duration.ZERO);
    }

    /**
     * Creates {@code sigil-https} if it does not exist yet, and returns the TLS configuration of its current version.
     */
    public Tls start(List<String> hostnames, Duration validity) {
        ManagedSpec wanted = spec(hostnames, validity);
        Optional<ManagedView> existing = find();
        if (existing.isEmpty()) {
            try {
                managed.create(wanted, "system");
            } catch (SigilException e) {
                if (e.kind() != ErrorKind.CONFLICT) {
                    throw e;
                }
                // another node created it at the same moment: use theirs
            }
        } else {
            ManagedSpec stored = existing.get().managed().spec();
            boolean namesCovered = new HashSet<>(stored.sans()).containsAll(wanted.sans());
            if (!namesCovered || !stored.lifetime().equals(wanted.lifetime())) {
                // Nodes may be configured with different host names: the certificate covers all of them.
                Set<San> union = new LinkedHashSet<>(stored.sans());
                union.addAll(wanted.sans());
                ManagedSpec merged = new ManagedSpec(NAME, wanted.commonName(), List.copyOf(union), PROFILE, KEY_TYPE,
                        wanted.lifetime(), wanted.renewal(), wanted.owner(), false, Duration.ZERO);
                LOG.log(System.Logger.Level.INFO, "{0}: names {1} and lifetime {2} become {3} and {4}; rotating", NAME,
                        stored.sans(), stored.lifetime(), merged.sans(), merged.lifetime());
                managed.respec(merged, "system");
            }
        }
        Credential c = managed.credential(NAME);
        servedVersion = c.version();
        return tls(c);
    }

    /**
     * Loads the current version into {@code server}'s default listener if it is not the one served.
     *
     * @return true if it reloaded
     */
    public boolean reloadIfRenewed(WebServer server) {
        int current = managed.show(NAME).managed().currentVersion();
        if (current == servedVersion) {
            return false;
        }
        Credential c = managed.credential(NAME);
        server.reloadTls(tls(c));
        servedVersion = c.version();
        LOG.log(System.Logger.Level.INFO, "HTTPS listener now serves {0}", c);
        return true;
    }

    /** The version the listener serves. */
    public int servedVersion() {
        return servedVersion;
    }

    private Optional<ManagedView> find() {
        try {
            return Optional.of(managed.show(NAME));
        } catch (SigilException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Tls tls(Credential c) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(c.certificate());
        chain.addAll(c.chainWithoutRoot());
        return Tls.builder().privateKey(c.privateKey()).privateKeyCertChain(chain).build();
    }
}
