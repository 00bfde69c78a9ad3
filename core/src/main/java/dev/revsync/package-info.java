/**
 * What a host application calls: {@link dev.revsync.Connectors} finds and opens connectors, a
 * {@link dev.revsync.Connector} verifies, discovers, syncs into a {@link dev.revsync.RecordSink}
 * and writes back, a {@link dev.revsync.QuotaPolicy} keeps each connection inside its daily API
 * budget, and the {@link dev.revsync.DailyPipeline} runs many connections' pulls in the daily
 * {@link dev.revsync.PullWindow}, keeping checkpoints in a {@link dev.revsync.CheckpointStore}.
 *
 * <p>Configuration and results are immutable values built with builders; every exception is a
 * {@link dev.revsync.RevsyncException} subclass named for who must act. Connector authors use
 * {@link dev.revsync.spi} as well; {@code dev.revsync.internal} is for neither.
 */
package dev.revsync;
