package dev.revsync.simulators.dynamics;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.RecordStore;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.StreamingBodies;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;

/**
 * Collection reads: a query page of at most {@code odata.maxpagesize} (≤ 5,000) rows with an
 * absolute {@code @odata.nextLink} whose {@code $skiptoken} is an opaque paging cookie; {@code
 * $count}; {@code <set>/$count}; one row by id or alternate key; and change tracking: {@code
 * Prefer: odata.track-changes} answers the current rows and, on the last page, an
 * {@code @odata.deltaLink}; GETting it answers changed rows first and {@code $deletedEntity}
 * entries last, then a new deltaLink. Rows come in (modifiedon, id) order unless {@code $orderby}
 * asks otherwise, so rows changed while a client pages move behind its position and are served
 * again, never skipped. Thread-safe.
 */
final class QueryApi {
  /** Change-tracking phases of a delta: changed rows, then deletions. */
  private static final String CHANGES = "changes";

  private static final String DELETES = "deletes";
  private static final String INITIAL = "initial";

  private final RecordStore store;
  private final RecordJson json;
  private final DeltaTokens tokens;
  private final DynamicsSimulator.Settings settings;

  QueryApi(
      RecordStore store, RecordJson json, DeltaTokens tokens, DynamicsSimulator.Settings settings) {
    this.store = store;
    this.json = json;
    this.tokens = tokens;
    this.settings = settings;
  }

  /** What one page holds and how to go on. */
  private record Page(
      List<SimRecord> rows,
      List<SimRecord> deleted,
      PagingCookie next,
      String deltaToken,
      boolean delta) {}

  MockResponse list(EntityType type, HttpUrl url, Prefer prefer, String serviceRoot) {
    ODataQuery q = ODataQuery.parse(url, type);
    ObjectTable table = store.table(type.logicalName());
    PagingCookie cookie = null;
    if (q.skipToken() != null) {
      cookie = PagingCookie.decode(q.skipToken(), type.primaryId());
      if (cookie == null) {
        throw WebErrors.badRequest(
            "0x80040203",
            "Invalid argument: the $skiptoken paging cookie is malformed. Follow "
                + "@odata.nextLink exactly as it was returned.");
      }
    }
    // a nextLink says itself whether it pages a tracked query; the preference counts on a first
    // request only
    boolean tracking =
        cookie != null ? cookie.phase() != null : q.deltaToken() != null || prefer.trackChanges();
    int pageSize =
        prefer.maxPageSize() > 0 || q.top() < 0
            ? prefer.pageSize()
            : Math.min(q.top(), Prefer.MAX_PAGE);
    if (tracking && !settings.pageTrackedResults()) pageSize = Integer.MAX_VALUE;
    Page page;
    if (tracking) {
      if (!type.changeTracking()) {
        throw WebErrors.badRequest(
            WebErrors.VALIDATION,
            "Change tracking is not enabled for the entity '"
                + type.logicalName()
                + "'. Enable it with ChangeTrackingEnabled on the table's definition.");
      }
      String conflict = q.trackingConflict();
      if (conflict != null) {
        throw WebErrors.badRequest(
            WebErrors.UNKNOWN_PROPERTY,
            "The "
                + conflict
                + " query parameter isn't supported when Change Tracking is enabled.");
      }
      page = tracked(type, table, q, cookie, pageSize);
    } else if (q.scanOrder(type)) {
      page = scanned(type, table, q, cookie, pageSize, prefer.maxPageSize() > 0 ? -1 : q.top());
    } else {
      page = sorted(type, table, q, cookie, pageSize, prefer.maxPageSize() > 0 ? -1 : q.top());
    }
    return render(type, url, q, prefer, page, serviceRoot, tracking);
  }

