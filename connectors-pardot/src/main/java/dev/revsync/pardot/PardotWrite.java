package dev.revsync.pardot;

import static dev.revsync.pardot.PardotConfig.SYSTEM;

import dev.revsync.AuthenticationException;
import dev.revsync.ConfigurationException;
import dev.revsync.QuotaExhaustedException;
import dev.revsync.RevsyncException;
import dev.revsync.TransientException;
import dev.revsync.VendorApiException;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.spi.CallMeter;
import dev.revsync.spi.Transport;
import dev.revsync.spi.WriteBatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;

/**
 * Prospect writes for ENRICHMENT and SCORE_EXPORT (§4 of the notes): one call per record — v5 has
 * no batch write — as {@code PATCH /objects/prospects/{id}} when updating by id, or {@code POST
 * /objects/prospects/do/upsertLatestByEmail} when upserting on {@code email}; both are idempotent,
 * so both are retried. Up to five records go at once, Pardot's concurrency limit (the transport's
 * limiter holds every call of the connection to it). Outcomes are per record: an unknown id (192),
 * a recycle-bin record (219) or a refused field (180) fails that record only. Anything else stops
 * the write after the batch in flight, as {@link WriteBatcher} says: a spent quota leaves the batch
 * and the rest NOT_SENT (tomorrow's backlog; resending is harmless), and an answer lost after the
 * retries (a cut or malformed response) makes the batch UNKNOWN — it may have been applied — and
 * the rest NOT_SENT, rather than spend the day's calls on a failing server. Thread-safe.
 */
final class PardotWrite {
  /** Records in flight at once, and so per batch. */
  static final int CONCURRENCY = 5;

  private final PardotRestClient rest;
  private final Transport transport;

  PardotWrite(PardotRestClient rest, Transport transport) {
    this.rest = rest;
    this.transport = transport;
  }

  /** A write to prospects, checked by the connector. */
  WriteResult write(WriteRequest request) {
    boolean upsert = request.operation() == WriteRequest.Operation.UPSERT;
    if (upsert && !"email".equalsIgnoreCase(request.matchField())) {
      throw new ConfigurationException(
          SYSTEM,
          "write " + request.object(),
          "prospects upsert only on email, not " + request.matchField(),
          "Use upsertOn(\"email\"), or update by prospect id",
          null);
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            CONCURRENCY,
            r -> {
              Thread t = new Thread(r, "revsync-pardot-write");
              t.setDaemon(true);
              return t;
            });
    // the workers' calls count for the write: the batcher's operation is open on this thread when
    // they are submitted
    try (CallMeter.Operation fanOut = transport.startOperation()) {
      Executor counted = fanOut.executor(pool);
      return WriteBatcher.write(
          transport,
          request,
          CONCURRENCY,
          (batch, first) -> batch(counted, batch, first, upsert, request));
    } finally {
      pool.shutdownNow();
    }
  }

  private List<WriteOutcome> batch(
      Executor pool, List<WriteItem> batch, int first, boolean upsert, WriteRequest request) {
    List<FutureTask<WriteOutcome>> tasks = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      WriteItem item = batch.get(i);
      int index = first + i;
      FutureTask<WriteOutcome> task = new FutureTask<>(() -> one(item, index, upsert, request));
      pool.execute(task);
      tasks.add(task);
    }
    List<WriteOutcome> outcomes = new ArrayList<>();
    RevsyncException stop = null;
    for (FutureTask<WriteOutcome> task : tasks) {
      try {
        outcomes.add(task.get());
      } catch (ExecutionException e) {
        RevsyncException r =
            e.getCause() instanceof RevsyncException known
                ? known
                : new RevsyncException(
                    SYSTEM,
                    "write " + request.object(),
                    "a write failed unexpectedly: " + e.getCause(),
                    "Report this as a revsync bug",
                    e.getCause());
        if (stop == null || rank(r) > rank(stop)) stop = r;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransientException(
            SYSTEM, "write " + request.object(), "interrupted", "Send the write again", e);
      }
    }
    if (stop != null) throw stop;
    return outcomes;
  }

  /**
   * Which failure decides the batch: a spent quota (tomorrow's backlog) outranks refused
   * credentials, then the rest.
   */
  private static int rank(RevsyncException e) {
    return e instanceof QuotaExhaustedException ? 2 : e instanceof AuthenticationException ? 1 : 0;
  }

  private WriteOutcome one(WriteItem item, int index, boolean upsert, WriteRequest request) {
    Map<String, Object> fields = new LinkedHashMap<>();
    item.fields()
        .forEach((k, v) -> fields.put(k, v instanceof Instant at ? PardotRestClient.time(at) : v));
    try {
      Map<String, Object> reply;
      if (upsert) {
        Map<String, Object> prospect = new LinkedHashMap<>(fields);
        prospect.putIfAbsent("email", item.key());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("matchEmail", item.key());
        body.put("prospect", prospect);
        body.put("secondaryDeletedSearch", true);
        body.put("fields", List.of("id", "email", "createdAt", "updatedAt"));
        reply =
            rest.json(
                request.activity(),
                "POST",
                rest.url("objects/prospects/do/upsertLatestByEmail").build(),
                body);
      } else {
        if (!item.key().matches("\\d{1,18}")) {
          return WriteOutcome.failed(
              index, item.key(), null, "192", "not a prospect id: '" + item.key() + "'", List.of());
        }
        reply =
            rest.json(
                request.activity(),
                "PATCH",
                rest.url("objects/prospects/" + item.key())
                    .addQueryParameter("fields", "id,updatedAt")
                    .build(),
                fields);
      }
      Object id = reply.get("id");
      boolean created =
          upsert
              && reply.get("createdAt") != null
              && reply.get("createdAt").equals(reply.get("updatedAt"));
      return WriteOutcome.succeeded(
          index, item.key(), id == null ? (upsert ? null : item.key()) : id.toString(), created);
    } catch (VendorApiException e) {
      if (e.httpStatus() < 400 || e.httpStatus() >= 500) throw e;
      List<String> refused = new ArrayList<>();
      String message = e.vendorMessage() == null ? "" : e.vendorMessage();
      for (String f : fields.keySet()) if (message.contains(f)) refused.add(f);
      return WriteOutcome.failed(
          index,
          item.key(),
          null,
          e.vendorCode() == null ? "HTTP " + e.httpStatus() : e.vendorCode(),
          message.isEmpty() ? e.getMessage() : message,
          refused);
    }
  }
}
