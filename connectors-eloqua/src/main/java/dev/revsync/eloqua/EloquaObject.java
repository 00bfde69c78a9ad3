package dev.revsync.eloqua;

import dev.revsync.VendorApiException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kind of Eloqua record as the connector names it, with the Bulk API paths and markup
 * statements it needs:
 *
 * <ul>
 *   <li>{@code Contact}, {@code Account}: {@code /contacts}, {@code /accounts}; cursor {@code
 *       {{Contact.UpdatedAt}}}.
 *   <li>an activity type such as {@code EmailOpen}: {@code /activities} filtered on {@code
 *       {{Activity.Type}}}; cursor {@code {{Activity.CreatedAt}}} (activities never change).
 *   <li>{@code CustomObject[25]}: {@code /customObjects/25}; cursor {@code
 *       {{CustomObject[25].UpdatedAt}}}.
 * </ul>
 *
 * @param name the name hosts use in requests
 * @param kind which of the three
 * @param markup the markup prefix: {@code Contact}, {@code Account}, {@code Activity}, {@code
 *     CustomObject[25]}
 * @param path the Bulk API collection path: {@code /contacts}, {@code /activities}, {@code
 *     /customObjects/25}
 * @param activityType the activity type, for activities; else null
 */
record EloquaObject(String name, Kind kind, String markup, String path, String activityType) {

  enum Kind {
    CONTACT,
    ACCOUNT,
    ACTIVITY,
    CUSTOM_OBJECT
  }

  /**
   * The activity types Oracle documents for Bulk exports (external activities use their own names).
   */
  static final List<String> ACTIVITY_TYPES =
      List.of(
          "EmailOpen",
          "EmailClickthrough",
          "EmailSend",
          "Subscribe",
          "Unsubscribe",
          "Bounceback",
          "WebVisit",
          "PageView",
          "FormSubmit");

  static final EloquaObject CONTACT =
      new EloquaObject("Contact", Kind.CONTACT, "Contact", "/contacts", null);
  static final EloquaObject ACCOUNT =
      new EloquaObject("Account", Kind.ACCOUNT, "Account", "/accounts", null);

  private static final Pattern CUSTOM = Pattern.compile("(?i)CustomObject\\[(\\d+)]");
  private static final Pattern EXTERNAL_ACTIVITY = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");

  static EloquaObject activity(String type) {
    return new EloquaObject(type, Kind.ACTIVITY, "Activity", "/activities", type);
  }

  static EloquaObject customObject(String id) {
    return new EloquaObject(
        "CustomObject[" + id + "]",
        Kind.CUSTOM_OBJECT,
        "CustomObject[" + id + "]",
        "/customObjects/" + id,
        null);
  }

  /**
   * The object named {@code name}: {@code Contact}, {@code Account}, an activity type, or {@code
   * CustomObject[<id>]} (case-insensitive).
   *
   * @throws VendorApiException when the name is none of those
   */
  static EloquaObject parse(String name) {
    String n = name.trim();
    if (n.equalsIgnoreCase("Contact") || n.equalsIgnoreCase("Contacts")) return CONTACT;
    if (n.equalsIgnoreCase("Account") || n.equalsIgnoreCase("Accounts")) return ACCOUNT;
    Matcher m = CUSTOM.matcher(n);
    if (m.matches()) return customObject(m.group(1));
    for (String type : ACTIVITY_TYPES) {
      if (type.equalsIgnoreCase(n)) return activity(type);
    }
    if (n.toLowerCase(Locale.ROOT).startsWith("activity:")
        && EXTERNAL_ACTIVITY.matcher(n.substring(9)).matches()) {
      return activity(n.substring(9));
    }
    throw new VendorApiException(
        EloquaConfig.SYSTEM,
        "sync " + name,
        0,
        "NOT_FOUND",
        "no Eloqua object named '" + name + "'",
        "Use Contact, Account, an activity type ("
            + String.join(", ", ACTIVITY_TYPES)
            + ", or Activity:<external type>) or CustomObject[<id>] as discover() lists them");
  }

  boolean isActivity() {
    return kind == Kind.ACTIVITY;
  }

  /** Activities are read-only in the Bulk API: no import definitions. */
  boolean isWritable() {
    return kind != Kind.ACTIVITY;
  }

  /** {@code {{Contact.Id}}}: the record's id. */
  String idStatement() {
    return "{{" + markup + ".Id}}";
  }

  /** {@code {{Contact.CreatedAt}}}. */
  String createdAtStatement() {
    return "{{" + markup + ".CreatedAt}}";
  }

  /** The incremental cursor: UpdatedAt, or CreatedAt for activities (they are never updated). */
  String cursorStatement() {
    return kind == Kind.ACTIVITY ? createdAtStatement() : "{{" + markup + ".UpdatedAt}}";
  }

  /**
   * The field endpoint: {@code /contacts/fields}, {@code
   * /activities/fields?activityType=EmailOpen}.
   */
  String fieldsPath() {
    return kind == Kind.ACTIVITY
        ? path + "/fields?activityType=" + activityType + "&"
        : path + "/fields?";
  }

  /**
   * The statement of a field by its internal name, where it can be written without a field lookup.
   */
  String fieldStatement(String internalName) {
    return switch (kind) {
      case CONTACT, ACCOUNT, ACTIVITY -> "{{" + markup + ".Field(" + internalName + ")}}";
      case CUSTOM_OBJECT -> null; // custom object fields are addressed by numeric id: Field[159]
    };
  }
}
