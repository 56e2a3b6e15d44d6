package dev.sigil.storage.certificate;

/** Subject alternative name kinds Sigil records. */
public enum SanType { DNS, IP, EMAIL, URI }
