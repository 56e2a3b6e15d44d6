package dev.sigil.storage.contract;

class H2LedgerTest extends LedgerContract {
    H2LedgerTest() {
        super(Backend.H2);
    }
}
