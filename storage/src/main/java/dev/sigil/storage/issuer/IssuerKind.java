package dev.sigil.storage.issuer;

/** Where an issuer sits in the hierarchy. */
public enum IssuerKind { ROOT, INTERMEDIATE }
