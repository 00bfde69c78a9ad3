package dev.revsync.kafka.internal;

import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

/**
 * One object's records as Connect {@link Struct}s, with a schema built from the connector's {@code
 * describe}: every field optional (systems leave fields empty), types mapped as
 *
 * <ul>
 *   <li>STRING, ID, REFERENCE, OTHER → string; INTEGER → int64; BOOLEAN → boolean;
 *   <li>DECIMAL → string holding the exact decimal, schema parameter {@code revsync.type=DECIMAL}
 *       (Connect's {@code Decimal} needs one scale per field, and vendors' currency and double
 *       fields carry any; a double would round);
 *   <li>DATE → {@link Date}; DATETIME → {@link Timestamp} (milliseconds, the vendors' precision).
 * </ul>
 *
 * <p>A record with a field the schema lacks (the customer added one since the describe) gets a new
 * schema with that field appended and the version raised, as Connect's converters and schema
 * registries expect: appended optional fields are a backward-compatible change. Not thread-safe:
 * one per task and object.
 */
final class StructMapper {
  private final String connector;
  private final ObjectSchema described;
  private final Map<String, FieldType> types = new LinkedHashMap<>();
  private Schema schema;
  private int version;

  StructMapper(String connector, ObjectSchema described) {
    this.connector = connector;
    this.described = described;
    for (FieldSchema f : described.fields()) {
      // Compound fields (an address as a whole) are not in records: their parts are.
      if (!f.compound()) types.put(f.name(), f.type());
    }
    rebuild();
  }

  Schema schema() {
    return schema;
  }

  Struct toStruct(Record record) {
    for (Map.Entry<String, Object> field : record.fields().entrySet()) {
      String name = field.getKey();
      // A field always empty adds nothing; one with a value the describe did not list does.
      if (field.getValue() != null && !types.containsKey(name)) {
        types.put(name, described.field(name).map(FieldSchema::type).orElse(FieldType.STRING));
        rebuild();
      }
    }
    Struct struct = new Struct(schema);
    for (Map.Entry<String, Object> e : record.fields().entrySet()) {
      if (e.getValue() == null) continue;
      struct.put(e.getKey(), convert(record, e.getKey(), types.get(e.getKey()), e.getValue()));
    }
    return struct;
  }

  private void rebuild() {
    version++;
    SchemaBuilder b =
        SchemaBuilder.struct()
            .name("dev.revsync." + sanitize(connector) + "." + sanitize(described.name()))
            .version(version)
            .optional();
    for (Map.Entry<String, FieldType> e : types.entrySet())
      b.field(e.getKey(), schemaOf(e.getValue()));
    schema = b.build();
  }

  /** The schema parameter that marks a string field holding an exact decimal. */
  static final String TYPE_PARAMETER = "revsync.type";

  static Schema schemaOf(FieldType type) {
    return switch (type) {
      case DECIMAL ->
          SchemaBuilder.string()
              .optional()
              .parameter(TYPE_PARAMETER, FieldType.DECIMAL.name())
              .build();
      case INTEGER -> Schema.OPTIONAL_INT64_SCHEMA;
      case BOOLEAN -> Schema.OPTIONAL_BOOLEAN_SCHEMA;
      case DATE -> Date.builder().optional().build();
      case DATETIME -> Timestamp.builder().optional().build();
      default -> Schema.OPTIONAL_STRING_SCHEMA;
    };
  }

  private Object convert(Record record, String field, FieldType type, Object value) {
    try {
      return switch (type) {
        case INTEGER ->
            value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
        case BOOLEAN -> value instanceof Boolean b ? b : parseBoolean(value.toString());
        case DECIMAL ->
            value instanceof BigDecimal d
                ? d.toPlainString()
                : new BigDecimal(value.toString()).toPlainString();
        case DATE -> java.util.Date.from(toDate(value).atStartOfDay(ZoneOffset.UTC).toInstant());
        case DATETIME -> java.util.Date.from(toInstant(value));
        default -> value.toString();
      };
    } catch (RuntimeException e) {
      Field f = schema.field(field);
      throw new ProtocolException(
          connector,
          "sync " + described.name(),
          "record "
              + record.id()
              + " has a "
              + value.getClass().getSimpleName()
              + " in "
              + field
              + ", which describe says is "
              + type
              + " (Connect type "
              + (f == null ? "?" : f.schema().type())
              + ")",
          "Report it: the connector's record mapping and its describe disagree",
          e);
    }
  }

  private static boolean parseBoolean(String s) {
    if (s.equalsIgnoreCase("true")) return true;
    if (s.equalsIgnoreCase("false")) return false;
    throw new IllegalArgumentException("not a boolean");
  }

  private static LocalDate toDate(Object value) {
    if (value instanceof LocalDate d) return d;
    if (value instanceof Instant i) return LocalDate.ofInstant(i, ZoneOffset.UTC);
    String s = value.toString();
    return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
  }

  private static Instant toInstant(Object value) {
    if (value instanceof Instant i) return i;
    if (value instanceof OffsetDateTime o) return o.toInstant();
    if (value instanceof ZonedDateTime z) return z.toInstant();
    if (value instanceof java.util.Date d) return d.toInstant();
    if (value instanceof LocalDate d) return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    if (value instanceof Number n) return Instant.ofEpochMilli(n.longValue());
    return OffsetDateTime.parse(value.toString()).toInstant();
  }

  /** A name Avro and schema registries accept: letters, digits and '_'. */
  static String sanitize(String name) {
    StringBuilder s = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      s.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
    }
    return s.toString();
  }
}