  private Page scanned(
      EntityType type,
      ObjectTable table,
      ODataQuery q,
      PagingCookie cookie,
      int pageSize,
      int top) {
    Iterator<SimRecord> it;
    if (cookie != null && cookie.lastModified() != null) {
      it = table.scan(cookie.lastModified(), cookie.lastId(), false);
    } else if (q.filter() != null && q.filter().modifiedFrom() != null) {
      it = table.scan(q.filter().modifiedFrom().minusNanos(1), null, false);
    } else {
      it = table.scan(null, null, false);
    }
    int served = cookie == null ? 0 : (int) Math.min(Integer.MAX_VALUE, cookie.offset());
    int limit = top < 0 ? pageSize : Math.min(pageSize, top - served);
    List<SimRecord> rows = new ArrayList<>();
    boolean more = false;
    while (it.hasNext()) {
      SimRecord r = it.next();
      if (q.filter() != null && !q.filter().test(r)) continue;
      if (rows.size() >= limit) {
        more = true;
        break;
      }
      rows.add(r);
    }
    if (top >= 0 && served + rows.size() >= top) more = false;
    PagingCookie next = null;
    if (more && !rows.isEmpty()) {
      SimRecord last = rows.get(rows.size() - 1);
      int page = cookie == null ? 1 : cookie.page() + 1;
      next =
          new PagingCookie(
              page, last.modifiedAt(), last.id(), served + rows.size(), null, null, null);
    }
    return new Page(rows, List.of(), next, null, false);
  }

  private Page sorted(
      EntityType type,
      ObjectTable table,
      ODataQuery q,
      PagingCookie cookie,
      int pageSize,
      int top) {
    Comparator<SimRecord> order = null;
    for (ODataQuery.Order o : q.orderBy()) {
      Comparator<SimRecord> c =
          (a, b) -> {
            Object x = RecordJson.value(type, a, o.property());
            Object y = RecordJson.value(type, b, o.property());
            if (x == null || y == null)
              return x == null ? (y == null ? 0 : -1) : 1; // nulls first ascending
            return ODataFilter.compare(x, y);
          };
      if (o.descending()) c = c.reversed();
      order = order == null ? c : order.thenComparing(c);
    }
    Comparator<SimRecord> byId = Comparator.comparing(SimRecord::id);
    Comparator<SimRecord> full = order == null ? byId : order.thenComparing(byId);
    List<SimRecord> all = new ArrayList<>();
    table.stream(false).filter(r -> q.filter() == null || q.filter().test(r)).forEach(all::add);
    all.sort(full);
    long offset = cookie == null ? 0 : cookie.offset();
    long end = top < 0 ? all.size() : Math.min(all.size(), top);
    int from = (int) Math.min(offset, end);
    int to = (int) Math.min(end, from + (long) pageSize);
    List<SimRecord> rows = new ArrayList<>(all.subList(from, to));
    PagingCookie next =
        to < end
            ? new PagingCookie(
                cookie == null ? 1 : cookie.page() + 1, null, null, to, null, null, null)
            : null;
    return new Page(rows, List.of(), next, null, false);
  }

