package dev.sigil.storage.contract;

class H2GroupCommitTest extends GroupCommitContract {
    H2GroupCommitTest() {
        super(Backend.H2);
    }
}
