package dev.revsync.pardot;

import static dev.revsync.pardot.PardotConfig.SYSTEM;

import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.spi.RecordShape;
import dev.revsync.spi.Values;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Turns v5 records (JSON pages or export CSV rows) into revsync {@link Record}s against one {@link
 * RecordShape} per sync: the requested fields and their types, resolved once, keys matched as the
 * page is read, no map per record. Ids and references become strings, datetimes instants (v5 sends
 * ISO-8601 with an offset; export files may send {@code YYYY-MM-DD HH:MM:SS} in the account's
 * zone), numbers exact, all through the SPI's {@link Values}; related objects ({@code campaign:
 * {name}}) are read under their dotted names. A deleted row keeps its fields. A value of the wrong
 * type is a {@link ProtocolException} naming the field. Immutable.
 */
final class RecordMapping {
  private final PardotObject object;
  private final List<String> names;
  private final ZoneId zone;
  private final RecordShape shape;

  /** The position of {@code isDeleted} among the fields, or -1. */
  private final int deletedAt;

  RecordMapping(PardotObject object, Map<String, FieldType> fields, ZoneId zone) {
    this.object = object;
    this.names = List.copyOf(fields.keySet());
    this.zone = zone;
    RecordShape.Builder b = RecordShape.builder(object.revsyncName);
    fields.forEach(
        (name, type) -> {
          if (isText(type)) {
            b.textField(name, raw -> convert(type, raw)); // a numeric id is its digits as sent
          } else {
            b.rawField(name, raw -> convert(type, raw));
          }
        });
    this.shape = b.id("id").modifiedAt("updatedAt").build();
    int at = shape.indexOf("isDeleted");
    this.deletedAt = at < shape.size() ? at : -1;
  }

  List<String> fieldNames() {
    return names;
  }

  /** What JSON pages and CSV files are read against. */
  RecordShape shape() {
    return shape;
  }

  /** One v5 JSON record's values, as read against {@link #shape()}; the array is adopted. */
  Record fromJson(Object[] values, String call) {
    return toRecord(values, call);
  }

  /**
   * One export CSV row's cells, put at {@link #shape()}'s positions ({@link
   * RecordShape#columns(List)}): an empty cell is no value. The array is adopted.
   */
  Record fromCsv(Object[] values, String call) {
    for (int i = 0; i < values.length; i++) if ("".equals(values[i])) values[i] = null;
    return toRecord(values, call);
  }

  private Record toRecord(Object[] values, String call) {
    if (values[shape.indexOf("id")] == null) throw incomplete(call);
    Record r = shape.toRecord(values, SYSTEM, call);
    if (r.modifiedAt() == null) throw incomplete(call);
    boolean deleted = deletedAt >= 0 && Boolean.TRUE.equals(r.fields().get("isDeleted"));
    // a deleted prospect still tells what it held
    return deleted ? Record.adopt(r.object(), r.id(), r.modifiedAt(), true, r.fields()) : r;
  }

  private ProtocolException incomplete(String call) {
    return new ProtocolException(
        SYSTEM,
        call,
        "a " + object.collection + " record without id or updatedAt",
        "Report this to Salesforce support; the sync resumes from its checkpoint",
        null);
  }

  /**
   * JSON values arrive typed where Moshi knows the type; text (CSV cells, quoted JSON) goes through
   * {@link Values}, an empty text being no value. The shape turns a parse failure into the error
   * {@link Values#read} makes: the field named, not the value.
   */
  private Object convert(FieldType type, Object raw) {
    return switch (type) {
      case ID, REFERENCE, STRING, OTHER ->
          raw instanceof BigDecimal d ? d.toPlainString() : raw.toString();
      case INTEGER -> raw instanceof Long l ? l : parse(raw, Values::integer);
      case DECIMAL -> raw instanceof BigDecimal d ? d : parse(raw, Values::decimal);
      case BOOLEAN -> raw instanceof Boolean b ? b : parse(raw, Values::bool);
      case DATETIME -> parse(raw, text -> Values.instant(text, zone));
      case DATE -> parse(raw, Values::date);
    };
  }

  private static boolean isText(FieldType type) {
    return switch (type) {
      case ID, REFERENCE, STRING, OTHER -> true;
      default -> false;
    };
  }

  private static Object parse(Object raw, Values.Parser<?> parser) {
    String text = raw.toString();
    return text.isEmpty() ? null : parser.parse(text);
  }
}
