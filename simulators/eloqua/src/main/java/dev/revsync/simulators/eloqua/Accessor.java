package dev.revsync.simulators.eloqua;

import dev.revsync.simulators.SimRecord;
import java.util.function.BiFunction;

/**
 * What one markup statement ({@code {{Contact.Field(C_EmailAddress)}}}, {@code {{Contact.Id}}}...)
 * reads from a record of one object type and, for imports, which record field it writes.
 */
final class Accessor {
  /** Reaches records of other objects: an activity's contact, a contact's account. */
  interface Links {
    SimRecord contact(String id);

    SimRecord account(String id);
  }

  final String statement;
  final String dataType;

  /**
   * A system timestamp: exported in UTC when the definition says {@code areSystemTimestampsInUTC}.
   */
  final boolean systemTimestamp;

  /**
   * A contact field reached from an activity or custom object (limited, never filterable on
   * activities).
   */
  final boolean contactField;

  /**
   * Reads the record's modification time, so a lower bound on it can start the table scan later.
   */
  final boolean modifiedCursor;

  /** {@code {{X.Id}}}: usable as an import identifier. */
  final boolean identity;

  /** The record field an import writes; null when the statement is read-only. */
  final String storeKey;

  private final BiFunction<SimRecord, Links, Object> reader;

  private Accessor(
      String statement,
      String dataType,
      boolean systemTimestamp,
      boolean contactField,
      boolean modifiedCursor,
      boolean identity,
      String storeKey,
      BiFunction<SimRecord, Links, Object> reader) {
    this.statement = statement;
    this.dataType = dataType;
    this.systemTimestamp = systemTimestamp;
    this.contactField = contactField;
    this.modifiedCursor = modifiedCursor;
    this.identity = identity;
    this.storeKey = storeKey;
    this.reader = reader;
  }

  Object read(SimRecord record, Links links) {
    return reader.apply(record, links);
  }

  boolean isDate() {
    return "date".equals(dataType);
  }

  boolean isNumber() {
    return "number".equals(dataType);
  }

  /** The statement without its braces, such as {@code Contact.Field(C_EmailAddress)}. */
  String inner() {
    return statement.substring(2, statement.length() - 2);
  }

  static Accessor field(String statement, String key, String dataType) {
    return new Accessor(statement, dataType, false, false, false, false, key, (r, l) -> r.get(key));
  }

  static Accessor readOnly(String statement, String key, String dataType) {
    return new Accessor(
        statement, dataType, false, false, false, false, null, (r, l) -> r.get(key));
  }

  static Accessor id(String statement) {
    return new Accessor(statement, "text", false, false, false, true, null, (r, l) -> r.id());
  }

  static Accessor createdAt(String statement, boolean systemTimestamp) {
    return new Accessor(
        statement, "date", systemTimestamp, false, false, false, null, (r, l) -> createdOf(r));
  }

  static Accessor modifiedAt(String statement, boolean systemTimestamp) {
    return new Accessor(
        statement, "date", systemTimestamp, false, true, false, null, (r, l) -> r.modifiedAt());
  }

  /** A field of the contact that {@code linkKey} names. */
  static Accessor contactField(String statement, String linkKey, Accessor target) {
    return new Accessor(
        statement,
        target.dataType,
        false,
        true,
        false,
        false,
        null,
        (r, l) -> {
          Object id = r.get(linkKey);
          SimRecord contact = id == null ? null : l.contact(id.toString());
          return contact == null || contact.deleted() ? null : target.read(contact, l);
        });
  }

  /** A field of the account that {@code linkKey} names. */
  static Accessor accountField(String statement, String linkKey, Accessor target) {
    return new Accessor(
        statement,
        target.dataType,
        false,
        false,
        false,
        false,
        null,
        (r, l) -> {
          Object id = r.get(linkKey);
          SimRecord account = id == null ? null : l.account(id.toString());
          return account == null || account.deleted() ? null : target.read(account, l);
        });
  }

  static java.time.Instant createdOf(SimRecord r) {
    return r.createdAt() == null || r.createdAt().isAfter(r.modifiedAt())
        ? r.modifiedAt()
        : r.createdAt();
  }

  @Override
  public String toString() {
    return statement;
  }
}
