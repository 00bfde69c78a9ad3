package dev.revsync.simulators.eloqua;

import dev.revsync.simulators.RecordFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One exportable kind of record: contacts, accounts, one activity type, or one custom object. Knows
 * its table, the fields {@code /fields} lists, and every markup statement a definition may use.
 */
final class ObjectType {
  enum Kind {
    CONTACT,
    ACCOUNT,
    ACTIVITY,
    CUSTOM_OBJECT
  }

  final Kind kind;

  /** The {@link dev.revsync.simulators.ObjectTable} name. */
  final String table;

  /** Activity type ({@code EmailOpen}) or custom object name ({@code Purchase}); null otherwise. */
  final String typeName;

  /** Custom object id; 0 otherwise. */
  final int customObjectId;

  /** The Bulk collection path: {@code /contacts}, {@code /activities}, {@code /customObjects/7}. */
  final String collectionPath;

  final List<EloquaField> fields;
  final long generated;
  final RecordFactory factory;
  final Accessor idAccessor;
  final Accessor cursorAccessor;
  private final Map<String, Accessor> statements;

  ObjectType(
      Kind kind,
      String table,
      String typeName,
      int customObjectId,
      String collectionPath,
      List<EloquaField> fields,
      List<Accessor> accessors,
      long generated,
      RecordFactory factory) {
    this.kind = kind;
    this.table = table;
    this.typeName = typeName;
    this.customObjectId = customObjectId;
    this.collectionPath = collectionPath;
    this.fields = List.copyOf(fields);
    this.generated = generated;
    this.factory = factory;
    Map<String, Accessor> byStatement = new LinkedHashMap<>();
    Accessor id = null;
    Accessor cursor = null;
    for (Accessor a : accessors) {
      byStatement.put(normalize(a.statement), a);
      if (a.identity) id = a;
      if (a.modifiedCursor && a.systemTimestamp) cursor = a;
    }
    this.statements = byStatement;
    this.idAccessor = id;
    this.cursorAccessor = cursor;
  }

  /**
   * The accessor of a statement such as {@code {{Contact.Field(C_EmailAddress)}}}, or null if
   * unknown.
   */
  Accessor accessor(String statement) {
    return statement == null ? null : statements.get(normalize(statement));
  }

  /**
   * The {@code {{Contact.Field(...)}}} accessors, which activities and custom objects reach through
   * their contact.
   */
  List<Accessor> fieldsForLinks() {
    List<Accessor> list = new java.util.ArrayList<>();
    for (Accessor a : statements.values()) {
      if (a.statement.startsWith("{{Contact.Field(")) list.add(a);
    }
    return list;
  }

  /** The accessor that writes {@code storeKey}, or null. */
  Accessor accessorForKey(String storeKey) {
    for (Accessor a : statements.values()) {
      if (storeKey.equals(a.storeKey)) return a;
    }
    return null;
  }

  /** Markup keywords and internal names are case-insensitive; surrounding braces are required. */
  static String normalize(String statement) {
    return statement.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return table;
  }
}
