package dev.revsync.spi;

import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.RevsyncException;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Pages through a REST collection by modification time, so a connector supplies only "fetch one
 * page from this position" and gets incremental pulls that lose nothing and repeat nothing beyond
 * the page in flight, resumable from a checkpoint after every page. With a typed {@link
 * RecordShape} (once per sync: names, types and converters resolved once) the fetcher only reads
 * each page against the shape ({@link ShapedFetcher}), and the pager makes the records ({@link
 * RecordShape#toRecord}: keys matched as bytes, values typed, no map per record):
 *
 * <pre>{@code
 * RecordShape shape = RecordShape.builder("contacts")
 *     .fields(schema, fieldNames).id("id").modifiedAt("updated_at").deleted("deleted").build();
 * return SyncRun.run(transport, config.clock(), request, sink, run ->
 *     CursorPager.exclusive().pull(run, shape, (from, values) -> {
 *       HttpUrl.Builder url = base.newBuilder("contacts").addQueryParameter("limit", "100");
 *       if (from.since() != null) url.addQueryParameter("updated_since", from.since().toString());
 *       if (from.afterId() != null) url.addQueryParameter("after_id", from.afterId());
 *       Json.Page page = transport.execute(Activity.SYNC, ApiStyle.REST, get(url),
 *           r -> Json.readPage(r.body().source(), "data", shape, values, SYSTEM, CALL));
 *       return page.bool("has_more", false) ? CursorPager.Page.more() : CursorPager.Page.last();
 *     }));
 * }</pre>
 *
 * <p>A connector whose records need more than a typed shape gives (a tombstone row of another form,
 * say) hands over {@link Record}s itself through a {@link Fetcher}, made with {@link
 * RecordShape#record} or from a {@code Json.readPage} map.
 *
 * <p><b>The cursor</b> is the greatest {@code (modifiedAt, id)} handed over: records are ordered by
 * modification time, ties broken by id, so equal timestamps at a page boundary lose nothing. The
 * fetcher asks the vendor for records after {@link Position#since()} and {@link
 * Position#afterId()}. Where the vendor can only filter {@code modified >= since}, use {@link
 * #inclusive()}: the pager drops what it already handed over (and fails rather than loops when more
 * than a page shares one timestamp).
 *
 * <p><b>Next-page tokens</b> ({@link Page#next(String)}: an {@code after} value, a next link) are
 * followed as the vendor issues them; the checkpoint keeps the token together with the cursor the
 * token's query started from, and the highest {@code (modifiedAt, id)} seen so far. The cursor
 * moves to that high-water mark when the chain ends. A token the vendor no longer honours ({@link
 * TokenExpired}, thrown by the classifier or the fetcher) restarts the query from the cursor it was
 * issued for.
 *
 * <p>Every page ends with a {@link SyncRun#checkpoint(Checkpoint)} (when the position moved), and
 * the next starts with {@link SyncRun#checkContinue()}, so budget exhaustion (QUOTA_EXHAUSTED), the
 * deadline (WINDOW_CLOSED) and cancellation end the pull with the last page's checkpoint, as {@link
 * SyncRun} describes. Checkpoint keys: {@link Checkpoint#CURSOR} (an ISO-8601 instant), {@link
 * Checkpoint#CURSOR_ID}, {@link #PAGE_TOKEN}, {@link #HIGH_WATER}, {@link #HIGH_WATER_ID}.
 *
 * <p>Immutable and thread-safe; a pull runs on the sync's thread.
 */
public final class CursorPager {
  /** Checkpoint key: the next-page token of an unfinished token chain. */
  public static final String PAGE_TOKEN = "pageToken";

  /** Checkpoint keys: the greatest {@code (modifiedAt, id)} seen in an unfinished token chain. */
  public static final String HIGH_WATER = "highWater";

  public static final String HIGH_WATER_ID = "highWaterId";

  /**
   * Where the next page starts. A token, when present, is what the vendor wants; the cursor is what
   * it was issued for.
   */
  public record Position(Instant since, String afterId, String pageToken) {}

  /** What one page said about the next. Immutable. */
  public static final class Page {
    private static final Page LAST = new Page(false, null, -1);
    private static final Page MORE = new Page(true, null, -1);

    final boolean more;
    final String nextToken;
    final long backlog;

    private Page(boolean more, String nextToken, long backlog) {
      this.more = more;
      this.nextToken = nextToken;
      this.backlog = backlog;
    }

    /** The last page: the pull is complete. */
    public static Page last() {
      return LAST;
    }

    /** More pages follow, from the cursor of the last record handed over. */
    public static Page more() {
      return MORE;
    }

    /** More pages follow, fetched with {@code token}; null or empty means this was the last. */
    public static Page next(String token) {
      return token == null || token.isEmpty() ? LAST : new Page(true, token, -1);
    }

    /**
     * This page, saying how many records are still to come (the vendor's total, say), for the
     * backlog estimate.
     */
    public Page remaining(long records) {
      return new Page(more, nextToken, records);
    }
  }

  /** Fetches one page. */
  @FunctionalInterface
  public interface Fetcher {
    /**
     * Fetches the page at {@code from} through the transport, handing each of its records to {@code
     * records} in the vendor's order as they are parsed, and says what comes next. A retried call
     * may hand records over again; the pager and the sink tolerate it.
     */
    Page fetch(Position from, Consumer<Record> records) throws IOException;
  }

  /**
   * Fetches one page, reading its records against the pull's {@link RecordShape} ({@link
   * CursorPager#pull(SyncRun, RecordShape, ShapedFetcher)}).
   */
  @FunctionalInterface
  public interface ShapedFetcher {
    /**
     * Fetches the page at {@code from} through the transport, handing each record's raw values to
     * {@code values} in the vendor's order as they are parsed (as {@link
     * Json#readPage(okio.BufferedSource, String, RecordShape, Json.ValuesHandler, String, String)}
     * does), and says what comes next.
     */
    Page fetch(Position from, Json.ValuesHandler values) throws IOException;
  }

  /** The vendor no longer honours a next-page token: the pager restarts from the token's cursor. */
  public static final class TokenExpired extends RevsyncException {
    private static final long serialVersionUID = 1L;

    public TokenExpired(String system, String call, String problem) {
      super(
          system,
          call,
          problem,
          "The pull restarts from the cursor the token was issued for",
          null);
    }
  }

  private final boolean inclusive;
  private final Comparator<String> idOrder;
  private final boolean tokensInCursorOrder;

  private CursorPager(boolean inclusive, Comparator<String> idOrder, boolean tokensInCursorOrder) {
    this.inclusive = inclusive;
    this.idOrder = idOrder;
    this.tokensInCursorOrder = tokensInCursorOrder;
  }

  /** For vendors that filter strictly after {@code (since, afterId)}. */
  public static CursorPager exclusive() {
    return new CursorPager(false, Comparator.naturalOrder(), false);
  }

  /**
   * For vendors that filter {@code modified >= since}: what was already handed over is dropped
   * here.
   */
  public static CursorPager inclusive() {
    return new CursorPager(true, Comparator.naturalOrder(), false);
  }

  /**
   * This pager breaking timestamp ties in the vendor's id order (numeric ids, say); default: string
   * order.
   */
  public CursorPager idOrder(Comparator<String> idOrder) {
    return new CursorPager(
        inclusive, Objects.requireNonNull(idOrder, "idOrder"), tokensInCursorOrder);
  }

  /**
   * This pager for vendors whose next-page tokens walk the query in {@code (modifiedAt, id)} order
   * (Pardot's {@code orderBy=updatedAt,id}): the cursor moves with every page, tokens or not, so a
   * token that expires restarts from the last record handed over instead of from where its query
   * began, and nothing before it is fetched again.
   *
   * @since 0.2
   */
  public CursorPager tokensInCursorOrder() {
    return new CursorPager(inclusive, idOrder, true);
  }

  /** Ids that are whole numbers, ordered as numbers ({@code 9 < 10}). */
  public static final Comparator<String> NUMERIC_IDS =
      Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

  /**
   * Pulls every page from the run's checkpoint on, emitting records to the run and checkpointing
   * after each page.
   *
   * @throws IOException as the fetcher throws it (the run turns it into FAILED)
   */
  public void pull(SyncRun run, Fetcher fetcher) throws IOException {
    Checkpoint start = run.checkpoint();
    String call = "sync " + run.request().object();
    Cursor base =
        new Cursor(
            instant(start.get(Checkpoint.CURSOR), run, call), start.get(Checkpoint.CURSOR_ID));
    Cursor high = new Cursor(instant(start.get(HIGH_WATER), run, call), start.get(HIGH_WATER_ID));
    if (high.since == null) high = base;
    String token = emptyToNull(start.get(PAGE_TOKEN));
    boolean restarted = false;
    while (true) {
      run.checkContinue();
      PageState state = new PageState(base, high);
      Page page;
      try {
        page =
            fetcher.fetch(
                new Position(base.since, base.id, token), record -> state.accept(run, record));
      } catch (TokenExpired e) {
        if (token == null || restarted) throw e;
        // The chain starts again from the cursor it was issued for; what it repeats is
        // at-least-once.
        token = null;
        restarted = true;
        high = state.high;
        continue;
      }
      restarted = false;
      high = state.high;
      if (page.backlog >= 0) run.backlogEstimate(page.backlog);
      if (page.nextToken != null) {
        token = page.nextToken;
        if (tokensInCursorOrder) base = high;
      } else {
        if (page.more && high.equals(base)) {
          if (state.received == 0)
            page = Page.last(); // an empty page that says "more": nothing left to page
          else throw stuck(run, call, base, state.received);
        }
        token = null;
        base = high;
      }
      checkpoint(run, base, high, token);
      if (!page.more) return;
    }
  }

  /**
   * {@link #pull(SyncRun, Fetcher)} with the records made by {@code shape} (a typed shape, {@link
   * RecordShape#builder}) from the raw values {@code fetcher} reads.
   *
   * @throws IOException as the fetcher throws it (the run turns it into FAILED)
   */
  public void pull(SyncRun run, RecordShape shape, ShapedFetcher fetcher) throws IOException {
    String call = "sync " + run.request().object();
    pull(
        run,
        (from, records) ->
            fetcher.fetch(
                from, values -> records.accept(shape.toRecord(values, run.system(), call))));
  }

  private void checkpoint(SyncRun run, Cursor base, Cursor high, String token) {
    Checkpoint next = run.checkpoint().without(PAGE_TOKEN, HIGH_WATER, HIGH_WATER_ID);
    next =
        base.since == null
            ? next.without(Checkpoint.CURSOR, Checkpoint.CURSOR_ID)
            : with(
                next.with(Checkpoint.CURSOR, base.since.toString()), Checkpoint.CURSOR_ID, base.id);
    if (token != null) {
      next = next.with(PAGE_TOKEN, token);
      if (high.since != null)
        next = with(next.with(HIGH_WATER, high.since.toString()), HIGH_WATER_ID, high.id);
    }
    if (!next.equals(run.checkpoint())) run.checkpoint(next);
  }

  private static Checkpoint with(Checkpoint c, String key, String value) {
    return value == null ? c.without(key) : c.with(key, value);
  }

  private ProtocolException stuck(SyncRun run, String call, Cursor at, long received) {
    return new ProtocolException(
        run.system(),
        call,
        "a page of "
            + received
            + " records brought nothing after "
            + at.since
            + " / "
            + at.id
            + ": more records share that modification time than a page holds and the "
            + "vendor cannot page past them by id",
        "Ask for larger pages, or page this object with next-page tokens",
        null);
  }

  private static Instant instant(String value, SyncRun run, String call) {
    if (value == null || value.isEmpty()) return null;
    try {
      return Values.instant(value);
    } catch (DateTimeException e) {
      throw new ConfigurationException(
          run.system(),
          call,
          "the checkpoint's cursor is not an ISO-8601 instant",
          "Pass the checkpoint this connector returned, or none for a full pull",
          e);
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** A {@code (modifiedAt, id)} position; both null before the first record. */
  private record Cursor(Instant since, String id) {}

  /** What one page handed over. */
  private final class PageState {
    private final Cursor base;
    Cursor high;
    long received;

    PageState(Cursor base, Cursor high) {
      this.base = base;
      this.high = high;
    }

    void accept(SyncRun run, Record record) {
      received++;
      Instant modified = record.modifiedAt();
      if (modified == null) {
        throw new ProtocolException(
            run.system(),
            "sync " + run.request().object(),
            "record " + record.id() + " has no modification time to page on",
            "Report this to the connector's author",
            null);
      }
      if (inclusive && compare(modified, record.id(), base) <= 0) return; // handed over before
      run.emit(record);
      if (compare(modified, record.id(), high) > 0) high = new Cursor(modified, record.id());
    }

    private int compare(Instant modified, String id, Cursor c) {
      if (c.since == null) return 1;
      int byTime = modified.compareTo(c.since);
      if (byTime != 0 || c.id == null) return byTime == 0 ? 1 : byTime;
      return idOrder.compare(id, c.id);
    }
  }
}
