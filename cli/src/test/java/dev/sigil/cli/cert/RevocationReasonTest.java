package dev.sigil.cli.cert;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevocationReasonTest {

    @Test
    void acceptsNamesInAnyCaseAndCodes() {
        assertThat(RevocationReason.parse("keycompromise")).isEqualTo(RevocationReason.KEY_COMPROMISE);
        assertThat(RevocationReason.parse("CACOMPROMISE").rfcName()).isEqualTo("cACompromise");
        assertThat(RevocationReason.parse("9")).isEqualTo(RevocationReason.PRIVILEGE_WITHDRAWN);
        assertThat(RevocationReason.parse(" aACompromise ").code()).isEqualTo(10);
    }

    @Test
    void rejectsUnknownReasonsAndTheUnusedCode7() {
        assertThatThrownBy(() -> RevocationReason.parse("7")).hasMessageContaining("unknown revocation reason");
        assertThatThrownBy(() -> RevocationReason.parse("removeFromCRL"))
                .hasMessageContaining("keyCompromise, cACompromise");
    }

    @Test
    void coversTheNineReasonsOfTheApi() {
        assertThat(RevocationReason.names()).isEqualTo("unspecified, keyCompromise, cACompromise, "
                + "affiliationChanged, superseded, cessationOfOperation, certificateHold, privilegeWithdrawn, "
                + "aACompromise");
    }
}
