package dev.revsync.simulators.hubspot;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * One CRM property definition as {@code /crm/v3/properties/{objectType}} describes it, and how its
 * values travel: every value is a string on the wire whatever the type. Immutable.
 *
 * @param type {@code string|number|date|datetime|enumeration|bool}
 * @param fieldType {@code
 *     text|textarea|number|select|radio|checkbox|booleancheckbox|date|calculation_equation}
 * @param readOnly {@code modificationMetadata.readOnlyValue}: written by HubSpot only
 * @param options the allowed values of an enumeration (empty for other types)
 */
record Property(
    String name,
    String label,
    String type,
    String fieldType,
    String groupName,
    String description,
    boolean hubspotDefined,
    boolean readOnly,
    boolean unique,
    boolean calculated,
    List<String> options,
    Instant createdAt) {

  Property {
    options = List.copyOf(options);
  }

  static Property of(String name, String label, String type, String fieldType, String groupName) {
    return new Property(
        name,
        label,
        type,
        fieldType,
        groupName,
        "",
        true,
        false,
        false,
        false,
        List.of(),
        HubSpotSimulator.EPOCH_OF_DEFINITIONS);
  }

  static Property readOnly(
      String name, String label, String type, String fieldType, String groupName) {
    return new Property(
        name,
        label,
        type,
        fieldType,
        groupName,
        "",
        true,
        true,
        false,
        false,
        List.of(),
        HubSpotSimulator.EPOCH_OF_DEFINITIONS);
  }

  static Property enumeration(String name, String label, String groupName, List<String> options) {
    return new Property(
        name,
        label,
        "enumeration",
        "select",
        groupName,
        "",
        true,
        false,
        false,
        false,
        options,
        HubSpotSimulator.EPOCH_OF_DEFINITIONS);
  }

  Property asUnique() {
    return new Property(
        name,
        label,
        type,
        fieldType,
        groupName,
        description,
        hubspotDefined,
        readOnly,
        true,
        calculated,
        options,
        createdAt);
  }

  /** A stored value as HubSpot sends it: always a string. */
  String format(Object value) {
    if (value == null) return null;
    if (value instanceof Instant at) return Wire.iso(at);
    if (value instanceof BigDecimal d) return d.stripTrailingZeros().toPlainString();
    if (value instanceof Boolean b) return b ? "true" : "false";
    return value.toString();
  }

  /**
   * An incoming value in the stored type; throws with HubSpot's error code when it does not fit.
   */
  Object parse(Object raw) throws InvalidValue {
    if (raw == null) return null;
    String s = raw instanceof BigDecimal d ? d.toPlainString() : raw.toString();
    if (s.isEmpty()) return null; // an empty string clears the value
    switch (type) {
      case "number":
        try {
          return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
          throw new InvalidValue("INVALID_INTEGER", s + " was not a valid number.");
        }
      case "bool":
        if (s.equalsIgnoreCase("true")) return true;
        if (s.equalsIgnoreCase("false")) return false;
        throw new InvalidValue("INVALID_BOOLEAN", s + " was not a valid boolean (true or false).");
      case "datetime":
        try {
          return s.chars().allMatch(Character::isDigit)
              ? Instant.ofEpochMilli(Long.parseLong(s))
              : Instant.parse(s);
        } catch (DateTimeParseException | NumberFormatException e) {
          throw new InvalidValue(
              "INVALID_DATETIME",
              s + " was not a valid datetime (epoch milliseconds or ISO-8601).");
        }
      case "date":
        try {
          if (s.chars().allMatch(Character::isDigit)) {
            Instant at = Instant.ofEpochMilli(Long.parseLong(s));
            if (at.getEpochSecond() % 86_400 != 0 || at.getNano() != 0) {
              throw new InvalidValue("INVALID_DATE", s + " is not midnight UTC.");
            }
            return LocalDate.ofInstant(at, ZoneOffset.UTC);
          }
          return LocalDate.parse(s);
        } catch (DateTimeParseException | NumberFormatException e) {
          throw new InvalidValue(
              "INVALID_DATE", s + " was not a valid date (YYYY-MM-DD or midnight UTC epoch ms).");
        }
      case "enumeration":
        if (!options.isEmpty()) {
          for (String part : s.split(";")) {
            if (!options.contains(part)) {
              throw new InvalidValue(
                  "INVALID_OPTION", s + " was not one of the allowed options: " + options);
            }
          }
        }
        return s;
      default:
        return s;
    }
  }

  /** The property as the properties API writes it. */
  Map<String, Object> toJson(int displayOrder) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("updatedAt", Wire.iso(createdAt));
    m.put("createdAt", Wire.iso(createdAt));
    m.put("name", name);
    m.put("label", label);
    m.put("type", type);
    m.put("fieldType", fieldType);
    m.put("description", description);
    m.put("groupName", groupName);
    List<Object> opts = new java.util.ArrayList<>();
    for (int i = 0; i < options.size(); i++) {
      opts.add(
          Map.of(
              "label",
              options.get(i),
              "value",
              options.get(i),
              "displayOrder",
              i,
              "hidden",
              false));
    }
    m.put("options", opts);
    m.put("displayOrder", displayOrder);
    m.put("calculated", calculated);
    m.put("externalOptions", false);
    m.put("hasUniqueValue", unique);
    m.put("hidden", false);
    m.put("hubspotDefined", hubspotDefined);
    m.put(
        "modificationMetadata",
        Map.of(
            "archivable",
            !hubspotDefined,
            "readOnlyDefinition",
            hubspotDefined,
            "readOnlyValue",
            readOnly));
    m.put("formField", !readOnly);
    m.put("dataSensitivity", "non_sensitive");
    return m;
  }

  /** A value that does not fit its property; {@code code} is HubSpot's error code. */
  static final class InvalidValue extends Exception {
    private static final long serialVersionUID = 1L;
    final String code;

    InvalidValue(String code, String message) {
      super(message);
      this.code = code;
    }
  }
}
