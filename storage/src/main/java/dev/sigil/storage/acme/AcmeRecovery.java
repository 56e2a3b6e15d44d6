package dev.sigil.storage.acme;

/**
 * What one crash-recovery pass failed: orders left in processing by a dead finalize, challenges left in processing by
 * a dead validation.
 *
 * @param orders     orders moved processing → invalid
 * @param challenges challenges moved processing → invalid
 */
public record AcmeRecovery(int orders, int challenges) {

    public AcmeRecovery {
        if (orders < 0 || challenges < 0) {
            throw new IllegalArgumentException("counts are never negative");
        }
    }

    public int total() {
        return orders + challenges;
    }
}