  private Page tracked(
      EntityType type, ObjectTable table, ODataQuery q, PagingCookie cookie, int pageSize) {
    DeltaTokens.Token since = null;
    String phase;
    String newToken;
    if (cookie != null) {
      phase = cookie.phase();
      newToken = cookie.token();
      if (!phase.equals(INITIAL)) {
        since = tokens.find(cookie.since(), type.logicalName());
        if (since == null) throw expiredToken();
      }
    } else if (q.deltaToken() != null) {
      since = tokens.find(q.deltaToken(), type.logicalName());
      if (since == null) throw expiredToken();
      phase = CHANGES;
      newToken = tokens.issue(type.logicalName(), table).value();
    } else {
      phase = INITIAL;
      // the token is taken before the first row is read, so changes made while the client pages are
      // in the next delta
      newToken = tokens.issue(type.logicalName(), table).value();
    }
    List<SimRecord> rows = new ArrayList<>();
    List<SimRecord> deleted = new ArrayList<>();
    boolean delta = !phase.equals(INITIAL);
    java.time.Instant afterModified = cookie != null ? cookie.lastModified() : null;
    String afterId = cookie != null ? cookie.lastId() : null;
    if (phase.equals(INITIAL)) {
      Iterator<SimRecord> it = table.scan(afterModified, afterId, false);
      SimRecord lookahead = fill(it, rows, pageSize, r -> true);
      if (lookahead != null) {
        SimRecord last = rows.get(rows.size() - 1);
        return new Page(
            rows,
            deleted,
            new PagingCookie(
                page(cookie), last.modifiedAt(), last.id(), 0, INITIAL, null, newToken),
            null,
            false);
      }
      return new Page(rows, deleted, null, newToken, false);
    }
    DeltaTokens.Token from = since;
    if (phase.equals(CHANGES)) {
      Iterator<SimRecord> it =
          afterModified != null
              ? table.scan(afterModified, afterId, false)
              : table.scan(from.second().minusNanos(1), null, false);
      SimRecord lookahead = fill(it, rows, pageSize, from::isAfter);
      if (lookahead != null) {
        SimRecord last = rows.get(rows.size() - 1);
        return new Page(
            rows,
            deleted,
            new PagingCookie(
                page(cookie), last.modifiedAt(), last.id(), 0, CHANGES, from.value(), newToken),
            null,
            true);
      }
      afterModified = null;
      afterId = null;
    }
    Iterator<SimRecord> it =
        afterModified != null
            ? table.scan(afterModified, afterId, true)
            : table.scan(from.second().minusNanos(1), null, true);
    SimRecord lookahead =
        fill(it, deleted, pageSize - rows.size(), r -> r.deleted() && from.isAfter(r));
    if (lookahead != null) {
      // a page full of changed rows continues with the deletions from their start
      SimRecord last = deleted.isEmpty() ? null : deleted.get(deleted.size() - 1);
      return new Page(
          rows,
          deleted,
          new PagingCookie(
              page(cookie),
              last == null ? null : last.modifiedAt(),
              last == null ? null : last.id(),
              0,
              DELETES,
              from.value(),
              newToken),
          null,
          true);
    }
    return new Page(rows, deleted, null, newToken, delta);
  }

  private static int page(PagingCookie cookie) {
    return cookie == null ? 1 : cookie.page() + 1;
  }

  /**
   * Adds matching rows up to {@code limit}; returns the first match beyond it (there is more), or
   * null.
   */
  private static SimRecord fill(
      Iterator<SimRecord> it,
      List<SimRecord> into,
      int limit,
      java.util.function.Predicate<SimRecord> matching) {
    while (it.hasNext()) {
      SimRecord r = it.next();
      if (!matching.test(r)) continue;
      if (into.size() >= limit) return r;
      into.add(r);
    }
    return null;
  }

  private WebErrors.WebError expiredToken() {
    return new WebErrors.WebError(
        settings.expiredTokenStatus(),
        settings.expiredTokenCode(),
        "Version stamp associated with the client has expired. Please perform a full sync.");
  }

