package dev.sigil.service.testing;

import org.bouncycastle.cert.X509CRLHolder;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/** CRLs fetched from a running Sigil, which republishes them shortly (not instantly) after a revocation. */
public final class Crls {

    private Crls() {
    }

    /**
     * Fetches the CRL at {@code url} until it lists {@code serialHex} or {@code within} has passed; returns the last
     * response either way, so the caller's assertions say what was missing.
     */
    public static HttpResponse<byte[]> awaitListing(String url, String serialHex, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        while (true) {
            HttpResponse<byte[]> r = ApiClient.plainGet(url);
            if (r.statusCode() == 200 && lists(r.body(), serialHex)) {
                return r;
            }
            if (Instant.now().isAfter(deadline)) {
                return r;
            }
            Thread.sleep(200);
        }
    }

    public static boolean lists(byte[] der, String serialHex) throws Exception {
        return new X509CRLHolder(der).getRevokedCertificate(new BigInteger(serialHex, 16)) != null;
    }
}
