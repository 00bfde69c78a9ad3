package dev.revsync.hubspot;

import dev.revsync.Activity;
import dev.revsync.ConfigurationException;
import dev.revsync.VendorApiException;
import dev.revsync.WriteItem;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.spi.Json;
import dev.revsync.spi.WriteBatcher;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Enrichment and score export: {@code batch/update} by record id, or {@code batch/upsert} on email
 * or another unique property, 100 inputs a call. Results are matched to items by id (update) or by
 * the unique value echoed back (upsert; HubSpot does not promise result order), errors by their
 * {@code context.ids}; an item the answer names in neither is UNKNOWN (it may have been written). A
 * 400 that refuses a whole batch fails its items with HubSpot's category and message; the other
 * batches still go. Duplicate keys in a batch (which HubSpot refuses) go in a later call. When the
 * host asks, missing custom properties are created first in the {@code revsync} group; {@code hs_}
 * names are HubSpot's and never created. Stateless.
 */
final class HubSpotWrite {
  static final int BATCH = 100;
  static final String GROUP = "revsync";

  private HubSpotWrite() {}

  static WriteResult write(HubSpotRestClient client, WriteRequest request) {
    HubSpotConfig config = client.config;
    String type = request.object();
    if (!HubSpotConfig.CRM_OBJECTS.contains(type) && !type.matches("2-\\d+|p\\d+_\\w+")) {
      throw new ConfigurationException(
          config.descriptor.id(),
          "write " + type,
          "HubSpot writes go to CRM objects; '" + type + "' is not one",
          "Write to one of " + HubSpotConfig.CRM_OBJECTS + " or a custom object",
          null);
    }
    if (config.createMissingProperties) ensureProperties(client, type, request);
    boolean upsert = request.operation() == WriteRequest.Operation.UPSERT;
    String idProperty = upsert ? request.matchField() : null;
    return WriteBatcher.write(
        client.transport,
        request,
        BATCH,
        (batch, first) -> {
          Answer[] answers = new Answer[batch.size()];
          // HubSpot refuses a batch naming one record twice: later duplicates go in further calls
          List<Integer> pending = new ArrayList<>();
          for (int i = 0; i < batch.size(); i++) pending.add(i);
          while (!pending.isEmpty()) {
            Set<String> keys = new HashSet<>();
            List<Integer> now = new ArrayList<>();
            List<Integer> later = new ArrayList<>();
            for (int i : pending) {
              if (keys.add(normalize(idProperty, batch.get(i).key()))) now.add(i);
              else later.add(i);
            }
            send(client, request.activity(), type, idProperty, batch, now, answers);
            pending = later;
          }
          WriteBatcher.Outcomes outcomes = WriteBatcher.outcomes(batch, first);
          for (Answer a : answers) {
            if (a == null) {
              outcomes.unknown(
                  "HubSpot's answer named neither a result nor an error for this item; it may have been"
                      + " written: check the record before sending it again");
            } else if (a.code == null) {
              outcomes.succeeded(a.id, a.created);
            } else {
              outcomes.failed(a.id, a.code, a.message, a.fields);
            }
          }
          return outcomes.list();
        });
  }

  /** What HubSpot said of one item: a result ({@code code} null) or an error. */
  private record Answer(
      String id, boolean created, String code, String message, List<String> fields) {
    static Answer failed(String code, String message, List<String> fields) {
      return new Answer(
          null,
          false,
          code == null ? "ERROR" : code,
          message == null || message.isBlank() ? "HubSpot refused the item" : message,
          fields);
    }
  }

