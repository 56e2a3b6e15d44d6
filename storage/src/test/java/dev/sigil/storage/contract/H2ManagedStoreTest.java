package dev.sigil.storage.contract;

class H2ManagedStoreTest extends ManagedStoreContract {
    H2ManagedStoreTest() {
        super(Backend.H2);
    }
}
