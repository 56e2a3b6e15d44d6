package dev.sigil.acme.account;

import dev.sigil.acme.problem.AcmeProblem;
import dev.sigil.acme.problem.ProblemType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContactsTest {

    @Test
    void plainAddressesPassWithALowerCaseScheme() {
        assertThat(Contacts.check("mailto:ops@example.com")).isEqualTo("mailto:ops@example.com");
        assertThat(Contacts.check("MAILTO:Ops.Team+acme@Sub.Example.com")).isEqualTo("mailto:Ops.Team+acme@Sub.Example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mailto:", "mailto:@example.com", "mailto:ops@", "mailto:ops@localhost", "mailto:ops@@x.com",
            "mailto:ops@example.com?subject=x", "mailto:a@x.com,b@x.com", "mailto:o ps@example.com",
            "mailto:ops@exa_mple.com", "mailto:ops@1.2.3.4", "mailto:.ops@example.com"})
    void malformedAddressesAreInvalidContact(String contact) {
        assertThatThrownBy(() -> Contacts.check(contact)).isInstanceOfSatisfying(AcmeProblem.class,
                p -> assertThat(p.type()).isEqualTo(ProblemType.INVALID_CONTACT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tel:+15551234", "https://example.com", "ops@example.com", "mail:ops@example.com"})
    void otherSchemesAreUnsupportedContact(String contact) {
        assertThatThrownBy(() -> Contacts.check(contact)).isInstanceOfSatisfying(AcmeProblem.class,
                p -> assertThat(p.type()).isEqualTo(ProblemType.UNSUPPORTED_CONTACT));
    }
}
