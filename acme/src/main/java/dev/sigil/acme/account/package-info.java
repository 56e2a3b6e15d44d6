/**
 * Accounts (RFC 8555 §7.3): JWS request authentication, newAccount with External Account Binding, updates,
 * deactivation and key rollover.
 */
package dev.sigil.acme.account;
