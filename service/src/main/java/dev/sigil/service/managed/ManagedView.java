package dev.sigil.service.managed;

import dev.sigil.storage.managed.ManagedCertificate;
import dev.sigil.storage.managed.ManagedVersion;

import java.util.List;
import java.util.Objects;

/**
 * A managed certificate with its versions, oldest first (without their encrypted keys).
 *
 * @param managed the managed certificate as stored
 * @param history every certificate it has had
 */
public record ManagedView(ManagedCertificate managed, List<ManagedVersion> history) {
    public ManagedView {
        Objects.requireNonNull(managed, "managed");
        history = List.copyOf(history);
    }
}
