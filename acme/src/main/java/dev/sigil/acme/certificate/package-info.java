/**
 * What the front end reads from issued certificates (names, validity, key, AKI, serial).
 */
package dev.sigil.acme.certificate;
