/**
 * Implementation details of revsync (the HTTP pipeline, auth, quota ledgers, rate limiting, stores,
 * the daily pipeline's runs). Neither hosts nor connector authors should use these packages: they
 * change without notice.
 */
package dev.revsync.internal;
