package dev.revsync.simulators.salesforce;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The parsed form of the SOQL subset a sync sends: a select list (fields, dotted parent
 * relationships, or {@code COUNT()}), one object, an optional WHERE tree, ORDER BY, LIMIT and
 * OFFSET. Positions are character offsets into the query text, for error carets.
 */
final class Soql {
  private Soql() {}

  /** A parsed query. {@code limit}/{@code offset} are null when absent. */
  record Query(
      String text,
      List<Path> select,
      boolean count,
      String from,
      int fromPos,
      Condition where,
      List<Order> orderBy,
      Long limit,
      Long offset) {}

  /** A field path as written, such as {@code Account.Owner.Name}. */
  record Path(List<String> parts, int pos) {
    String text() {
      return String.join(".", parts);
    }
  }

  /** One ORDER BY item. */
  record Order(Path path, boolean descending, boolean nullsLast) {}

  /** A WHERE expression. */
  sealed interface Condition permits And, Or, Not, Compare, In {}

  record And(List<Condition> terms) implements Condition {}

  record Or(List<Condition> terms) implements Condition {}

  record Not(Condition term) implements Condition {}

  /** {@code field op value}; op is one of = != < <= > >= LIKE. */
  record Compare(Path field, String op, Literal value) implements Condition {}

  record In(Path field, boolean negated, List<Literal> values) implements Condition {}

  /** A literal value. */
  sealed interface Literal permits Text, Num, Bool, Null, DateTimeLit, DateLit, RelativeDate {}

  record Text(String value, int pos) implements Literal {}

  record Num(BigDecimal value, int pos) implements Literal {}

  record Bool(boolean value, int pos) implements Literal {}

  record Null(int pos) implements Literal {}

  record DateTimeLit(Instant value, int pos) implements Literal {}

  record DateLit(LocalDate value, int pos) implements Literal {}

  /**
   * A relative date literal such as {@code TODAY} or {@code LAST_N_DAYS:7}: the UTC days [from,
   * to).
   */
  record RelativeDate(String text, LocalDate from, LocalDate to, int pos) implements Literal {}
}
