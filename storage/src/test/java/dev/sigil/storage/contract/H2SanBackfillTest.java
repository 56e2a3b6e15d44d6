package dev.sigil.storage.contract;

class H2SanBackfillTest extends SanBackfillContract {
    H2SanBackfillTest() {
        super(Backend.H2);
    }
}