  private MockResponse render(
      EntityType type,
      HttpUrl url,
      ODataQuery q,
      Prefer prefer,
      Page page,
      String serviceRoot,
      boolean tracking) {
    String set = type.entitySetName();
    String context =
        serviceRoot
            + "$metadata#"
            + set
            + (q.select().isEmpty() ? "" : "(" + String.join(",", q.select()) + ")")
            + (page.delta() ? "/$delta" : "");
    String query = queryWithout(url, "$skiptoken", "$deltatoken");
    String nextLink =
        page.next() == null
            ? null
            : serviceRoot
                + set
                + "?"
                + (query.isEmpty() ? "" : query + "&")
                + "$skiptoken="
                + PagingCookie.percent(page.next().encode(type.primaryId(), tracking), true);
    String deltaLink =
        page.deltaToken() == null
            ? null
            : serviceRoot
                + set
                + "?"
                + (query.isEmpty() ? "" : query + "&")
                + "$deltatoken="
                + DeltaTokens.urlEncoded(page.deltaToken());
    List<String> columns = RecordJson.columns(type, q.select());
    String count = null;
    if (q.count()) {
      long n = countUpTo(store.table(type.logicalName()), q, 5_001);
      count = ",\"@odata.count\":" + Math.min(n, 5_000);
      if (prefer.wantsAnnotation("Microsoft.Dynamics.CRM.totalrecordcount")) {
        count += ",\"@Microsoft.Dynamics.CRM.totalrecordcount\":" + (n > 5_000 ? -1 : n);
      }
      if (prefer.wantsAnnotation("Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded")) {
        count += ",\"@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded\":" + (n > 5_000);
      }
    }
    String countFields = count;
    MockResponse.Builder b =
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json; odata.metadata=minimal")
            .setHeader("OData-Version", "4.0");
    List<String> applied = new ArrayList<>();
    if (prefer.maxPageSize() > 0) applied.add("odata.maxpagesize=" + prefer.pageSize());
    if (tracking) applied.add("odata.track-changes");
    if (prefer.annotations() != null)
      applied.add("odata.include-annotations=\"" + prefer.annotations() + "\"");
    if (!applied.isEmpty()) b.setHeader("Preference-Applied", String.join(",", applied));
    String deletedContext = serviceRoot + "$metadata#" + set + "/$deletedEntity";
    return StreamingBodies.chunked(
            b,
            sink -> {
              StringBuilder out = new StringBuilder(1024);
              out.append("{\"@odata.context\":\"").append(context).append('"');
              if (countFields != null) out.append(countFields);
              if (deltaLink != null && page.delta())
                out.append(",\"@odata.deltaLink\":\"").append(deltaLink).append('"');
              out.append(",\"value\":[");
              boolean first = true;
              for (SimRecord r : page.rows()) {
                if (!first) out.append(',');
                first = false;
                json.write(out, type, r, columns, prefer);
                if (out.length() > 32 * 1024) {
                  sink.writeUtf8(out.toString());
                  out.setLength(0);
                }
              }
              for (SimRecord r : page.deleted()) {
                if (!first) out.append(',');
                first = false;
                out.append("{\"@odata.context\":\"")
                    .append(deletedContext)
                    .append("\",\"id\":\"")
                    .append(r.id())
                    .append("\",\"reason\":\"deleted\"}");
              }
              out.append(']');
              if (nextLink != null)
                out.append(",\"@odata.nextLink\":\"")
                    .append(WebErrors.escape(nextLink))
                    .append('"');
              if (deltaLink != null && !page.delta())
                out.append(",\"@odata.deltaLink\":\"").append(deltaLink).append('"');
              out.append('}');
              sink.writeUtf8(out.toString());
            })
        .build();
  }

  private static long countUpTo(ObjectTable table, ODataQuery q, long cap) {
    if (q.filter() == null) return table.size(false);
    long n = 0;
    for (Iterator<SimRecord> it = table.scan(null, null, false); it.hasNext() && n < cap; ) {
      if (q.filter().test(it.next())) n++;
    }
    return n;
  }

  /** The request's encoded query without the named parameters (either spelling of {@code $}). */
  static String queryWithout(HttpUrl url, String... names) {
    String raw = url.encodedQuery();
    if (raw == null || raw.isEmpty()) return "";
    StringBuilder b = new StringBuilder();
    outer:
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name =
          (eq < 0 ? pair : pair.substring(0, eq)).replace("%24", "$").toLowerCase(Locale.ROOT);
      for (String n : names) if (name.equals(n)) continue outer;
      if (b.length() > 0) b.append('&');
      b.append(pair);
    }
    return b.toString();
  }

  /**
   * {@code GET <set>/$count}: the number of live rows as plain text; with {@code $deltatoken}, the
   * number of changes (changed rows and deletions) waiting for that token.
   */
  MockResponse count(EntityType type, String deltaToken) {
    ObjectTable table = store.table(type.logicalName());
    long n;
    if (deltaToken == null) {
      n = table.size(false);
    } else {
      DeltaTokens.Token since = tokens.find(deltaToken, type.logicalName());
      if (since == null) throw expiredToken();
      n = 0;
      for (Iterator<SimRecord> it = table.scan(since.second().minusNanos(1), null, true);
          it.hasNext(); ) {
        if (since.isAfter(it.next())) n++;
      }
    }
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "text/plain; charset=utf-8")
        .setHeader("OData-Version", "4.0")
        .body(Long.toString(n))
        .build();
  }
}
