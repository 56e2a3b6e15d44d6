/**
 * In-memory token-bucket rate limits per account and per client IP (per node).
 */
package dev.sigil.acme.ratelimit;
