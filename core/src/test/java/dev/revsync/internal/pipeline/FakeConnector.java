package dev.revsync.internal.pipeline;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.Catalog;
import dev.revsync.Checkpoint;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;
import dev.revsync.QuotaPolicy;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.RevsyncException;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.TestClock;
import dev.revsync.Usage;
import dev.revsync.VendorApiException;
import dev.revsync.VerifyResult;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connector over {@link FakeSource}s that behaves like a real one where the pipeline can tell:
 * one LOGIN call per opened connection, one SYNC call per page, one write call per batch, each
 * asked of the config's {@link QuotaPolicy} first; the clock moves {@code perPage} per page; the
 * deadline and cancellation are checked between pages; the last page says it is the last (as
 * Salesforce's {@code done: true}), so no empty page is fetched. Thread-safe.
 */
public final class FakeConnector implements Connector {

  /** Test hooks, called on the syncing thread. */
  public interface Hooks {
    default void syncStarted(ConnectionConfig config, SyncRequest request) {}

    /** Page {@code page} (from 1 within this sync) was fetched. */
    default void pageFetched(String object, int page) {}

    /** Record {@code index} (from 0) of page {@code page} went to the sink. */
    default void recordAccepted(String object, int page, int index) {}

    default void syncEnded(ConnectionConfig config, SyncResult result) {}
  }

  public static final ConnectorDescriptor DESCRIPTOR =
      ConnectorDescriptor.builder("fake", "Fake CRM")
          .apiStyles(Activity.LOGIN, ApiStyle.REST)
          .apiStyles(Activity.SYNC, ApiStyle.REST)
          .apiStyles(Activity.ENRICHMENT, ApiStyle.SOAP)
          .apiStyles(Activity.SCORE_EXPORT, ApiStyle.SOAP)
          .build();

  private final ConnectionConfig config;
  private final Map<String, FakeSource> sources;
  private final int pageSize;
  private final int batchSize;
  private final Duration perPage;
  private final boolean ignoreDeadline;
  private final Hooks hooks;
  private final List<WriteItem> written;
  private final Map<Activity, Long> byActivity = new EnumMap<>(Activity.class);
  private final Map<ApiStyle, Long> byStyle = new EnumMap<>(ApiStyle.class);
  private LocalDate usageDay;
  private boolean loggedIn;

  FakeConnector(
      ConnectionConfig config,
      Map<String, FakeSource> sources,
      int pageSize,
      int batchSize,
      Duration perPage,
      boolean ignoreDeadline,
      Hooks hooks,
      List<WriteItem> written) {
    this.config = config;
    this.sources = sources;
    this.pageSize = pageSize;
    this.batchSize = batchSize;
    this.perPage = perPage;
    this.ignoreDeadline = ignoreDeadline;
    this.hooks = hooks;
    this.written = written;
  }

  /** A provider of fake connectors over shared sources; counts what it opened. */
  public static final class Provider implements ConnectorProvider {
    public final Map<String, FakeSource> sources = new ConcurrentHashMap<>();
    public final List<WriteItem> written = new CopyOnWriteArrayList<>();
    public final AtomicInteger opened = new AtomicInteger();
    public volatile int pageSize = 10;
    public volatile int batchSize = 10;
    public volatile Duration perPage = Duration.ofMinutes(1);
    public volatile boolean ignoreDeadline;
    public volatile Hooks hooks = new Hooks() {};

    public Provider source(FakeSource source) {
      sources.put(source.object(), source);
      return this;
    }

    @Override
    public ConnectorDescriptor descriptor() {
      return DESCRIPTOR;
    }

    @Override
    public Connector open(ConnectionConfig config) {
      opened.incrementAndGet();
      return new FakeConnector(
          config, sources, pageSize, batchSize, perPage, ignoreDeadline, hooks, written);
    }
  }

  @Override
  public ConnectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public VerifyResult verify() {
    throw new UnsupportedOperationException("not needed by the pipeline");
  }

  @Override
  public Catalog discover() {
    throw new UnsupportedOperationException("not needed by the pipeline");
  }

  @Override
  public SyncResult sync(SyncRequest request, RecordSink sink) {
    FakeSource source = sources.get(request.object());
    if (source == null) {
      throw new VendorApiException(
          "fake",
          "GET /query " + request.object(),
          404,
          "NOT_FOUND",
          "no object named '" + request.object() + "'",
          "Check the object name");
    }
    hooks.syncStarted(config, request);
    long calls = 0;
    long records = 0;
    Checkpoint checkpoint = request.checkpoint();
    SyncResult.Status status;
    RevsyncException failure = null;
    int page = 0;
    try {
      if (!loggedIn) {
        if (!call(Activity.LOGIN))
          return end(
              hooks, request, SyncResult.Status.QUOTA_EXHAUSTED, 0, 0, checkpoint, source, null);
        calls++;
        loggedIn = true;
      }
      while (true) {
        Instant now = config.clock().instant();
        if (!ignoreDeadline && request.deadline() != null && !now.isBefore(request.deadline())) {
          status = SyncResult.Status.WINDOW_CLOSED;
          break;
        }
        if (request.isCancelled()) {
          status = SyncResult.Status.CANCELLED;
          break;
        }
        if (!call(Activity.SYNC)) {
          status = SyncResult.Status.QUOTA_EXHAUSTED;
          break;
        }
        calls++;
        page++;
        List<Record> rows = source.page(checkpoint, pageSize);
        if (config.clock() instanceof TestClock fake) fake.advance(perPage);
        hooks.pageFetched(request.object(), page);
        for (int i = 0; i < rows.size(); i++) {
          sink.accept(rows.get(i));
          records++;
          hooks.recordAccepted(request.object(), page, i);
        }
        if (!rows.isEmpty()) {
          checkpoint = FakeSource.after(rows.get(rows.size() - 1));
          sink.checkpoint(checkpoint);
        }
        if (source.remainingAfter(checkpoint) == 0) {
          status = SyncResult.Status.COMPLETED;
          break;
        }
      }
    } catch (RuntimeException e) {
      status = SyncResult.Status.FAILED;
      failure = new RevsyncException("fake", "sink", "the host's sink failed: " + e, null, e);
    }
    return end(hooks, request, status, records, calls, checkpoint, source, failure);
  }

  private SyncResult end(
      Hooks hooks,
      SyncRequest request,
      SyncResult.Status status,
      long records,
      long calls,
      Checkpoint checkpoint,
      FakeSource source,
      RevsyncException failure) {
    SyncResult result =
        SyncResult.builder(request.object(), status)
            .records(records)
            .callsSpent(calls)
            .checkpoint(checkpoint)
            .backlogRecords(source.remainingAfter(checkpoint))
            .failure(failure)
            .build();
    hooks.syncEnded(config, result);
    return result;
  }

  @Override
  public WriteResult write(WriteRequest request) {
    List<WriteOutcome> outcomes = new ArrayList<>();
    List<WriteItem> items = request.items();
    long calls = 0;
    WriteResult.Status status = WriteResult.Status.COMPLETED;
    for (int start = 0; start < items.size(); start += batchSize) {
      int end = Math.min(items.size(), start + batchSize);
      if (status != WriteResult.Status.COMPLETED || !call(request.activity())) {
        status = WriteResult.Status.QUOTA_EXHAUSTED;
        for (int i = start; i < end; i++) outcomes.add(WriteOutcome.notSent(i, items.get(i).key()));
        continue;
      }
      calls++;
      for (int i = start; i < end; i++) {
        WriteItem item = items.get(i);
        written.add(item);
        outcomes.add(
            item.key().startsWith("bad")
                ? WriteOutcome.failed(
                    i,
                    item.key(),
                    null,
                    "INVALID_FIELD",
                    "Score__c: value out of range",
                    List.of("Score__c"))
                : WriteOutcome.succeeded(i, item.key(), "id-" + item.key(), false));
      }
    }
    return new WriteResult(request, status, outcomes, calls, null);
  }

  /** Asks the live policy for one call and counts it. */
  private synchronized boolean call(Activity activity) {
    Instant now = config.clock().instant();
    if (!config.quotaPolicy().tryAcquire(config.connectionId(), activity, now).granted())
      return false;
    LocalDate day = QuotaPolicy.dayOf(now);
    if (!day.equals(usageDay)) {
      usageDay = day;
      byActivity.clear();
      byStyle.clear();
    }
    byActivity.merge(activity, 1L, Long::sum);
    byStyle.merge(DESCRIPTOR.apiStyles(activity).get(0), 1L, Long::sum);
    return true;
  }

  @Override
  public synchronized Usage usage() {
    Instant now = config.clock().instant();
    QuotaPolicy policy = config.quotaPolicy();
    String id = config.connectionId();
    boolean today = QuotaPolicy.dayOf(now).equals(usageDay);
    return new Usage(
        QuotaPolicy.dayOf(now),
        policy.spent(id, now),
        policy.dailyLimit(),
        policy.remaining(id, Activity.SYNC, now),
        policy.remaining(id, Activity.ENRICHMENT, now),
        OptionalLong.empty(),
        today ? byActivity : Map.of(),
        today ? byStyle : Map.of(),
        QuotaPolicy.nextReset(now));
  }

  @Override
  public void close() {}
}
