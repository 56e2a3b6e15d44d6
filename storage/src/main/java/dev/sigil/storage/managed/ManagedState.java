package dev.sigil.storage.managed;

/** Whether Sigil still renews a managed certificate. A deleted one keeps its row and history for the audit trail. */
public enum ManagedState {
    ACTIVE, DELETED
}
