package dev.sigil.storage.acme;

import java.util.Objects;

/**
 * An ACME account with what it holds, for operators: how many orders it placed and how many certificates were issued
 * through them.
 *
 * @param account           the account
 * @param orders            its orders, in any state
 * @param certificates      certificates issued through its orders (in the inventory)
 * @param validCertificates of those, the ones neither revoked nor expired at the time of the query
 */
public record AcmeAccountSummary(AcmeAccount account, long orders, long certificates, long validCertificates) {
    public AcmeAccountSummary {
        Objects.requireNonNull(account, "account");
        if (orders < 0 || certificates < 0 || validCertificates < 0 || validCertificates > certificates) {
            throw new IllegalArgumentException("counts must be >= 0, and valid certificates <= certificates");
        }
    }
}
