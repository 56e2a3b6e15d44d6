package dev.sigil.cli.cert;

import dev.sigil.cli.http.Query;
import dev.sigil.cli.time.Durations;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The filters shared by {@code sigil cert list} and the bulk form of {@code sigil cert revoke}, so that the set an
 * operator lists is exactly the set a revocation with the same flags acts on. Each maps to one query parameter of
 * {@code GET /api/v1/certificates}.
 */
public final class CertFilterOptions {

    @Option(names = "--san", paramLabel = "PATTERN",
            description = "Having a subject alternative name like this; * matches any characters, dots included "
                    + "(e.g. '*.ci.internal'). Without * the name must match exactly.")
    String san;

    @Option(names = "--owner", paramLabel = "OWNER", description = "Recorded owner.")
    String owner;

    @Option(names = "--profile", paramLabel = "NAME", description = "Issued under this profile.")
    String profile;

    @Option(names = "--issuer", paramLabel = "ID", description = "Issued by this CA (see 'sigil ca list'); "
            + "with 'cert revoke SERIAL', the issuer of a serial that several CAs issued.")
    String issuer;

    @Option(names = "--acme-account", paramLabel = "ID",
            description = "Issued through orders of this ACME account (its id, the last part of its URL).")
    String acmeAccount;

    @Option(names = "--issued-after", paramLabel = "TIME",
            description = "Issued at or after TIME: RFC 3339, or a duration ago (e.g. 7d).")
    Instant issuedAfter;

    @Option(names = "--issued-before", paramLabel = "TIME",
            description = "Issued before TIME: RFC 3339, or a duration ago (e.g. 1h).")
    Instant issuedBefore;

    @Option(names = "--expiring-within", paramLabel = "DURATION",
            description = "Valid and expiring within DURATION, e.g. 7d.")
    Duration expiringWithin;

    /** Whether no filter was given (the issuer counts as one). */
    public boolean isEmpty() {
        return san == null && owner == null && profile == null && issuer == null && acmeAccount == null
                && issuedAfter == null && issuedBefore == null && expiringWithin == null;
    }

    /** Whether a filter other than {@code --issuer} was given. */
    boolean hasMoreThanIssuer() {
        return san != null || owner != null || profile != null || acmeAccount != null || issuedAfter != null
                || issuedBefore != null || expiringWithin != null;
    }

    /** The issuer id, if given (the single-serial revoke uses it to pick among issuers). */
    Optional<String> issuer() {
        return Optional.ofNullable(issuer);
    }

    /** A usage problem with the values themselves, if any. */
    Optional<String> problem() {
        if (issuedAfter != null && issuedBefore != null && !issuedAfter.isBefore(issuedBefore)) {
            return Optional.of("--issued-after must be before --issued-before");
        }
        return Optional.empty();
    }

    /** The query parameters of {@code GET /certificates}. */
    Query toQuery() {
        return Query.empty()
                .with("san", san)
                .with("owner", owner)
                .with("profile", profile)
                .with("issuer", issuer)
                .with("acmeAccount", acmeAccount)
                .with("issuedAfter", Optional.ofNullable(issuedAfter).map(Instant::toString))
                .with("issuedBefore", Optional.ofNullable(issuedBefore).map(Instant::toString))
                .with("expiringWithin", Optional.ofNullable(expiringWithin).map(Durations::format));
    }

    /** The filters as the user typed them, for messages ({@code --san '*.ci.internal' --owner x}). */
    String describe() {
        StringBuilder sb = new StringBuilder();
        append(sb, "--san", san);
        append(sb, "--owner", owner);
        append(sb, "--profile", profile);
        append(sb, "--issuer", issuer);
        append(sb, "--acme-account", acmeAccount);
        append(sb, "--issued-after", issuedAfter == null ? null : issuedAfter.toString());
        append(sb, "--issued-before", issuedBefore == null ? null : issuedBefore.toString());
        append(sb, "--expiring-within", expiringWithin == null ? null : Durations.format(expiringWithin));
        return sb.toString();
    }

    private static void append(StringBuilder sb, String flag, String value) {
        if (value != null) {
            sb.append(sb.isEmpty() ? "" : " ").append(flag).append(" '").append(value).append('\'');
        }
    }
}
