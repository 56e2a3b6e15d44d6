package dev.sigil.acme.port;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IssuanceOrderTest {

    @Test
    void anOrderWithoutIdentifiersIsRefused() {
        assertThatThrownBy(() -> new IssuanceOrder(new byte[1], "server", List.of(), Optional.empty(), Optional.empty(), "acct"))
                .hasMessageContaining("at least one identifier");
    }

    @Test
    void identifiersAreCopiedSoCallersCannotChangeThem() {
        List<String> ids = new ArrayList<>(List.of("dns:a.internal"));
        IssuanceOrder order = new IssuanceOrder(new byte[1], "server", ids, Optional.empty(), Optional.empty(), "acct");
        ids.add("dns:b.internal");
        assertThat(order.identifiers()).containsExactly("dns:a.internal");
    }
}
