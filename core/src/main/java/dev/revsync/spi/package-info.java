/**
 * What connector authors implement and build with, so a connector gets quota counting, rate
 * limits, token refresh and retries for free: the {@link dev.revsync.spi.Transport} every call
 * goes through, {@link dev.revsync.spi.TokenProvider}s and {@link dev.revsync.spi.ResponseClassifier}s
 * that tell it about the vendor, streaming readers for JSON, CSV and SOAP
 * ({@link dev.revsync.spi.Json}, {@link dev.revsync.spi.CsvRows}, {@link dev.revsync.spi.SoapReader}),
 * and the shared bookkeeping of a sync, a job and a write ({@link dev.revsync.spi.SyncRun},
 * {@link dev.revsync.spi.JobPoller}, {@link dev.revsync.spi.JobDownload},
 * {@link dev.revsync.spi.WriteBatcher}).
 *
 * <p>Each call counts against the {@link dev.revsync.Activity} that {@link dev.revsync.Connector}
 * assigns to the method making it: verify LOGIN; discover, describe and sync SYNC; write the
 * request's activity; a token fetch as the call that needed it (shown under LOGIN in usage).
 *
 * <p>Hosts do not need this package: a shared budget plugs in as a {@link dev.revsync.QuotaLedger},
 * and the daily runtime is {@link dev.revsync.pipeline}. It evolves by adding default methods, so
 * connectors written against an older revsync keep compiling.
 */
package dev.revsync.spi;
