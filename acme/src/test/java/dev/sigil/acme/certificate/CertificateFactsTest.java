package dev.sigil.acme.certificate;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Regression tests for inputs the fuzz suite (docs/FUZZING.md) found. */
public class CertificateFactsTest {

    /**
     * Found by AcmeJwsFuzzTest (seed 5329589106930144882, input #2122, revokeCert): a certificate the test CA issued,
     * with one byte of its Authority Key Identifier extension changed so that the extension's inner DER is truncated.
     * The certificate itself decodes; the extension threw IllegalArgumentException, and revokeCert answered 500.
     */
    public static final String TRUNCATED_AKI = "MIIBejCCASCgAwIBAgIRAIqhs3c_juoXHmFfLYHSiAowCgYIKoZIzj0EAwIwGDEWMBQGA1UE"
            + "AwwNU2lnaWwgVGVzdCBDQTAeFw0yNjEyMDQwOTU3MDVaFw0yNzAxMDMwOTU3MDVaMAAwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASZwwEY"
            + "X0PByALkPoAJULoOm8c8yLkfA4lNjPNAj-SOF3jHtkSobAthtQPrAj7hat5JprjONMaCh5xK0hARHfyOo2MwYTAdBgNVHREBAf8EEzARgg9m"
            + "dXp6LnNpZ2lsLnRlc3QwQAYDVR0jBDkwN4AUoUi-QEOQnwI8beujNj07LEzOkkqhHaQaMBgxFjAUBgNVBAMMDVNpZ2lsIFRlc3QgQ0GCAQEw"
            + "CgYIKoZIzj0EAwIDSAAwRQIgd7GSnY2DaIU_JxzBq8xLjHGkx3fRD0g6gLAYAbjWWqECIQC_pIODn5STYEBFaXo67QQux7lTjJvSrbNTIJjh"
            + "j7gI1A";

    @Test
    void aCertificateWithAnUndecodableExtensionIsMalformed() {
        byte[] der = Base64.getUrlDecoder().decode(TRUNCATED_AKI);
        AcmeProblem problem = catchThrowableOfType(AcmeProblem.class, () -> CertificateFacts.parse(der));
        assertThat(problem).isNotNull();
        assertThat(problem.type()).isEqualTo(ProblemType.MALFORMED);
        assertThat(problem.getMessage()).contains("extension");
    }
}
