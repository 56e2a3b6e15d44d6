package dev.sigil.cli.http;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class QueryTest {

    @Test
    void encodesInOrderAndSkipsAbsentValues() {
        Query q = Query.empty().with("san", "www.sigil.internal").with("owner", (Object) null)
                .with("profile", Optional.empty()).with("label", "a b&c=d").with("limit", 5);

        assertThat(q.encoded()).isEqualTo("?san=www.sigil.internal&label=a%20b%26c%3Dd&limit=5");
    }

    @Test
    void isImmutableAndEmptyRendersNothing() {
        Query base = Query.empty();
        Query more = base.with("a", 1);

        assertThat(base.encoded()).isEmpty();
        assertThat(more.encoded()).isEqualTo("?a=1");
        assertThat(more.with("a", (Object) null).encoded()).isEmpty();
    }
}
