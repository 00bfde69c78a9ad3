package dev.revsync.marketo;

import dev.revsync.ConfigurationException;
import dev.revsync.ProtocolException;
import dev.revsync.WriteItem;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.spi.CallMeter;
import dev.revsync.spi.WriteBatcher;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Enrichment and score exports through sync leads ({@code POST /rest/v1/leads.json}, 300 leads a
 * call): an update by id becomes {@code updateOnly} on {@code lookupField=id} (so no lead is ever
 * created), an upsert {@code createOrUpdate} on the match field. Each {@code result[i]} lines up
 * with {@code input[i]}: {@code created}/{@code updated} succeed, {@code skipped} (or a record with
 * reasons and no status, as {@code push.json} shows) fails with its first reason's code and
 * message. Stateless and thread-safe.
 */
final class MarketoWrite {
  static final String PATH = "/rest/v1/leads.json";

  private MarketoWrite() {}

  static WriteResult write(CallMeter calls, MarketoRestClient client, WriteRequest request) {
    if (!request.object().equalsIgnoreCase(MarketoObjects.LEAD)) {
      throw new ConfigurationException(
          MarketoConfig.SYSTEM,
          "write " + request.object(),
          "Marketo writes go to " + MarketoObjects.LEAD + " only, not '" + request.object() + "'",
          "Write enrichment and scores to Lead",
          null);
    }
    boolean update = request.operation() == WriteRequest.Operation.UPDATE;
    String lookup = update ? "id" : request.matchField();
    String action = update ? "updateOnly" : "createOrUpdate";
    // sync leads is idempotent (update by id, upsert by key), so the transport may send a batch
    // again
    return WriteBatcher.write(
        calls,
        request,
        MarketoRestClient.PAGE,
        (batch, firstIndex) -> {
          List<Map<String, Object>> input = new ArrayList<>(batch.size());
          for (WriteItem item : batch) {
            Map<String, Object> lead = new LinkedHashMap<>();
            lead.put(lookup, update ? idValue(item.key()) : item.key());
            for (Map.Entry<String, Object> e : item.fields().entrySet())
              lead.put(e.getKey(), wireValue(e.getValue()));
            input.add(lead);
          }
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("action", action);
          body.put("lookupField", lookup);
          body.put("input", input);
          MarketoRestClient.Page page = client.post(request.activity(), PATH, body);
          if (page.results().size() != batch.size()) {
            // the batch reached Marketo: its items become "sent, result unknown", never backlog
            throw new ProtocolException(
                MarketoConfig.SYSTEM,
                "POST " + PATH,
                "sync leads answered "
                    + page.results().size()
                    + " results for "
                    + batch.size()
                    + " leads",
                "Check these leads in Marketo before resending",
                null);
          }
          WriteBatcher.Outcomes outcomes = WriteBatcher.outcomes(batch, firstIndex);
          for (Map<String, Object> result : page.results()) outcome(outcomes, result);
          return outcomes.list();
        });
  }

  /**
   * {@code created}/{@code updated} succeed; {@code skipped}, or reasons without a status, fail
   * with the first reason.
   */
  static void outcome(WriteBatcher.Outcomes outcomes, Map<String, Object> result) {
    Object idValue = result.get("id");
    String id = idValue == null ? null : RecordMapping.idText(idValue);
    Object status = result.get("status");
    Object reasons = result.get("reasons");
    boolean failed =
        "skipped".equals(status)
            || (status == null && reasons instanceof List && !((List<?>) reasons).isEmpty());
    if (!failed) {
      outcomes.succeeded(id, "created".equals(status));
      return;
    }
    String code = "SKIPPED";
    String message = "Marketo skipped the lead without a reason";
    if (reasons instanceof List
        && !((List<?>) reasons).isEmpty()
        && ((List<?>) reasons).get(0) instanceof Map) {
      Map<?, ?> first = (Map<?, ?>) ((List<?>) reasons).get(0);
      code = String.valueOf(first.get("code"));
      message = String.valueOf(first.get("message"));
    }
    outcomes.failed(id, code, message, List.of());
  }

  /**
   * Lead ids are integers on the wire; a key that is not one goes as text and Marketo refuses it
   * per record.
   */
  private static Object idValue(String key) {
    try {
      return Long.parseLong(key.trim());
    } catch (NumberFormatException e) {
      return key;
    }
  }

  /** Times without fractions, dates as YYYY-MM-DD; numbers, booleans and text as they are. */
  private static Object wireValue(Object v) {
    if (v instanceof Instant)
      return ((Instant) v).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    if (v instanceof LocalDate) return v.toString();
    return v;
  }
}
