/**
 * What connector authors implement and build with, so a connector gets quota counting, rate limits,
 * token refresh and retries for free: the {@link dev.revsync.spi.Transport} every call goes
 * through, {@link dev.revsync.spi.TokenProvider}s and {@link dev.revsync.spi.ResponseClassifier}s
 * that tell it about the vendor, streaming readers for JSON, CSV and SOAP ({@link
 * dev.revsync.spi.Json}, {@link dev.revsync.spi.CsvRows}, {@link dev.revsync.spi.SoapReader}), and
 * the shared bookkeeping of a sync, a job and a write ({@link dev.revsync.spi.SyncRun}, {@link
 * dev.revsync.spi.JobPoller}, {@link dev.revsync.spi.JobDownload}, {@link
 * dev.revsync.spi.WriteBatcher}).
 *
 * <h2>The REST kit</h2>
 *
 * <p>A REST connector is vendor knowledge on top of these pieces; none of it is written again:
 *
 * <ul>
 *   <li>{@link dev.revsync.spi.AbstractConnectorProvider}: the provider is its descriptor and an
 *       {@code open} function, a few lines.
 *   <li>{@link dev.revsync.spi.RestConnector}: a connector's base class; descriptor, usage, close
 *       and {@code toString} come from the transport, with {@code get}/{@code send} below the base
 *       URL, {@code requireObject}/{@code requireWrite}, {@code pull} (a pager inside a {@link
 *       dev.revsync.spi.SyncRun}) and {@code verified} (a {@link dev.revsync.VerifyResult} with the
 *       system's usage as last reported).
 *   <li>{@link dev.revsync.spi.Settings}: reads the connection's settings against the descriptor's
 *       {@link dev.revsync.ConfigKey}s (required keys, numbers, booleans, choices, URLs, zones, the
 *       base URL) and reports every problem in one {@link dev.revsync.ConfigurationException}.
 *   <li>{@link dev.revsync.spi.Transport.Builder}: {@code tokenProvider} (see {@link
 *       dev.revsync.spi.TokenProviders}), {@code classifier} (the vendor's error bodies; delegate
 *       the rest to {@link dev.revsync.spi.ResponseClassifier#standard()}), {@code usage} (a {@link
 *       dev.revsync.spi.UsageReader} for the vendor's "calls left today" header, fed to the {@link
 *       dev.revsync.QuotaPolicy}; a usage body goes to {@link
 *       dev.revsync.spi.Transport#reportSystemUsage}), and {@code header} for per-connection vendor
 *       headers (a business-unit id, an API version). Every call sends {@code User-Agent:
 *       revsync/<version>}.
 *   <li>{@link dev.revsync.spi.CursorPager}: incremental pulls by {@code (modifiedAt, id)} or by
 *       next-page tokens, checkpointed after every page; the connector writes one {@link
 *       dev.revsync.spi.CursorPager.ShapedFetcher} that reads a page from a position against a
 *       typed {@link dev.revsync.spi.RecordShape} (the pager makes the records: values typed, no
 *       map per record), or a {@link dev.revsync.spi.CursorPager.Fetcher} that hands over records
 *       it made itself.
 *   <li>{@link dev.revsync.spi.Values}: instants (ISO-8601 in the vendors' spellings, epoch seconds
 *       and milliseconds), dates, integers, exact decimals and lenient booleans from text, and
 *       {@link dev.revsync.spi.Values#read} to turn a bad value into a {@link
 *       dev.revsync.ProtocolException}.
 *   <li>{@link dev.revsync.spi.Json} to stream pages; {@link dev.revsync.spi.WriteBatcher} for
 *       writes, its {@link dev.revsync.spi.WriteBatcher.Outcomes} to collect a batch's per-record
 *       results in order.
 * </ul>
 *
 * <p>The example connector in the testkit's tests ({@code
 * dev.revsync.testkit.example.AcmeConnector}) is a whole REST connector written this way in under
 * 150 lines, its provider included; copy it. A connector module is laid out like its siblings:
 * package {@code dev.revsync.<vendor>}, the provider its only public type, and {@code <V>Config}
 * (keys, descriptor), {@code <V>Connector}, {@code <V>Auth}, {@code <V>Errors} (classifier), one
 * {@code <V><Style>Client} per API style, {@code <V>Sync}, {@code <V>Write}, {@code RecordMapping},
 * with its contract test in the same package.
 *
 * <h2>Which activity a call counts against</h2>
 *
 * <p>Every call names an {@link dev.revsync.Activity}; the budget, the write reserve and {@link
 * dev.revsync.Usage} count it there:
 *
 * <ul>
 *   <li>{@code verify()}: {@link dev.revsync.Activity#LOGIN};
 *   <li>{@code discover()} and every describe or metadata call, inside a sync or not, and every
 *       call of a pull (pages, bulk jobs, polls, downloads): {@link dev.revsync.Activity#SYNC};
 *   <li>{@code write()}: the request's activity, {@link dev.revsync.Activity#ENRICHMENT} or {@link
 *       dev.revsync.Activity#SCORE_EXPORT}, including the job calls a write makes;
 *   <li>token requests: against the activity of the call that needed the token, reported as {@link
 *       dev.revsync.Activity#LOGIN} usage (the transport does this).
 * </ul>
 *
 * <p>Hosts do not need this package: a shared budget plugs in as a {@link dev.revsync.QuotaLedger},
 * and the daily runtime is {@link dev.revsync.pipeline}. It evolves by adding default methods, so
 * connectors written against an older revsync keep compiling.
 */
package dev.revsync.spi;
