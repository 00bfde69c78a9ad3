/**
 * What a host application calls: {@link dev.revsync.Connectors} finds and opens connectors, a
 * {@link dev.revsync.Connector} verifies, discovers, syncs into a {@link dev.revsync.RecordSink}
 * and writes back, and a {@link dev.revsync.QuotaPolicy} keeps each connection inside its daily API
 * budget, counting in a {@link dev.revsync.QuotaLedger}. The nightly job that runs many
 * connections' pulls in the daily window is in {@link dev.revsync.pipeline}.
 *
 * <p>Configuration and results are immutable values built with builders or static factories, so a
 * new component is an addition rather than a change to every caller; every exception is a {@link
 * dev.revsync.RevsyncException} subclass named for who must act. Connector authors use {@link
 * dev.revsync.spi} as well; hosts never need it, and {@code dev.revsync.internal} is for neither.
 *
 * <p>Import these types by name rather than with {@code import dev.revsync.*}: on Java 16 and later
 * the wildcard makes {@link dev.revsync.Record} ambiguous with {@code java.lang.Record}, while a
 * single-type import ({@code import dev.revsync.Record;}) takes precedence over {@code java.lang}.
 */
package dev.revsync;
