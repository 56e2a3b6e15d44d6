package dev.sigil.acme.jws;

import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.math.ec.ECPoint;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import java.util.Optional;

/** The NIST prime curves JWS ES256/ES384/ES512 use (RFC 7518 §3.4, §6.2.1.1). */
enum EcCurve {
    P256("P-256", "secp256r1"),
    P384("P-384", "secp384r1"),
    P521("P-521", "secp521r1");

    private final String jwkName;
    private final ECNamedCurveParameterSpec spec;
    private final int fieldBytes;

    EcCurve(String jwkName, String bcName) {
        this.jwkName = jwkName;
        this.spec = ECNamedCurveTable.getParameterSpec(bcName);
        this.fieldBytes = (spec.getCurve().getFieldSize() + 7) / 8;
    }

    /** The JWK "crv" value. */
    String jwkName() {
        return jwkName;
    }

    /** Bytes of one coordinate in a JWK, and of R and of S in a JWS signature. */
    int fieldBytes() {
        return fieldBytes;
    }

    BigInteger prime() {
        return spec.getCurve().getField().getCharacteristic();
    }

    static Optional<EcCurve> byJwkName(String crv) {
        return Arrays.stream(values()).filter(c -> c.jwkName.equals(crv)).findFirst();
    }

    /** The curve of a JCA key's parameters, compared by value so keys of any provider are recognised. */
    static Optional<EcCurve> of(ECParameterSpec params) {
        return Arrays.stream(values()).filter(c -> c.matches(params)).findFirst();
    }

    /**
     * The public key at (x, y), or empty if that is not a point of the curve. The curves have cofactor 1, so a point
     * on the curve other than infinity (which has no affine coordinates) is in the prime-order group.
     */
    Optional<PublicKey> publicKey(BigInteger x, BigInteger y) {
        if (x.signum() < 0 || y.signum() < 0 || x.compareTo(prime()) >= 0 || y.compareTo(prime()) >= 0) {
            return Optional.empty();
        }
        ECPoint point;
        try {
            point = spec.getCurve().validatePoint(x, y);
        } catch (IllegalArgumentException notOnCurve) {
            return Optional.empty();
        }
        try {
            return Optional.of(KeyFactory.getInstance("EC", JcaProviders.bouncyCastle())
                    .generatePublic(new org.bouncycastle.jce.spec.ECPublicKeySpec(point, spec)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Bouncy Castle refused a validated " + jwkName + " point", e);
        }
    }

    private boolean matches(ECParameterSpec params) {
        if (!(params.getCurve().getField() instanceof ECFieldFp field)) {
            return false;
        }
        org.bouncycastle.math.ec.ECCurve curve = spec.getCurve();
        ECPoint g = spec.getG().normalize();
        return field.getP().equals(prime())
                && params.getCurve().getA().equals(curve.getA().toBigInteger())
                && params.getCurve().getB().equals(curve.getB().toBigInteger())
                && params.getOrder().equals(spec.getN())
                && params.getCofactor() == spec.getH().intValueExact()
                && params.getGenerator().getAffineX().equals(g.getAffineXCoord().toBigInteger())
                && params.getGenerator().getAffineY().equals(g.getAffineYCoord().toBigInteger());
    }
}