  private static void send(
      HubSpotRestClient client,
      Activity activity,
      String type,
      String idProperty,
      List<WriteItem> batch,
      List<Integer> indexes,
      Answer[] answers) {
    List<Map<String, Object>> inputs = new ArrayList<>();
    Map<String, Integer> byKey = new LinkedHashMap<>();
    for (int i : indexes) {
      WriteItem item = batch.get(i);
      Map<String, Object> props = new LinkedHashMap<>();
      item.fields().forEach((k, v) -> props.put(k, RecordMapping.wire(v)));
      Map<String, Object> input = new LinkedHashMap<>();
      input.put("id", item.key());
      if (idProperty != null) {
        input.put("idProperty", idProperty);
        props.put(
            idProperty,
            item.key()); // echoed back, so results can be matched without relying on order
      }
      input.put("properties", props);
      inputs.add(input);
      byKey.put(normalize(idProperty, item.key()), i);
    }
    HttpUrl url =
        client
            .config
            .url("/crm/v3/objects/" + type + "/batch/" + (idProperty != null ? "upsert" : "update"))
            .build();
    String call = HubSpotRestClient.call("POST", url);
    try {
      // update and upsert set the same values again when retried, so the transport may retry them
      client.post(
          activity,
          url,
          Map.of("inputs", inputs),
          response -> {
            for (int i : indexes) answers[i] = null; // a retried call reads its results again
            Json.Page page =
                Json.readPage(
                    response.body().source(),
                    "results",
                    result -> {
                      String id = RecordMapping.string(result.get("id"));
                      String key = id;
                      if (idProperty != null
                          && result.get("properties") instanceof Map<?, ?> props) {
                        key = RecordMapping.string(props.get(idProperty));
                      }
                      Integer i = key == null ? null : byKey.get(normalize(idProperty, key));
                      if (i != null)
                        answers[i] =
                            new Answer(
                                id, Boolean.TRUE.equals(result.get("new")), null, null, List.of());
                    },
                    client.config.descriptor.id(),
                    call);
            if (page.path("errors") instanceof List<?> errors) {
              for (Object e : errors) {
                if (!(e instanceof Map<?, ?> error)) continue;
                Answer failed =
                    Answer.failed(
                        RecordMapping.string(error.get("category")),
                        RecordMapping.string(error.get("message")),
                        fieldsOf(error));
                Object ids = error.get("context") instanceof Map<?, ?> ctx ? ctx.get("ids") : null;
                if (ids instanceof List<?> list) {
                  for (Object id : list) {
                    Integer i = byKey.get(normalize(idProperty, String.valueOf(id)));
                    if (i != null) answers[i] = failed;
                  }
                }
              }
            }
            return page;
          });
    } catch (VendorApiException e) {
      if (e.httpStatus() != 400 && e.httpStatus() != 409) throw e;
      // the whole batch was refused (an unknown or read-only property, say): each item carries why,
      // and the other batches still go
      Answer failed =
          Answer.failed(
              e.vendorCode() == null ? "HTTP_" + e.httpStatus() : e.vendorCode(),
              e.vendorMessage(),
              List.of());
      for (int i : indexes) answers[i] = failed;
    }
  }

  private static List<String> fieldsOf(Map<?, ?> error) {
    List<String> fields = new ArrayList<>();
    if (error.get("errors") instanceof List<?> details) {
      for (Object d : details) {
        if (d instanceof Map<?, ?> m && m.get("in") != null) fields.add(m.get("in").toString());
      }
    }
    return fields;
  }

  /** Emails compare without case in HubSpot. */
  private static String normalize(String idProperty, String key) {
    if (key == null) return null;
    return "email".equals(idProperty) ? key.strip().toLowerCase(Locale.ROOT) : key;
  }

  /** Creates the written properties HubSpot does not have yet, in the revsync group. */
  private static void ensureProperties(
      HubSpotRestClient client, String type, WriteRequest request) {
    Activity activity = request.activity();
    Map<String, RecordMapping.Prop> existing = HubSpotProperties.load(client, type, activity);
    Map<String, Object> missing = new LinkedHashMap<>();
    for (WriteItem item : request.items()) {
      item.fields()
          .forEach(
              (name, value) -> {
                if (!existing.containsKey(name)
                    && !missing.containsKey(name)
                    && !name.equals(request.matchField())) {
                  missing.put(name, value);
                }
              });
    }
    if (missing.isEmpty()) return;
    for (String name : missing.keySet()) {
      if (name.startsWith("hs_") || !name.matches("[a-z][a-z0-9_]*")) {
        throw new ConfigurationException(
            client.config.descriptor.id(),
            "write " + type,
            "the property '"
                + name
                + "' does not exist and cannot be created (HubSpot owns hs_ names; names are lower-case letters, digits"
                + " and underscores)",
            "Create it in HubSpot or write to another property",
            null);
      }
    }
    HttpUrl groups = client.config.url("/crm/v3/properties/" + type + "/groups").build();
    // Creates may be retried (not executeOnce): one that was applied before its answer was lost
    // comes back 409 CONFLICT on the retry, which both calls below take as done.
    try {
      client.post(activity, groups, Map.of("name", GROUP, "label", "Revsync"), response -> null);
    } catch (VendorApiException e) {
      if (e.httpStatus() != 409) throw e; // the group exists
    }
    HttpUrl create = client.config.url("/crm/v3/properties/" + type).build();
    for (Map.Entry<String, Object> e : missing.entrySet()) {
      Object v = e.getValue();
      String[] kind =
          v instanceof BigDecimal || v instanceof Number
              ? new String[] {"number", "number"}
              : v instanceof Boolean
                  ? new String[] {"bool", "booleancheckbox"}
                  : v instanceof Instant
                      ? new String[] {"datetime", "date"}
                      : v instanceof LocalDate
                          ? new String[] {"date", "date"}
                          : new String[] {"string", "text"};
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", e.getKey());
      body.put("label", e.getKey().replace('_', ' '));
      body.put("type", kind[0]);
      body.put("fieldType", kind[1]);
      body.put("groupName", GROUP);
      body.put("description", "Written by revsync");
      if (kind[0].equals("bool")) {
        body.put(
            "options",
            List.of(
                Map.of("label", "Yes", "value", "true", "displayOrder", 0),
                Map.of("label", "No", "value", "false", "displayOrder", 1)));
      }
      try {
        client.post(activity, create, body, response -> null);
      } catch (VendorApiException conflict) {
        if (conflict.httpStatus() != 409) throw conflict; // created meanwhile
      }
    }
  }
}
