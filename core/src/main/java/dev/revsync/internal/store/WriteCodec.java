package dev.revsync.internal.store;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.revsync.Activity;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.pipeline.SubmittedWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * Turns a {@link SubmittedWrite} into one JSON text and back, for the durable stores. Field values
 * keep their Java type (a score of {@code 87} comes back an {@code Integer}, not a double): each is
 * written as {@code [name, type, text]}.
 *
 * <p>Thread-safe (stateless).
 */
public final class WriteCodec {
  private static final int VERSION = 1;

  private WriteCodec() {}

  /**
   * Checks that every field value of {@code request} can be kept.
   *
   * @throws IllegalArgumentException naming the item, the field and the type otherwise
   */
  public static void check(WriteRequest request) {
    for (WriteItem item : request.items()) {
      item.fields().forEach((name, value) -> typeOf(item.key(), name, value));
    }
  }

  public static String encode(SubmittedWrite write) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.setSerializeNulls(true);
      WriteRequest r = write.request();
      w.beginObject();
      w.name("v").value(VERSION);
      w.name("id").value(write.id());
      w.name("tenant").value(write.tenant());
      w.name("connector").value(write.connector());
      w.name("submittedAt").value(write.submittedAt().toString());
      w.name("object").value(r.object());
      w.name("activity").value(r.activity().name());
      w.name("operation").value(r.operation().name());
      w.name("matchField").value(r.matchField());
      w.name("items").beginArray();
      for (int i = 0; i < r.items().size(); i++) {
        WriteItem item = r.items().get(i);
        WriteOutcome o = write.outcomes().get(i);
        w.beginObject();
        w.name("key").value(item.key());
        w.name("fields").beginArray();
        for (Map.Entry<String, Object> f : item.fields().entrySet()) {
          String type = typeOf(item.key(), f.getKey(), f.getValue());
          w.beginArray()
              .value(f.getKey())
              .value(type)
              .value(f.getValue() == null ? null : f.getValue().toString())
              .endArray();
        }
        w.endArray();
        w.name("status").value(o.status().name());
        if (o.status() != WriteOutcome.Status.NOT_SENT) {
          w.name("recordId").value(o.id());
          w.name("created").value(o.created());
          w.name("code").value(o.code());
          w.name("message").value(o.message());
          w.name("errorFields").beginArray();
          for (String field : o.fields()) w.value(field);
          w.endArray();
        }
        w.endObject();
      }
      w.endArray();
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer does not fail
    }
    return buffer.readUtf8();
  }

  /**
   * The write {@code text} holds.
   *
   * @throws IllegalArgumentException if {@code text} is not a write this codec wrote
   */
  public static SubmittedWrite decode(String text) {
    try (JsonReader r = JsonReader.of(new Buffer().writeUtf8(text))) {
      String id = null;
      String tenant = null;
      String connector = null;
      Instant submittedAt = null;
      String object = null;
      Activity activity = null;
      WriteRequest.Operation operation = WriteRequest.Operation.UPDATE;
      String matchField = null;
      List<WriteItem> items = new ArrayList<>();
      List<WriteOutcome> outcomes = new ArrayList<>();
      r.beginObject();
      while (r.hasNext()) {
        switch (r.nextName()) {
          case "v" -> {
            int version = r.nextInt();
            if (version != VERSION)
              throw new IllegalArgumentException("unknown write format version " + version);
          }
          case "id" -> id = r.nextString();
          case "tenant" -> tenant = r.nextString();
          case "connector" -> connector = r.nextString();
          case "submittedAt" -> submittedAt = Instant.parse(r.nextString());
          case "object" -> object = r.nextString();
          case "activity" -> activity = Activity.valueOf(r.nextString());
          case "operation" -> operation = WriteRequest.Operation.valueOf(r.nextString());
          case "matchField" -> matchField = nullableString(r);
          case "items" -> {
            r.beginArray();
            while (r.hasNext()) readItem(r, items, outcomes);
            r.endArray();
          }
          default -> r.skipValue();
        }
      }
      r.endObject();
      if (id == null
          || tenant == null
          || connector == null
          || submittedAt == null
          || object == null
          || activity == null) {
        throw new IllegalArgumentException(
            "a stored write lacks its id, connection, time, object or activity");
      }
      WriteRequest.Builder b = WriteRequest.builder(object, activity);
      if (operation == WriteRequest.Operation.UPSERT) b.upsertOn(matchField);
      return new SubmittedWrite(
          id, tenant, connector, submittedAt, b.items(items).build(), outcomes);
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException) throw (IllegalArgumentException) e;
      throw new IllegalArgumentException("malformed stored write: " + e.getMessage(), e);
    }
  }

  private static void readItem(JsonReader r, List<WriteItem> items, List<WriteOutcome> outcomes)
      throws IOException {
    int index = items.size();
    String key = null;
    Map<String, Object> fields = new LinkedHashMap<>();
    WriteOutcome.Status status = WriteOutcome.Status.NOT_SENT;
    String recordId = null;
    boolean created = false;
    String code = null;
    String message = null;
    List<String> errorFields = new ArrayList<>();
    r.beginObject();
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "key" -> key = r.nextString();
        case "fields" -> {
          r.beginArray();
          while (r.hasNext()) {
            r.beginArray();
            String name = r.nextString();
            String type = r.nextString();
            String value = nullableString(r);
            r.endArray();
            fields.put(name, parse(type, value));
          }
          r.endArray();
        }
        case "status" -> status = WriteOutcome.Status.valueOf(r.nextString());
        case "recordId" -> recordId = nullableString(r);
        case "created" -> created = r.nextBoolean();
        case "code" -> code = nullableString(r);
        case "message" -> message = nullableString(r);
        case "errorFields" -> {
          r.beginArray();
          while (r.hasNext()) errorFields.add(r.nextString());
          r.endArray();
        }
        default -> r.skipValue();
      }
    }
    r.endObject();
    items.add(WriteItem.of(key, fields));
    outcomes.add(
        new WriteOutcome(index, key, status, recordId, created, code, message, errorFields));
  }

  private static String nullableString(JsonReader r) throws IOException {
    if (r.peek() == JsonReader.Token.NULL) return r.nextNull();
    return r.nextString();
  }

  private static String typeOf(String key, String field, Object value) {
    if (value == null) return "null";
    if (value instanceof String) return "string";
    if (value instanceof Boolean) return "boolean";
    if (value instanceof Integer) return "int";
    if (value instanceof Long) return "long";
    if (value instanceof Double) return "double";
    if (value instanceof Float) return "float";
    if (value instanceof BigDecimal) return "decimal";
    if (value instanceof BigInteger) return "bigint";
    if (value instanceof Instant) return "instant";
    if (value instanceof LocalDate) return "date";
    if (value instanceof LocalDateTime) return "datetime";
    if (value instanceof OffsetDateTime) return "offsetdatetime";
    throw new IllegalArgumentException(
        "field '"
            + field
            + "' of write item '"
            + key
            + "' holds a "
            + value.getClass().getName()
            + ", which the write backlog cannot keep (it keeps String, Boolean, Integer, Long,"
            + " Double, Float, BigDecimal, BigInteger, Instant, LocalDate, LocalDateTime, OffsetDateTime and null)");
  }

  private static Object parse(String type, String value) {
    if (value == null) return null;
    return switch (type) {
      case "string" -> value;
      case "boolean" -> Boolean.valueOf(value);
      case "int" -> Integer.valueOf(value);
      case "long" -> Long.valueOf(value);
      case "double" -> Double.valueOf(value);
      case "float" -> Float.valueOf(value);
      case "decimal" -> new BigDecimal(value);
      case "bigint" -> new BigInteger(value);
      case "instant" -> Instant.parse(value);
      case "date" -> LocalDate.parse(value);
      case "datetime" -> LocalDateTime.parse(value);
      case "offsetdatetime" -> OffsetDateTime.parse(value);
      case "null" -> null;
      default ->
          throw new IllegalArgumentException("unknown value type '" + type + "' in a stored write");
    };
  }
}
