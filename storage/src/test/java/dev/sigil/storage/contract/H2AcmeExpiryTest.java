package dev.sigil.storage.contract;

class H2AcmeExpiryTest extends AcmeExpiryContract {
    H2AcmeExpiryTest() {
        super(Backend.H2);
    }
}
