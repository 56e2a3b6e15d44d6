package dev.sigil.service.ssh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The critical options and extensions of a signed certificate, read back from its blob (PROTOCOL.certkeys), so that
 * the inventory shows exactly what was signed without storing the same facts twice. Only reads blobs this CA wrote.
 *
 * @param criticalOptions option name to value ({@code ""} for flags such as {@code verify-required}), in wire order
 * @param extensions      extension names, in wire order
 */
public record SshCertificateFields(Map<String, String> criticalOptions, List<String> extensions) {

    public SshCertificateFields {
        criticalOptions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(criticalOptions));
        extensions = List.copyOf(extensions);
    }

    /** @throws IllegalArgumentException if the blob is not a certificate of a supported key type */
    public static SshCertificateFields read(byte[] certificate) {
        try {
            SshWireReader r = new SshWireReader(certificate);
            String certType = r.readUtf8();
            SshKeyType keyType = null;
            for (SshKeyType t : SshKeyType.values()) {
                if (t.certificateName().equals(certType)) {
                    keyType = t;
                }
            }
            if (keyType == null) {
                throw new IllegalArgumentException("not a supported SSH certificate type");
            }
            r.readString(); // nonce
            for (int i = 0; i < keyFieldCount(keyType); i++) {
                r.readString();
            }
            r.readUint64(); // serial
            r.readUint32(); // type
            r.readString(); // key id
            r.readString(); // principals
            r.readUint64(); // valid after
            r.readUint64(); // valid before
            Map<String, String> options = new LinkedHashMap<>();
            SshWireReader o = new SshWireReader(r.readString());
            while (o.hasRemaining()) {
                String name = o.readUtf8();
                byte[] data = o.readString();
                options.put(name, data.length == 0 ? "" : new SshWireReader(data).readUtf8());
            }
            List<String> extensions = new ArrayList<>();
            SshWireReader e = new SshWireReader(r.readString());
            while (e.hasRemaining()) {
                extensions.add(e.readUtf8());
                e.readString();
            }
            return new SshCertificateFields(options, extensions);
        } catch (SshWireReader.SshWireException e) {
            throw new IllegalArgumentException("malformed SSH certificate: " + e.getMessage());
        }
    }

    /** Wire fields of the public key inside a certificate, after the nonce (strings and mpints alike). */
    private static int keyFieldCount(SshKeyType type) {
        return switch (type) {
            case ED25519 -> 1;
            case ECDSA_P256, ECDSA_P384, ECDSA_P521, RSA, SK_ED25519 -> 2;
            case SK_ECDSA_P256 -> 3;
        };
    }
}
