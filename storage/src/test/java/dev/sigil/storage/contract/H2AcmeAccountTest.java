package dev.sigil.storage.contract;

class H2AcmeAccountTest extends AcmeAccountContract {
    H2AcmeAccountTest() {
        super(Backend.H2);
    }
}
