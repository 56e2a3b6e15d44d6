package dev.sigil.storage.contract;

class H2CrlStoreTest extends CrlStoreContract {
    H2CrlStoreTest() {
        super(Backend.H2);
    }
}
