package dev.sigil.storage.audit;

import java.util.Optional;

/**
 * The result of walking the audit chain.
 *
 * @param records        how many records were checked
 * @param firstBrokenSeq the first record whose hash or link does not match, if any
 * @param problem        what was wrong with it
 */
public record AuditVerification(long records, Optional<Long> firstBrokenSeq, Optional<String> problem) {
    public boolean intact() {
        return firstBrokenSeq.isEmpty();
    }
}
