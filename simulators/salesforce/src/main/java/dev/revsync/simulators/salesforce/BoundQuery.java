package dev.revsync.simulators.salesforce;

import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.salesforce.Soql.Condition;
import dev.revsync.simulators.salesforce.Soql.Literal;
import dev.revsync.simulators.salesforce.Soql.Path;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed query checked against the describe metadata: fields resolved (case-insensitively, to
 * their canonical names), literals typed per field (Salesforce's {@code INVALID_FIELD} when a
 * datetime is quoted, a number is compared with text, …), plus what the executor needs to avoid a
 * full scan: bounds on {@code SystemModstamp} and ids named by {@code Id = / IN}. Immutable.
 */
final class BoundQuery {
  /**
   * A field reached from the queried object: {@code relationships} are the relationship names
   * walked (resolved per record, since some are polymorphic), then {@code field}; {@code output}
   * holds the canonical names to render.
   */
  record FieldRef(
      List<String> relationships, String fieldName, SfField field, List<String> output) {
    boolean isDirect() {
      return relationships.isEmpty();
    }

    String dotted() {
      return String.join(".", output);
    }
  }

  /** A bound on SystemModstamp. */
  record Bound(Instant at, boolean inclusive) {}

  /**
   * Rows strictly after the position ({@code after}, {@code afterId}) in (modifiedAt, Id) order and
   * modified strictly before {@code before}, in {@link dev.revsync.simulators.ObjectTable}'s terms:
   * {@code after} null means from the start, {@code afterId} null means after the whole instant
   * {@code after}, {@code before} null means no end.
   */
  record Window(Instant after, String afterId, Instant before) {
    static final Window ALL = new Window(null, null, null);

    /** The rows in both windows. */
    Window intersect(Window o) {
      Window lower = startsLater(o, this) ? o : this;
      Instant end =
          before == null
              ? o.before
              : o.before == null || before.isBefore(o.before) ? before : o.before;
      return new Window(lower.after, lower.afterId, end);
    }

    /** Whether {@code a} starts after {@code b} (a null id sorts after every id of its instant). */
    private static boolean startsLater(Window a, Window b) {
      if (a.after == null) return false;
      if (b.after == null) return true;
      int c = a.after.compareTo(b.after);
      if (c != 0) return c > 0;
      if (a.afterId == null) return b.afterId != null;
      return b.afterId != null && a.afterId.compareTo(b.afterId) > 0;
    }
  }

  /** One ORDER BY item, bound. */
  record OrderRef(FieldRef ref, boolean descending, boolean nullsLast) {}

  /** A compiled WHERE predicate. */
  interface Predicate {
    boolean test(Row row);
  }

  /** One record being evaluated, with its parents looked up once. */
  static final class Row {
    final SimRecord record;
    private final SObjectType type;
    private final SfRecords records;
    private java.util.Map<String, SimRecord> parents;

    Row(SimRecord record, SObjectType type, SfRecords records) {
      this.record = record;
      this.type = type;
      this.records = records;
    }

    /** The value at {@code ref}, or null when a relationship on the way is empty. */
    Object value(FieldRef ref) {
      SimRecord current = parentAt(ref.relationships());
      if (current == null) return null;
      SObjectType currentType = ref.isDirect() ? type : records.schema().typeOfId(current.id());
      SfField f = currentType == null ? null : currentType.field(ref.fieldName());
      return f == null ? null : SfRecords.value(f, current);
    }

    /** The parent record reached by a relationship path (cached per row), or null. */
    SimRecord parentAt(List<String> relationships) {
      SimRecord current = record;
      SObjectType currentType = type;
      StringBuilder key = new StringBuilder();
      for (String rel : relationships) {
        SfField link = currentType.relationship(rel);
        if (link == null) return null;
        Object id = SfRecords.value(link, current);
        if (id == null) return null;
        key.append(rel).append('.');
        current = parent(key.toString(), (String) id);
        if (current == null) return null;
        currentType = records.schema().typeOfId(current.id());
        if (currentType == null) return null;
      }
      return current;
    }

