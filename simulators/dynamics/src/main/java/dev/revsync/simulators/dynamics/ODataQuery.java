package dev.revsync.simulators.dynamics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * The query options of one collection GET, checked against the table: {@code $select}, {@code
 * $filter}, {@code $orderby}, {@code $top}, {@code $count}, and the paging/delta tokens. {@code
 * $skip} answers the service's own refusal; {@code $expand} and other options this simulator does
 * not implement answer a clear 400 instead of being ignored. Immutable.
 */
record ODataQuery(
    List<String> select,
    ODataFilter filter,
    String filterText,
    List<Order> orderBy,
    int top,
    boolean count,
    String skipToken,
    String deltaToken) {

  /** One {@code $orderby} term. */
  record Order(String property, boolean descending) {}

  static ODataQuery parse(HttpUrl url, EntityType type) {
    List<String> select = List.of();
    ODataFilter filter = null;
    String filterText = null;
    List<Order> orderBy = List.of();
    int top = -1;
    boolean count = false;
    String skipToken = null;
    String deltaToken = null;
    for (String name : url.queryParameterNames()) {
      String value = url.queryParameter(name);
      String option = name.toLowerCase(Locale.ROOT);
      switch (option) {
        case "$select" -> select = parseSelect(value, type);
        case "$filter" -> {
          filterText = value;
          filter = value == null || value.isBlank() ? null : ODataFilter.parse(value, type);
        }
        case "$orderby" -> orderBy = parseOrderBy(value, type);
        case "$top" -> top = parseTop(value);
        case "$count" -> count = "true".equalsIgnoreCase(value);
        case "$skiptoken" -> skipToken = value;
        case "$deltatoken" -> deltaToken = value;
        case "$skip" ->
            throw WebErrors.badRequest(
                WebErrors.UNKNOWN_PROPERTY, "Skip Clause is not supported in CRM");
        case "$expand" ->
            throw WebErrors.badRequest(
                WebErrors.UNKNOWN_PROPERTY,
                "The query option $expand is not supported by the revsync Dataverse simulator on data tables; "
                    + "select the lookup's _<name>_value column and read the related table instead.");
        case "$format" -> {
          if (value != null
              && !value.toLowerCase(Locale.ROOT).startsWith("json")
              && !value.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw WebErrors.badRequest(
                WebErrors.UNKNOWN_PROPERTY, "The format '" + value + "' is not supported.");
          }
        }
        case "fetchxml", "savedquery", "userquery" ->
            throw WebErrors.badRequest(
                WebErrors.UNKNOWN_PROPERTY,
                "The query parameter '"
                    + name
                    + "' is not supported by the revsync Dataverse simulator; use OData "
                    + "query options.");
        default -> {
          if (option.startsWith("$")) {
            throw WebErrors.badRequest(
                WebErrors.UNKNOWN_PROPERTY,
                "The query parameter '"
                    + name
                    + "' is not supported by the revsync Dataverse simulator.");
          }
          // other parameters (a cache buster) are ignored, as the service ignores them
        }
      }
    }
    return new ODataQuery(select, filter, filterText, orderBy, top, count, skipToken, deltaToken);
  }

  private static List<String> parseSelect(String value, EntityType type) {
    if (value == null || value.isBlank()) return List.of();
    List<String> out = new ArrayList<>();
    for (String raw : value.split(",")) {
      String p = raw.trim();
      if (p.isEmpty()) continue;
      if (type.byProperty(p) == null) throw WebErrors.unknownProperty(type, p);
      if (!out.contains(p)) out.add(p);
    }
    return List.copyOf(out);
  }

  private static List<Order> parseOrderBy(String value, EntityType type) {
    if (value == null || value.isBlank()) return List.of();
    List<Order> out = new ArrayList<>();
    for (String raw : value.split(",")) {
      String[] words = raw.trim().split("\\s+");
      if (words.length == 0 || words[0].isEmpty()) continue;
      if (type.byProperty(words[0]) == null) throw WebErrors.unknownProperty(type, words[0]);
      boolean desc = false;
      if (words.length > 1) {
        String dir = words[1].toLowerCase(Locale.ROOT);
        if (dir.equals("desc")) desc = true;
        else if (!dir.equals("asc")) {
          throw WebErrors.badRequest(
              WebErrors.UNKNOWN_PROPERTY, "Syntax error in $orderby '" + value + "'.");
        }
      }
      out.add(new Order(words[0], desc));
    }
    return List.copyOf(out);
  }

  private static int parseTop(String value) {
    try {
      int top = Integer.parseInt(value.trim());
      if (top < 0) throw new NumberFormatException();
      return top;
    } catch (RuntimeException e) {
      throw WebErrors.badRequest(
          WebErrors.UNKNOWN_PROPERTY, "Invalid value '" + value + "' for $top query option.");
    }
  }

  /**
   * Whether rows come in the table's own (modifiedon, id) order, so a scan serves them without
   * sorting.
   */
  boolean scanOrder(EntityType type) {
    if (orderBy.isEmpty()) return true;
    Order first = orderBy.get(0);
    if (!first.property().equals(EntityType.MODIFIED_ON) || first.descending()) return false;
    if (orderBy.size() == 1) return true;
    Order second = orderBy.get(1);
    return orderBy.size() == 2
        && second.property().equals(type.primaryId())
        && !second.descending();
  }

  /** Which query options a tracked request may not carry, or null. */
  String trackingConflict() {
    if (filter != null) return "$filter";
    if (!orderBy.isEmpty()) return "$orderby";
    if (top >= 0) return "$top";
    return null;
  }
}
