package dev.revsync.simulators.dynamics;

import java.util.Map;
import java.util.Objects;

/**
 * One column of a simulated Dataverse table as {@code EntityDefinitions(...)/Attributes} describes
 * it. {@code name} is the logical name; a lookup's value travels as {@code _<name>_value}. {@code
 * options} holds the labels of a choice column (its FormattedValue). Immutable.
 */
record Attribute(
    String name,
    String type,
    boolean validForCreate,
    boolean validForUpdate,
    String lookupTarget,
    Map<Long, String> options,
    boolean dateOnly) {

  Attribute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  static Attribute of(String name, String type) {
    return new Attribute(name, type, true, true, null, null, false);
  }

  static Attribute readOnly(String name, String type) {
    return new Attribute(name, type, false, false, null, null, false);
  }

  static Attribute lookup(String name, String type, String target) {
    return new Attribute(name, type, true, true, target, null, false);
  }

  static Attribute choice(String name, String type, Map<Long, String> options) {
    return new Attribute(
        name, type, !type.equals("State") && !type.equals("Status"), true, null, options, false);
  }

  static Attribute date(String name) {
    return new Attribute(name, "DateTime", true, true, null, null, true);
  }

  boolean isLookup() {
    return lookupTarget != null;
  }

  /** The property name in JSON records and query options: {@code _name_value} for lookups. */
  String property() {
    return isLookup() ? "_" + name + "_value" : name;
  }
}
