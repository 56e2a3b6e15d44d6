package dev.sigil.storage.jpa;

import java.util.Locale;

/** ACME statuses as stored: lower-case, as RFC 8555 spells them ({@code pending}, {@code deactivated}...). */
final class AcmeStatusText {

    private AcmeStatusText() {
    }

    static String of(Enum<?> status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text) {
        return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    }
}
