package dev.sigil.storage.jpa;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SanFilterTest {

    @Test
    void exactWithoutWildcard() {
        assertThat(SanFilter.of("www.ci.internal")).isEqualTo(new SanFilter("value", false, "www.ci.internal"));
        assertThat(SanFilter.of("a").condition("p")).isEqualTo("s.value = :p");
    }

    @Test
    void aLiteralStartIsAPrefixRangeOfTheValue() {
        assertThat(SanFilter.of("web-*.internal")).isEqualTo(new SanFilter("value", true, "web-%.internal"));
        assertThat(SanFilter.of("web-*").condition("p")).isEqualTo("s.value like :p escape '!'");
    }

    @Test
    void aLeadingWildcardWithALiteralEndSearchesTheReversedValue() {
        assertThat(SanFilter.of("*.ci.internal")).isEqualTo(new SanFilter("valueReversed", true, "lanretni.ic.%"));
        assertThat(SanFilter.of("*a*b")).isEqualTo(new SanFilter("valueReversed", true, "b%a%"));
    }

    @Test
    void wildcardsAtBothEndsCannotUseAnIndex() {
        assertThat(SanFilter.of("*prod*")).isEqualTo(new SanFilter("value", true, "%prod%"));
        assertThat(SanFilter.of("**")).isEqualTo(new SanFilter("value", true, "%"));
    }

    @Test
    void likeCharactersAndTheEscapeAreLiteral() {
        assertThat(SanFilter.of("a_b%c!*")).isEqualTo(new SanFilter("value", true, "a!_b!%c!!%"));
        assertThat(SanFilter.of("x%*%*")).as("an escaped % does not absorb the next *")
                .isEqualTo(new SanFilter("value", true, "x!%%!%%"));
    }
}
