package dev.revsync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import dev.revsync.QuotaExhaustedException;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CursorPagerTest {
  private static final Instant T0 = Instant.parse("2024-05-20T10:00:00Z");
  private static final int PAGE = 3;

  private final TestClock clock = TestClock.at("2024-05-21T00:30:00Z");
  private final FakeMeter meter = new FakeMeter("acme", 0);

  /** The vendor's records, ordered by (modifiedAt, id): ties straddle every page boundary. */
  private final List<Record> vendor = new ArrayList<>();

  private final List<String> received = new ArrayList<>();
  private final List<Checkpoint> checkpoints = new ArrayList<>();
  private final RecordSink sink =
      new RecordSink() {
        @Override
        public void accept(Record record) {
          received.add(record.id());
        }

        @Override
        public void checkpoint(Checkpoint checkpoint) {
          checkpoints.add(checkpoint);
        }
      };

  /** Page fetches so far; a fetch numbered {@code failAt} fails as the test says. */
  private int fetches;

  CursorPagerTest() {
    // 11 records, modified at T0+0 s (a, b, c, d), +1 s (e), +2 s (f, g, h, i, j), +3 s (k)
    int[] seconds = {0, 0, 0, 0, 1, 2, 2, 2, 2, 2, 3};
    for (int i = 0; i < seconds.length; i++)
      vendor.add(rec(String.valueOf((char) ('a' + i)), seconds[i]));
  }

  private static Record rec(String id, int second) {
    return Record.of("contacts", id, T0.plusSeconds(second), Map.of("n", id));
  }

  private static boolean after(Record r, CursorPager.Position from) {
    if (from.since() == null) return true;
    int c = r.modifiedAt().compareTo(from.since());
    return c > 0 || (c == 0 && (from.afterId() == null || r.id().compareTo(from.afterId()) > 0));
  }

  /** A vendor filtering strictly after (since, afterId), pages of {@link #PAGE}, has_more. */
  private CursorPager.Page exclusivePage(CursorPager.Position from, Consumer<Record> records) {
    fetches++;
    meter.calls++;
    List<Record> match = vendor.stream().filter(r -> after(r, from)).toList();
    match.stream().limit(PAGE).forEach(records);
    return match.size() > PAGE
        ? CursorPager.Page.more().remaining(match.size() - PAGE)
        : CursorPager.Page.last();
  }

  /** A vendor filtering modified >= since only. */
  private CursorPager.Page inclusivePage(CursorPager.Position from, Consumer<Record> records) {
    fetches++;
    List<Record> match =
        vendor.stream()
            .filter(r -> from.since() == null || !r.modifiedAt().isBefore(from.since()))
            .toList();
    match.stream().limit(PAGE).forEach(records);
    return match.size() > PAGE ? CursorPager.Page.more() : CursorPager.Page.last();
  }

  /**
   * A vendor paging a query (modified after since) by tokens, in id order descending (not by time).
   */
  private CursorPager.Page tokenPage(CursorPager.Position from, Consumer<Record> records) {
    fetches++;
    List<Record> match = new ArrayList<>(vendor.stream().filter(r -> after(r, from)).toList());
    match.sort(Comparator.comparing(Record::id).reversed());
    int offset =
        from.pageToken() == null
            ? 0
            : Integer.parseInt(from.pageToken().substring("tok-".length()));
    match.stream().skip(offset).limit(PAGE).forEach(records);
    return offset + PAGE < match.size()
        ? CursorPager.Page.next("tok-" + (offset + PAGE))
        : CursorPager.Page.last();
  }

  private SyncResult pull(CursorPager pager, Checkpoint from, CursorPager.Fetcher fetcher) {
    return pull(pager, SyncRequest.builder("contacts").checkpoint(from).build(), fetcher);
  }

  private SyncResult pull(CursorPager pager, SyncRequest request, CursorPager.Fetcher fetcher) {
    return SyncRun.run(meter, clock, request, sink, run -> pager.pull(run, fetcher));
  }

  private List<String> allIds() {
    return vendor.stream().map(Record::id).toList();
  }

  @Test
  void equalTimestampsAtPageBoundariesLoseNothingAndEveryPageIsCheckpointed() {
    SyncResult result = pull(CursorPager.exclusive(), Checkpoint.EMPTY, this::exclusivePage);

    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(received).containsExactlyElementsOf(allIds());
    assertThat(fetches).isEqualTo(4);
    assertThat(result.callsSpent()).isEqualTo(4);
    assertThat(checkpoints).hasSize(4);
    assertThat(checkpoints.get(0).get(Checkpoint.CURSOR)).isEqualTo(T0.toString());
    assertThat(checkpoints.get(0).get(Checkpoint.CURSOR_ID)).isEqualTo("c");
    assertThat(checkpoints.get(1).get(Checkpoint.CURSOR)).isEqualTo(T0.plusSeconds(2).toString());
    assertThat(checkpoints.get(1).get(Checkpoint.CURSOR_ID)).isEqualTo("f");
    assertThat(result.checkpoint().get(Checkpoint.CURSOR_ID)).isEqualTo("k");
  }

  @Test
  void anIncrementalPullFromTheFinalCheckpointBringsOnlyWhatChanged() {
    Checkpoint done =
        pull(CursorPager.exclusive(), Checkpoint.EMPTY, this::exclusivePage).checkpoint();
    received.clear();
    vendor.remove(0);
    vendor.add(
        rec(
            "a",
            3)); // a changed in the same second as k: after k by id? no, "a" < "k": ties break on
    // id
    vendor.add(rec("z", 3));
    vendor.add(rec("b2", 4));
    vendor.sort(Comparator.comparing(Record::modifiedAt).thenComparing(Record::id));

    SyncResult result = pull(CursorPager.exclusive(), done, this::exclusivePage);

    // "a" at +3 s sorts before the checkpoint's (k, +3 s): a vendor ordering by (time, id) never
    // returns it,
    // which is why vendors' modification times move forward on change; z and b2 are new.
    assertThat(received).containsExactly("z", "b2");
    assertThat(result.checkpoint().get(Checkpoint.CURSOR_ID)).isEqualTo("b2");
  }

  @Test
  void budgetExhaustedMidPullEndsWithTheLastPagesCheckpointAndTheNextRunResumesThere() {
    CursorPager.Fetcher failingThird =
        (from, records) -> {
          if (fetches == 2) {
            records.accept(
                vendor.get(6)); // the page in flight hands over a record before the budget runs out
            throw new QuotaExhaustedException(
                "acme", "GET /contacts", "today's API budget is spent", T0.plusSeconds(86_400));
          }
          return exclusivePage(from, records);
        };
    SyncResult first = pull(CursorPager.exclusive(), Checkpoint.EMPTY, failingThird);

    assertThat(first.status()).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    assertThat(first.checkpoint().get(Checkpoint.CURSOR_ID)).isEqualTo("f");
    assertThat(first.backlogRecords()).hasValue(5);
    assertThat(received).hasSize(7);

    SyncResult second = pull(CursorPager.exclusive(), first.checkpoint(), this::exclusivePage);
    assertThat(second.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(received)
        .containsExactly("a", "b", "c", "d", "e", "f", "g", "g", "h", "i", "j", "k");
  }

  @Test
  void theDeadlineAndCancellationStopBetweenPagesWithTheLastCheckpoint() {
    SyncRequest windowed =
        SyncRequest.builder("contacts").deadline(clock.instant().plusSeconds(60)).build();
    SyncResult closed =
        pull(
            CursorPager.exclusive(),
            windowed,
            (from, records) -> {
              CursorPager.Page page = exclusivePage(from, records);
              clock.advance(Duration.ofSeconds(45));
              return page;
            });
    assertThat(closed.status()).isEqualTo(SyncResult.Status.WINDOW_CLOSED);
    assertThat(closed.checkpoint().get(Checkpoint.CURSOR_ID)).isEqualTo("f");
    assertThat(fetches).isEqualTo(2);

    boolean[] cancel = {false};
    SyncRequest cancellable = SyncRequest.builder("contacts").cancelWhen(() -> cancel[0]).build();
    SyncResult cancelled =
        pull(
            CursorPager.exclusive(),
            cancellable,
            (from, records) -> {
              cancel[0] = true;
              return exclusivePage(from, records);
            });
    assertThat(cancelled.status()).isEqualTo(SyncResult.Status.CANCELLED);
    assertThat(cancelled.checkpoint().get(Checkpoint.CURSOR_ID)).isEqualTo("c");
  }

  @Test
  void anInclusiveFilterHasWhatWasHandedOverDroppedHere() {
    vendor.clear();
    int[] seconds = {
      0, 0, 1, 1, 2, 3, 3, 4, 5, 5, 6
    }; // fewer ties than a page: the vendor's ">=" can move on
    for (int i = 0; i < seconds.length; i++)
      vendor.add(rec(String.valueOf((char) ('a' + i)), seconds[i]));
    SyncResult result = pull(CursorPager.inclusive(), Checkpoint.EMPTY, this::inclusivePage);
    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(received).containsExactlyElementsOf(allIds());
  }

  @Test
  void anInclusiveFilterStuckOnMoreTiesThanAPageFailsInsteadOfLooping() {
    vendor.add(4, rec("c2", 0)); // five records now share T0: a page of three cannot get past them
    vendor.add(5, rec("c3", 0));
    vendor.sort(Comparator.comparing(Record::modifiedAt).thenComparing(Record::id));
    SyncResult result = pull(CursorPager.inclusive(), Checkpoint.EMPTY, this::inclusivePage);
    assertThat(result.status()).isEqualTo(SyncResult.Status.FAILED);
    assertThat(result.failure())
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("more records share that modification time than a page holds");
    assertThat(fetches).isEqualTo(2);
  }

  @Test
  void tokenPagesCheckpointTheTokenWithItsCursorAndMoveTheCursorToTheHighWaterMarkAtTheEnd() {
    SyncResult result = pull(CursorPager.exclusive(), Checkpoint.EMPTY, this::tokenPage);

    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(received).containsExactlyInAnyOrderElementsOf(allIds()).hasSize(11);
    Checkpoint mid = checkpoints.get(0);
    assertThat(mid.get(CursorPager.PAGE_TOKEN)).isEqualTo("tok-3");
    assertThat(mid.get(Checkpoint.CURSOR)).as("the cursor the token was issued for: none").isNull();
    assertThat(mid.get(CursorPager.HIGH_WATER_ID)).isEqualTo("k");
    assertThat(result.checkpoint().entries())
        .containsOnlyKeys(Checkpoint.CURSOR, Checkpoint.CURSOR_ID);
    assertThat(result.checkpoint().get(Checkpoint.CURSOR)).isEqualTo(T0.plusSeconds(3).toString());
    assertThat(result.checkpoint().get(Checkpoint.CURSOR_ID)).isEqualTo("k");
  }

  @Test
  void aPullResumedMidTokenChainGoesOnWithTheTokenAndKeepsTheHighWaterMark() {
    Checkpoint mid =
        Checkpoint.EMPTY
            .with(CursorPager.PAGE_TOKEN, "tok-3")
            .with(CursorPager.HIGH_WATER, T0.plusSeconds(3).toString())
            .with(CursorPager.HIGH_WATER_ID, "k");
    SyncResult result = pull(CursorPager.exclusive(), mid, this::tokenPage);
    assertThat(received).containsExactly("h", "g", "f", "e", "d", "c", "b", "a");
    assertThat(result.checkpoint().get(Checkpoint.CURSOR_ID)).isEqualTo("k");
  }

  @Test
  void anExpiredTokenRestartsFromTheCursorItWasIssuedFor() {
    Checkpoint base =
        Checkpoint.EMPTY
            .with(Checkpoint.CURSOR, T0.plusSeconds(1).toString())
            .with(Checkpoint.CURSOR_ID, "e")
            .with(CursorPager.PAGE_TOKEN, "tok-stale");
    List<CursorPager.Position> asked = new ArrayList<>();
    SyncResult result =
        pull(
            CursorPager.exclusive(),
            base,
            (from, records) -> {
              asked.add(from);
              if ("tok-stale".equals(from.pageToken()))
                throw new CursorPager.TokenExpired("acme", "GET /contacts", "after expired");
              return tokenPage(from, records);
            });
    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(asked.get(1)).isEqualTo(new CursorPager.Position(T0.plusSeconds(1), "e", null));
    assertThat(received).containsExactly("k", "j", "i", "h", "g", "f");
    assertThat(result.checkpoint().get(Checkpoint.CURSOR_ID)).isEqualTo("k");
  }

  @Test
  void anEmptyPageThatSaysMoreEndsThePull() {
    SyncResult result =
        pull(
            CursorPager.exclusive(),
            Checkpoint.EMPTY,
            (from, records) -> {
              fetches++;
              return CursorPager.Page.more();
            });
    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(fetches).isEqualTo(1);
    assertThat(checkpoints).isEmpty();
  }

  @Test
  void numericIdsBreakTiesAsNumbers() {
    vendor.clear();
    for (String id : List.of("9", "10", "11")) vendor.add(Record.of("contacts", id, T0, Map.of()));
    SyncResult result =
        pull(
            CursorPager.inclusive().idOrder(CursorPager.NUMERIC_IDS),
            Checkpoint.EMPTY,
            (from, records) -> {
              fetches++;
              vendor.stream()
                  .filter(
                      r ->
                          from.afterId() == null
                              || CursorPager.NUMERIC_IDS.compare(r.id(), from.afterId()) > 0)
                  .limit(2)
                  .forEach(records);
              return fetches < 3 ? CursorPager.Page.more() : CursorPager.Page.last();
            });
    assertThat(received).containsExactly("9", "10", "11");
    assertThat(result.checkpoint().get(Checkpoint.CURSOR_ID)).isEqualTo("11");
  }

  @Test
  void aCheckpointWhoseCursorIsNotAnInstantIsTheHostsConfigurationProblem() {
    assertThatThrownBy(
            () ->
                pull(
                    CursorPager.exclusive(),
                    Checkpoint.EMPTY.with(Checkpoint.CURSOR, "yesterday"),
                    this::exclusivePage))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not an ISO-8601 instant");
  }

  /**
   * A vendor paging a query (modified >= since) by tokens in (modifiedAt, id) order, as Pardot's
   * orderBy=updatedAt,id.
   */
  private CursorPager.Page orderedTokenPage(CursorPager.Position from, Consumer<Record> records) {
    fetches++;
    List<Record> match =
        vendor.stream()
            .filter(r -> from.since() == null || !r.modifiedAt().isBefore(from.since()))
            .toList();
    int offset =
        from.pageToken() == null
            ? 0
            : Integer.parseInt(from.pageToken().substring("tok-".length()));
    match.stream().skip(offset).limit(PAGE).forEach(records);
    return offset + PAGE < match.size()
        ? CursorPager.Page.next("tok-" + (offset + PAGE))
        : CursorPager.Page.last();
  }

  @Test
  void
      tokensInCursorOrderMoveTheCursorEveryPageSoAnExpiredTokenRestartsFromTheLastRecordHandedOver() {
    CursorPager pager = CursorPager.inclusive().tokensInCursorOrder();
    List<CursorPager.Position> asked = new ArrayList<>();
    SyncResult result =
        pull(
            pager,
            Checkpoint.EMPTY,
            (from, records) -> {
              asked.add(from);
              if (fetches == 2 && from.pageToken() != null) {
                fetches++;
                throw new CursorPager.TokenExpired("acme", "GET /contacts", "token expired");
              }
              return orderedTokenPage(from, records);
            });
    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(checkpoints.get(0).get(Checkpoint.CURSOR_ID))
        .as("the cursor moved with the token page")
        .isEqualTo("c");
    assertThat(checkpoints.get(0).get(CursorPager.PAGE_TOKEN)).isEqualTo("tok-3");
    assertThat(asked.get(3))
        .as("after the refusal: a new query from the last record handed over")
        .isEqualTo(new CursorPager.Position(T0.plusSeconds(2), "f", null));
    assertThat(received).as("nothing handed over twice").containsExactlyElementsOf(allIds());
    assertThat(result.checkpoint().get(Checkpoint.CURSOR_ID)).isEqualTo("k");
  }

  @Test
  void aShapedPullMakesTheRecordsFromTheFetchersValuesAndPagesOnThem() {
    RecordShape shape =
        RecordShape.builder("contacts")
            .field("n", FieldType.INTEGER)
            .id("id")
            .modifiedAt("at")
            .build();
    CursorPager.ShapedFetcher fetcher =
        (from, values) -> {
          fetches++;
          List<Record> page = vendor.stream().filter(r -> after(r, from)).limit(PAGE).toList();
          for (Record r : page)
            values.values(
                new Object[] {String.valueOf(r.id().length()), r.id(), r.modifiedAt().toString()});
          return page.size() == PAGE ? CursorPager.Page.more() : CursorPager.Page.last();
        };

    SyncResult result =
        SyncRun.run(
            meter,
            clock,
            SyncRequest.builder("contacts").build(),
            sink,
            run -> CursorPager.exclusive().pull(run, shape, fetcher));

    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(received).containsExactlyElementsOf(allIds());
    assertThat(checkpoints).isNotEmpty();
  }
}
