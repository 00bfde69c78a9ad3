/**
 * Records built against a shape: one name index per sync, each record's values in an array. Not for
 * hosts.
 */
package dev.revsync.internal.record;
