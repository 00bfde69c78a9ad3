package dev.revsync.salesforce;

import static dev.revsync.salesforce.SalesforceConfig.SYSTEM;

import dev.revsync.ConfigurationException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the SOQL a sync sends. Names are checked against Salesforce's identifier rules (they are
 * never quoted in SOQL, so a bad one is refused, not escaped); string literals are escaped;
 * datetime literals are unquoted UTC with milliseconds. Stateless, thread-safe.
 */
final class Soql {
  /** An API name, or a dotted relationship path such as {@code Account.Owner.Name}. */
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)*");

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Soql() {}

  /**
   * A SOQL string literal: quoted, with {@code \}, {@code '}, {@code "} and control characters
   * escaped the way SOQL reads them, so no value can end the literal early.
   */
  static String quote(String value) {
    StringBuilder s = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> s.append("\\\\");
        case '\'' -> s.append("\\'");
        case '"' -> s.append("\\\"");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        case '\b' -> s.append("\\b");
        case '\f' -> s.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            // SOQL has no escape for other control characters; they cannot be in a stored value.
            throw new ConfigurationException(
                SYSTEM,
                "build SOQL",
                "a value holds control character U+"
                    + String.format("%04X", (int) c)
                    + ", which SOQL cannot express",
                "Remove it from the value",
                null);
          }
          s.append(c);
        }
      }
    }
    return s.append('\'').toString();
  }

  /**
   * A datetime literal such as {@code 2024-05-20T20:49:32Z} (unquoted, as SOQL wants); with
   * milliseconds only where the instant has them (the documented form has none).
   */
  @SuppressWarnings("JavaInstantGetSecondsGetNano") // only asks whether there is a fraction
  static String datetime(Instant instant) {
    return (instant.getNano() == 0 ? SECONDS : MILLIS).format(instant);
  }

  /** {@code name} if it is a valid API name or relationship path. */
  static String name(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ConfigurationException(
          SYSTEM,
          "build SOQL",
          "'" + name + "' is not a Salesforce API name",
          "Use API names such as Account or Custom_Field__c",
          null);
    }
    return name;
  }

  /**
   * {@code SELECT fields FROM object [WHERE where] [ORDER BY cursor, Id]}.
   *
   * @param where a condition built here, or null
   * @param orderBy the cursor field to order on (ties on Id), or null for no order (bulk jobs)
   */
  static String select(List<String> fields, String object, String where, String orderBy) {
    StringBuilder s = new StringBuilder("SELECT ");
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) s.append(", ");
      s.append(name(fields.get(i)));
    }
    s.append(" FROM ").append(name(object));
    if (where != null) s.append(" WHERE ").append(where);
    if (orderBy != null) {
      s.append(" ORDER BY ").append(name(orderBy));
      if (!orderBy.equalsIgnoreCase("Id")) s.append(", Id");
    }
    return s.toString();
  }

  /**
   * The incremental condition: strictly after (cursorValue, cursorId) in (cursor, Id) order, so
   * records sharing the cursor's timestamp across a page boundary are neither lost nor repeated.
   * With no id, everything at or after the timestamp.
   */
  static String after(String cursorField, Instant cursorValue, String cursorId) {
    String field = name(cursorField);
    String ts = datetime(cursorValue);
    if (cursorId == null) return field + " >= " + ts;
    return "("
        + field
        + " > "
        + ts
        + " OR ("
        + field
        + " = "
        + ts
        + " AND Id > "
        + quote(cursorId)
        + "))";
  }
}
