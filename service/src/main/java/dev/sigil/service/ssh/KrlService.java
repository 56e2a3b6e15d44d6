package dev.sigil.service.ssh;

import dev.sigil.storage.StorageException;
import dev.sigil.storage.ssh.KrlState;
import dev.sigil.storage.ssh.SshCaType;
import dev.sigil.storage.ssh.SshRevocationSnapshot;
import dev.sigil.storage.ssh.SshStore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The KRL every node serves. Its version is the store's KRL version, which every revocation increases in its own
 * transaction, and its generated_date is when that version was committed; so a KRL is a function of its version alone
 * and all nodes serve the same bytes for the same version. Each request costs one single-row read of the version; the
 * KRL is rebuilt (milliseconds for 100,000 serials) only when the version moved, so a revocation is in the KRL of
 * every node at the next fetch, with no publication delay. If the database cannot be read, the last KRL built is
 * served (a KRL has no expiry; sshd keeps using its copy anyway).
 */
public final class KrlService {

    /** The KRL's comment. */
    static final String COMMENT = "sigil";
    private static final System.Logger LOG = System.getLogger(KrlService.class.getName());

    /**
     * A built KRL.
     *
     * @param version     krl_version
     * @param generatedAt generated_date (when the version was committed)
     * @param krl         the encoded KRL
     * @param sha256      its SHA-256 in hex
     */
    public record Served(long version, Instant generatedAt, byte[] krl, String sha256) {
        public Served {
            Objects.requireNonNull(generatedAt);
            krl = krl.clone();
        }

        @Override
        public byte[] krl() {
            return krl.clone();
        }
    }

    private final SshStore store;
    private final SshCas cas;
    private final Object building = new Object();
    private volatile Served cached;

    public KrlService(SshStore store, SshCas cas) {
        this.store = store;
        this.cas = cas;
    }

    /**
     * The KRL of the current version.
     *
     * @throws StorageException UNAVAILABLE if the database cannot be read and no KRL was built yet
     */
    public Served current() {
        long version;
        try {
            version = store.krlState().version();
        } catch (StorageException e) {
            Served last = cached;
            if (last != null) {
                LOG.log(System.Logger.Level.WARNING, "serving KRL version {0} from memory: {1}", last.version(),
                        e.getMessage());
                return last;
            }
            throw e;
        }
        Served c = cached;
        if (c != null && c.version() >= version) {
            return c;
        }
        synchronized (building) {
            c = cached;
            if (c != null && c.version() >= version) {
                return c; // another request built it meanwhile
            }
            Served built = build(store.revocations());
            cached = built;
            return built;
        }
    }

    /** Builds the KRL for a snapshot. */
    Served build(SshRevocationSnapshot snapshot) {
        Map<SshCaType, List<Long>> serials = new EnumMap<>(SshCaType.class);
        Map<SshCaType, List<String>> keyIds = new EnumMap<>(SshCaType.class);
        for (SshCaType t : SshCaType.values()) {
            serials.put(t, new ArrayList<>());
            keyIds.put(t, new ArrayList<>());
        }
        int foreign = 0;
        for (SshRevocationSnapshot.RevokedSerial s : snapshot.serials()) {
            if (s.caFingerprint().equals(cas.get(s.caType()).publicKey().fingerprint())) {
                serials.get(s.caType()).add(s.serial());
            } else {
                foreign++; // signed by a CA key this node no longer has: its serials cannot be listed without it
            }
        }
        if (foreign > 0) {
            LOG.log(System.Logger.Level.WARNING, "{0} revoked SSH certificates were signed by a CA key not loaded here;"
                    + " they are not in the KRL", foreign);
        }
        snapshot.keyIds().forEach(k -> keyIds.get(k.caType()).add(k.keyId()));
        List<KrlCaRevocations> sections = new ArrayList<>();
        for (SshCaType t : SshCaType.values()) {
            if (!serials.get(t).isEmpty() || !keyIds.get(t).isEmpty()) {
                sections.add(KrlCaRevocations.forCa(cas.get(t).publicKey(),
                        serials.get(t).stream().mapToLong(Long::longValue).toArray(), keyIds.get(t)));
            }
        }
        List<SshPublicKey> keys = snapshot.revokedKeys().stream().map(SshPublicKeys::fromBlob).toList();
        KrlState state = snapshot.state();
        byte[] bytes = KrlEncoder.encode(new Krl(state.version(), state.changedAt(), COMMENT, sections, keys,
                Krl.KeyForm.EXPLICIT_KEY));
        return new Served(state.version(), state.changedAt(), bytes, sha256(bytes));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