    private SimRecord parent(String key, String id) {
      if (parents == null) parents = new java.util.HashMap<>();
      return parents.computeIfAbsent(key, k -> records.byId(id));
    }
  }

  final Soql.Query query;
  final SObjectType type;
  final List<FieldRef> columns;
  final boolean count;
  final Predicate where;
  final List<OrderRef> orderBy;
  final Long limit;
  final long offset;
  final Bound lower;
  final Bound upper;
  final boolean scanOrdered;

  /** Ids the WHERE requires ({@code Id = x} or {@code Id IN (…)} at the top), or null. */
  final Set<String> ids;

  /**
   * The WHERE as a window of positions when bounding (SystemModstamp, Id) is all it does, so rows
   * can be counted without testing each; {@link Window#ALL} without a WHERE; null otherwise.
   */
  final Window window;

  private final SalesforceSchema schema;

  private BoundQuery(Soql.Query q, SObjectType type, SalesforceSchema schema) throws SoqlException {
    this.query = q;
    this.type = type;
    this.schema = schema;
    this.count = q.count();
    List<FieldRef> cols = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Path p : q.select()) {
      FieldRef ref = resolve(p);
      if (!seen.add(ref.dotted().toLowerCase(Locale.ROOT))) {
        throw SoqlException.at(
            "MALFORMED_QUERY", q.text(), p.pos(), "duplicate field selected: " + p.text());
      }
      cols.add(ref);
    }
    this.columns = List.copyOf(cols);
    this.where = q.where() == null ? null : compile(q.where());
    List<OrderRef> order = new ArrayList<>();
    for (Soql.Order o : q.orderBy()) {
      FieldRef ref = resolve(o.path());
      if (!ref.field().sortable()) {
        throw SoqlException.at(
            "INVALID_FIELD",
            q.text(),
            o.path().pos(),
            "field '" + ref.field().name() + "' can not be sorted in a query call");
      }
      order.add(new OrderRef(ref, o.descending(), o.nullsLast()));
    }
    this.orderBy = List.copyOf(order);
    this.limit = q.limit();
    this.offset = q.offset() == null ? 0 : q.offset();
    this.lower = q.where() == null ? null : bound(q.where(), true);
    this.upper = q.where() == null ? null : bound(q.where(), false);
    this.scanOrdered = isScanOrder(orderBy);
    this.ids = q.where() == null ? null : idsOf(q.where());
    this.window = q.where() == null ? Window.ALL : window(q.where());
  }

  /** Binds {@code q}; throws Salesforce's INVALID_TYPE / INVALID_FIELD errors. */
  static BoundQuery bind(Soql.Query q, SalesforceSchema schema) throws SoqlException {
    SObjectType type = schema.type(q.from());
    if (type == null) {
      throw SoqlException.at(
          "INVALID_TYPE",
          q.text(),
          q.fromPos(),
          "sObject type '"
              + q.from()
              + "' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the"
              + " entity name. Please reference your WSDL or the describe call for the appropriate names.");
    }
    return new BoundQuery(q, type, schema);
  }

  /** Whether any selected column is a compound (address/location) field. */
  FieldRef firstCompoundColumn() {
    return columns.stream().filter(c -> c.field().isCompound()).findFirst().orElse(null);
  }

  private FieldRef resolve(Path p) throws SoqlException {
    List<String> parts = p.parts();
    List<SObjectType> current = List.of(type);
    List<String> relationships = new ArrayList<>();
    List<String> output = new ArrayList<>();
    for (int i = 0; i < parts.size() - 1; i++) {
      String rel = parts.get(i);
      if (i == 0
          && parts.size() > 1
          && rel.equalsIgnoreCase(type.name())
          && type.relationship(rel) == null) {
        continue; // "SELECT Contact.Email FROM Contact" names the queried object itself
      }
      Set<SObjectType> next = new LinkedHashSet<>();
      String canonical = null;
      for (SObjectType t : current) {
        SfField link = t.relationship(rel);
        if (link == null) continue;
        canonical = link.relationshipName();
        for (String target : link.referenceTo()) {
          SObjectType tt = schema.type(target);
          if (tt != null) next.add(tt);
        }
      }
      if (canonical == null || next.isEmpty()) {
        throw SoqlException.at(
            "INVALID_FIELD",
            query(),
            p.pos(),
            "Didn't understand relationship '"
                + rel
                + "' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after"
                + " the custom relationship name. Please reference your WSDL or the describe call for the appropriate"
                + " names.");
      }
      relationships.add(canonical);
      output.add(canonical);
      current = List.copyOf(next);
    }
    String name = parts.get(parts.size() - 1);
    for (SObjectType t : current) {
      SfField f = t.field(name);
      if (f != null) {
        output.add(f.name());
        return new FieldRef(List.copyOf(relationships), f.name(), f, List.copyOf(output));
      }
    }
    throw SoqlException.at(
        "INVALID_FIELD",
        query(),
        p.pos(),
        "No such column '"
            + name
            + "' on entity '"
            + current.get(0).name()
            + "'. If you are attempting to use a custom field, be sure to append the '__c' after"
            + " the custom field name. Please reference your WSDL or the describe call for the appropriate names.");
  }

  private String query() {
    return query.text();
  }

  // ---- WHERE ---------------------------------------------------------------------------------

  private Predicate compile(Condition c) throws SoqlException {
    if (c instanceof Soql.And and) {
      List<Predicate> ps = new ArrayList<>();
      for (Condition t : and.terms()) ps.add(compile(t));
      return row -> {
        for (Predicate p : ps) if (!p.test(row)) return false;
        return true;
      };
    }
    if (c instanceof Soql.Or or) {
      List<Predicate> ps = new ArrayList<>();
      for (Condition t : or.terms()) ps.add(compile(t));
      return row -> {
        for (Predicate p : ps) if (p.test(row)) return true;
        return false;
      };
    }
    if (c instanceof Soql.Not not) {
      Predicate p = compile(not.term());
      return row -> !p.test(row);
    }
    if (c instanceof Soql.In in) {
      FieldRef ref = filterable(in.field());
      List<Object> values = new ArrayList<>();
      for (Literal l : in.values()) values.add(typed(ref, in.field(), l));
      boolean negated = in.negated();
      SfField f = ref.field();
      return row -> {
        Object v = row.value(ref);
        boolean hit = false;
        for (Object lit : values) {
          if (lit == null ? v == null : v != null && compare(f, v, lit) == 0) {
            hit = true;
            break;
          }
        }
        return negated != hit;
      };
    }
    Soql.Compare cmp = (Soql.Compare) c;
    FieldRef ref = filterable(cmp.field());
    SfField f = ref.field();
    String op = cmp.op();
    if (op.equals("LIKE")) {
      Pattern pattern = likePattern(((Soql.Text) cmp.value()).value());
      return row -> {
        Object v = row.value(ref);
        return v != null && pattern.matcher(v.toString()).matches();
      };
    }
    if (cmp.value() instanceof Soql.RelativeDate rd) {
      Object from =
          f.type().equals("datetime")
              ? rd.from().atStartOfDay(ZoneOffset.UTC).toInstant()
              : rd.from();
      Object to =
          f.type().equals("datetime") ? rd.to().atStartOfDay(ZoneOffset.UTC).toInstant() : rd.to();
      checkTemporal(ref, cmp.field(), cmp.value());
      return row -> {
        Object v = row.value(ref);
        if (v == null) return op.equals("!=");
        boolean afterStart = compare(f, v, from) >= 0;
        boolean beforeEnd = compare(f, v, to) < 0;
        return switch (op) {
          case "=" -> afterStart && beforeEnd;
          case "!=" -> !(afterStart && beforeEnd);
          case "<" -> !afterStart;
          case "<=" -> beforeEnd;
          case ">" -> !beforeEnd;
          default -> afterStart; // >=
        };
      };
    }
    Object lit = typed(ref, cmp.field(), cmp.value());
    return row -> {
      Object v = row.value(ref);
      if (lit == null) {
        return switch (op) {
          case "=" -> v == null;
          case "!=" -> v != null;
          default -> false;
        };
      }
      if (v == null) return op.equals("!=");
      int r = compare(f, v, lit);
      return switch (op) {
        case "=" -> r == 0;
        case "!=" -> r != 0;
        case "<" -> r < 0;
        case "<=" -> r <= 0;
        case ">" -> r > 0;
        default -> r >= 0;
      };
    };
  }

  private FieldRef filterable(Path p) throws SoqlException {
    FieldRef ref = resolve(p);
    if (!ref.field().filterable()) {
      throw SoqlException.at(
          "INVALID_FIELD",
          query(),
          p.pos(),
          "field '" + ref.field().name() + "' can not be filtered in query call");
    }
    return ref;
  }

  private void checkTemporal(FieldRef ref, Path p, Literal l) throws SoqlException {
    String t = ref.field().type();
    if (!t.equals("datetime") && !t.equals("date")) throw mismatch(ref, l);
  }

  /** The literal as a value comparable with the field's values; null for NULL. */
  private Object typed(FieldRef ref, Path p, Literal l) throws SoqlException {
    if (l instanceof Soql.Null) return null;
    SfField f = ref.field();
    switch (f.type()) {
      case "datetime":
        if (l instanceof Soql.DateTimeLit dt) return SfValues.millis(dt.value());
        throw mismatch(ref, l);
      case "date":
        if (l instanceof Soql.DateLit d) return d.value();
        throw mismatch(ref, l);
      case "boolean":
        if (l instanceof Soql.Bool b) return b.value();
        throw mismatch(ref, l);
      case "int", "long", "double", "currency", "percent":
        if (l instanceof Soql.Num n) return n.value();
        throw mismatch(ref, l);
      case "id", "reference":
        if (l instanceof Soql.Text t) {
          String id = SfIds.normalize(t.value());
          if (id == null) {
            throw SoqlException.at(
                "INVALID_QUERY_FILTER_OPERATOR",
                query(),
                t.pos(),
                "invalid ID field: " + t.value());
          }
          return id;
        }
        throw mismatch(ref, l);
      default:
        if (l instanceof Soql.Text t) return t.value();
        throw mismatch(ref, l);
    }
  }

  private SoqlException mismatch(FieldRef ref, Literal l) {
    SfField f = ref.field();
    String needs =
        f.isText() || f.isIdLike()
            ? "should be enclosed in quotes"
            : "should not be enclosed in quotes";
    return SoqlException.at(
        "INVALID_FIELD",
        query(),
        position(l),
        "value of filter criterion for field '"
            + f.name()
            + "' must be of type "
            + f.filterTypeName()
            + " and "
            + needs);
  }

  private static int position(Literal l) {
    if (l instanceof Soql.Text t) return t.pos();
    if (l instanceof Soql.Num n) return n.pos();
    if (l instanceof Soql.Bool b) return b.pos();
    if (l instanceof Soql.Null n) return n.pos();
    if (l instanceof Soql.DateTimeLit d) return d.pos();
    if (l instanceof Soql.DateLit d) return d.pos();
    return ((Soql.RelativeDate) l).pos();
  }

  /** Compares a field value with a typed literal (or another value of the field). */
  static int compare(SfField f, Object a, Object b) {
    if (f.isIdLike()) {
      String x = a.toString();
      String y = b.toString();
      return x.substring(0, Math.min(15, x.length()))
          .compareTo(y.substring(0, Math.min(15, y.length())));
    }
    if (a instanceof String s && b instanceof String t) return s.compareToIgnoreCase(t);
    if (a instanceof BigDecimal || a instanceof Long || b instanceof BigDecimal) {
      return SfValues.asDecimal(a).compareTo(SfValues.asDecimal(b));
    }
    if (a instanceof Boolean x && b instanceof Boolean y) return Boolean.compare(x, y);
    if (a instanceof Instant x && b instanceof Instant y) return x.compareTo(y);
    if (a instanceof LocalDate x && b instanceof LocalDate y) return x.compareTo(y);
    return a.toString().compareToIgnoreCase(b.toString());
  }

  private static Pattern likePattern(String like) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < like.length(); i++) {
      char c = like.charAt(i);
      if (c == '\\'
          && i + 1 < like.length()
          && (like.charAt(i + 1) == '%' || like.charAt(i + 1) == '_')) {
        regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(
        regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
  }

  // ---- plan hints ----------------------------------------------------------------------------

  private boolean isModstamp(Path p) {
    if (p.parts().size() != 1) return false;
    SfField f = type.field(p.parts().get(0));
    return f != null && f.source() == SfField.Source.MODIFIED;
  }

  /**
   * The tightest bound on SystemModstamp from below ({@code lower}) or above that every row the
   * condition matches obeys, or null if there is none.
   */
  private Bound bound(Condition c, boolean lower) {
    if (c instanceof Soql.Compare cmp && isModstamp(cmp.field())) {
      if (cmp.value() instanceof Soql.DateTimeLit dt) {
        Instant t = SfValues.millis(dt.value());
        String op = cmp.op();
        if (op.equals("=") || op.equals(lower ? ">=" : "<=")) return new Bound(t, true);
        if (op.equals(lower ? ">" : "<")) return new Bound(t, false);
      }
      return null;
    }
    if (c instanceof Soql.And and) {
      Bound tightest = null;
      for (Condition t : and.terms()) {
        Bound b = bound(t, lower);
        if (b != null && (tightest == null || tighter(b.at(), tightest.at(), lower))) tightest = b;
      }
      return tightest;
    }
    if (c instanceof Soql.Or or) {
      Bound loosest = null;
      for (Condition t : or.terms()) {
        Bound b = bound(t, lower);
        if (b == null) return null;
        if (loosest == null
            || tighter(loosest.at(), b.at(), lower)
            || (b.at().equals(loosest.at()) && b.inclusive())) {
          loosest = b;
        }
      }
      return loosest;
    }
    return null;
  }

  /**
   * Whether bound {@code a} admits fewer instants than {@code b}: later for a lower bound, earlier
   * for an upper.
   */
  private static boolean tighter(Instant a, Instant b, boolean lower) {
    return lower ? a.isAfter(b) : a.isBefore(b);
  }

  /**
   * The window a condition selects when it only bounds the (SystemModstamp, Id) position: a
   * comparison of SystemModstamp with a datetime, the keyset condition a sync pages with ({@code
   * SystemModstamp > t OR (SystemModstamp = t AND Id > 'x')}), or an AND of those; else null. SOQL
   * compares milliseconds, so {@code > t} starts after the last instant of t's millisecond.
   */
  private Window window(Condition c) {
    if (c instanceof Soql.And and) {
      Window w = Window.ALL;
      for (Condition t : and.terms()) {
        Window tw = window(t);
        if (tw == null) return null;
        w = w.intersect(tw);
      }
      return w;
    }
    if (c instanceof Soql.Or or) return keysetPosition(or);
    Instant t = modstampLiteral(c);
    if (t == null) return null;
    Instant nextMilli = t.plusMillis(1);
    return switch (((Soql.Compare) c).op()) {
      case ">" -> new Window(nextMilli.minusNanos(1), null, null);
      case ">=" -> new Window(t.minusNanos(1), null, null);
      case "=" -> new Window(t.minusNanos(1), null, nextMilli);
      case "<" -> new Window(null, null, t);
      case "<=" -> new Window(null, null, nextMilli);
      default -> null;
    };
  }

  /**
   * {@code SystemModstamp > t OR (SystemModstamp = t AND Id > 'x')} as the position (t, x), else
   * null.
   */
  private Window keysetPosition(Soql.Or or) {
    if (or.terms().size() != 2) return null;
    for (int i = 0; i < 2; i++) {
      Condition after = or.terms().get(i);
      if (!(or.terms().get(1 - i) instanceof Soql.And tie) || tie.terms().size() != 2) continue;
      Instant t = modstampLiteral(after);
      if (t == null || !((Soql.Compare) after).op().equals(">")) return null;
      for (int j = 0; j < 2; j++) {
        Condition same = tie.terms().get(j);
        Instant s = modstampLiteral(same);
        String id = idAfter(tie.terms().get(1 - j));
        if (s != null && s.equals(t) && ((Soql.Compare) same).op().equals("=") && id != null) {
          return new Window(t, id, null);
        }
      }
    }
    return null;
  }

  /** The datetime a SystemModstamp comparison compares with (to the millisecond), or null. */
  private Instant modstampLiteral(Condition c) {
    if (c instanceof Soql.Compare cmp
        && isModstamp(cmp.field())
        && cmp.value() instanceof Soql.DateTimeLit dt) {
      return SfValues.millis(dt.value());
    }
    return null;
  }

  /** The 18-character id of {@code Id > 'x'}, or null. */
  private String idAfter(Condition c) {
    if (!(c instanceof Soql.Compare cmp)
        || !cmp.op().equals(">")
        || cmp.field().parts().size() != 1) return null;
    SfField f = type.field(cmp.field().parts().get(0));
    if (f == null || f.source() != SfField.Source.ID || !(cmp.value() instanceof Soql.Text text))
      return null;
    return SfIds.normalize(text.value());
  }

  private Set<String> idsOf(Condition c) {
    if (c instanceof Soql.And and) {
      for (Condition t : and.terms()) {
        Set<String> s = idsOf(t);
        if (s != null) return s;
      }
      return null;
    }
    Path field;
    List<Literal> values;
    if (c instanceof Soql.Compare cmp && cmp.op().equals("=")) {
      field = cmp.field();
      values = List.of(cmp.value());
    } else if (c instanceof Soql.In in && !in.negated()) {
      field = in.field();
      values = in.values();
    } else {
      return null;
    }
    if (field.parts().size() != 1 || !field.parts().get(0).equalsIgnoreCase("Id")) return null;
    Set<String> ids = new LinkedHashSet<>();
    for (Literal l : values) {
      if (l instanceof Soql.Text t && SfIds.normalize(t.value()) != null)
        ids.add(SfIds.normalize(t.value()));
    }
    return ids;
  }

  private static boolean isScanOrder(List<OrderRef> order) {
    if (order.isEmpty()) return true;
    OrderRef first = order.get(0);
    if (!first.ref().isDirect()
        || first.ref().field().source() != SfField.Source.MODIFIED
        || first.descending()) {
      return false;
    }
    if (order.size() == 1) return true;
    OrderRef second = order.get(1);
    return order.size() == 2
        && second.ref().isDirect()
        && second.ref().field().source() == SfField.Source.ID
        && !second.descending();
  }

  /** The ORDER BY comparator for rows that are not in scan order. */
  Comparator<Row> comparator() {
    Comparator<Row> c = (a, b) -> 0;
    for (OrderRef o : orderBy) {
      Comparator<Row> one =
          (a, b) -> {
            Object x = a.value(o.ref());
            Object y = b.value(o.ref());
            if (x == null || y == null) {
              if (x == y) return 0;
              int nullFirst = x == null ? -1 : 1;
              return o.nullsLast() ? -nullFirst : nullFirst;
            }
            int r = compare(o.ref().field(), x, y);
            return o.descending() ? -r : r;
          };
      c = c.thenComparing(one);
    }
    return c.thenComparing((a, b) -> a.record.id().compareTo(b.record.id()));
  }
}
