package dev.revsync.simulators.dynamics;

import dev.revsync.simulators.SimRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The {@code $filter} subset a sync and common OData clients send: {@code eq ne gt ge lt le},
 * {@code and or not}, parentheses, {@code contains/startswith/endswith}; literals: quoted strings
 * (inner {@code '} doubled), numbers, {@code true/false/null}, unquoted GUIDs, dates and
 * DateTimeOffsets. String comparisons ignore case, as Dataverse's do. Unknown properties answer the
 * service's {@code 0x80060888} error. A parsed filter is immutable.
 */
final class ODataFilter implements Predicate<SimRecord> {
  private final Node root;

  /**
   * The lower bound on modifiedon this filter implies at its top level (ge/gt in an and-chain), or
   * null.
   */
  private final Instant modifiedFrom;

  private ODataFilter(Node root, Instant modifiedFrom) {
    this.root = root;
    this.modifiedFrom = modifiedFrom;
  }

  static ODataFilter parse(String text, EntityType type) {
    Parser p = new Parser(text, type);
    Node n = p.parseOr();
    p.skipSpaces();
    if (p.pos < text.length()) throw syntax(text, p.pos);
    return new ODataFilter(n, lowerBound(n));
  }

  @Override
  public boolean test(SimRecord r) {
    return Boolean.TRUE.equals(root.eval(r));
  }

  /** A scan may start here: no record modified before it can match. */
  Instant modifiedFrom() {
    return modifiedFrom;
  }

  private static Instant lowerBound(Node n) {
    if (n instanceof Compare c
        && c.left instanceof Prop p
        && p.name.equals(EntityType.MODIFIED_ON)
        && c.right instanceof Lit l
        && l.value instanceof Instant at
        && (c.op.equals("ge") || c.op.equals("gt") || c.op.equals("eq"))) {
      return at;
    }
    if (n instanceof Logical lg && lg.and) {
      Instant a = lowerBound(lg.left);
      Instant b = lowerBound(lg.right);
      if (a == null) return b;
      if (b == null) return a;
      return a.isAfter(b) ? a : b;
    }
    return null;
  }

  private static WebErrors.WebError syntax(String text, int pos) {
    return WebErrors.badRequest(
        WebErrors.UNKNOWN_PROPERTY, "Syntax error at position " + pos + " in '" + text + "'.");
  }

  private interface Node {
    Object eval(SimRecord r);
  }

  private record Lit(Object value) implements Node {
    @Override
    public Object eval(SimRecord r) {
      return value;
    }
  }

  private record Prop(String name, Attribute attribute, String primaryId) implements Node {
    @Override
    public Object eval(SimRecord r) {
      if (name.equals(primaryId)) return r.id();
      if (name.equals(EntityType.MODIFIED_ON)) return r.modifiedAt();
      if (name.equals(EntityType.CREATED_ON)) return r.createdAt();
      return r.get(name);
    }
  }

  private record Not(Node inner) implements Node {
    @Override
    public Object eval(SimRecord r) {
      return !Boolean.TRUE.equals(inner.eval(r));
    }
  }

  private record Logical(boolean and, Node left, Node right) implements Node {
    @Override
    public Object eval(SimRecord r) {
      boolean l = Boolean.TRUE.equals(left.eval(r));
      if (and && !l) return false;
      if (!and && l) return true;
      return Boolean.TRUE.equals(right.eval(r));
    }
  }

  private record Compare(String op, Node left, Node right) implements Node {
    @Override
    public Object eval(SimRecord r) {
      Object a = left.eval(r);
      Object b = right.eval(r);
      if (a == null || b == null) {
        boolean bothNull = a == null && b == null;
        return switch (op) {
          case "eq" -> bothNull;
          case "ne" -> !bothNull;
          default -> false;
        };
      }
      int c = compare(a, b);
      return switch (op) {
        case "eq" -> c == 0;
        case "ne" -> c != 0;
        case "gt" -> c > 0;
        case "ge" -> c >= 0;
        case "lt" -> c < 0;
        default -> c <= 0;
      };
    }
  }

  private record Function(String name, Node target, Node argument) implements Node {
    @Override
    public Object eval(SimRecord r) {
      Object t = target.eval(r);
      Object a = argument.eval(r);
      if (t == null || a == null) return false;
      String s = t.toString().toLowerCase(Locale.ROOT);
      String x = a.toString().toLowerCase(Locale.ROOT);
      return switch (name) {
        case "contains" -> s.contains(x);
        case "startswith" -> s.startsWith(x);
        default -> s.endsWith(x);
      };
    }
  }

  static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
    }
    if (a instanceof Instant x) {
      Instant y =
          b instanceof Instant i
              ? i
              : b instanceof LocalDate d
                  ? d.atStartOfDay().toInstant(java.time.ZoneOffset.UTC)
                  : Instant.parse(b.toString());
      return x.compareTo(y);
    }
    if (a instanceof LocalDate x) {
      LocalDate y =
          b instanceof LocalDate d
              ? d
              : b instanceof Instant i
                  ? i.atZone(java.time.ZoneOffset.UTC).toLocalDate()
                  : LocalDate.parse(b.toString());
      return x.compareTo(y);
    }
    if (a instanceof Boolean x && b instanceof Boolean y) return Boolean.compare(x, y);
    return a.toString().compareToIgnoreCase(b.toString());
  }

  private static final class Parser {
    final String text;
    final EntityType type;
    int pos;

    Parser(String text, EntityType type) {
      this.text = text;
      this.type = type;
    }

    Node parseOr() {
      Node left = parseAnd();
      while (keyword("or")) left = new Logical(false, left, parseAnd());
      return left;
    }

    Node parseAnd() {
      Node left = parseNot();
      while (keyword("and")) left = new Logical(true, left, parseNot());
      return left;
    }

    Node parseNot() {
      if (keyword("not")) return new Not(parseNot());
      return parseComparison();
    }

    Node parseComparison() {
      Node left = parsePrimary();
      skipSpaces();
      for (String op : List.of("eq", "ne", "gt", "ge", "lt", "le")) {
        if (keyword(op)) {
          Node right = parsePrimary();
          return new Compare(op, left, right);
        }
      }
      return left;
    }

    Node parsePrimary() {
      skipSpaces();
      if (pos >= text.length()) throw syntax(text, pos);
      char c = text.charAt(pos);
      if (c == '(') {
        pos++;
        Node inner = parseOr();
        expect(')');
        return inner;
      }
      if (c == '\'') return new Lit(readString());
      String word = readWord();
      if (word.isEmpty()) throw syntax(text, pos);
      skipSpaces();
      if (pos < text.length() && text.charAt(pos) == '(') {
        String fn = word.toLowerCase(Locale.ROOT);
        if (!fn.equals("contains") && !fn.equals("startswith") && !fn.equals("endswith")) {
          throw WebErrors.badRequest(
              WebErrors.UNKNOWN_PROPERTY,
              "The function '"
                  + word
                  + "' is not supported by this simulator; use eq, ne, gt, ge, lt, le, and, or, not, contains, "
                  + "startswith or endswith.");
        }
        pos++;
        Node target = parsePrimary();
        expect(',');
        Node argument = parsePrimary();
        expect(')');
        return new Function(fn, target, argument);
      }
      return literalOrProperty(word);
    }

    Node literalOrProperty(String word) {
      switch (word) {
        case "null" -> {
          return new Lit(null);
        }
        case "true" -> {
          return new Lit(true);
        }
        case "false" -> {
          return new Lit(false);
        }
        default -> {
          // fall through to the shapes below
        }
      }
      int quote = word.indexOf('\'');
      if (quote > 0 && word.endsWith("'")) {
        // an enum literal such as Microsoft.Dynamics.CRM.AttributeTypeCode'Picklist'
        return new Lit(word.substring(quote + 1, word.length() - 1));
      }
      char first = word.charAt(0);
      if (Guids.isGuid(word)) return new Lit(word.toLowerCase(Locale.ROOT));
      if (Character.isDigit(first) || first == '-') {
        if (word.length() >= 10 && word.charAt(4) == '-' && word.charAt(7) == '-') {
          try {
            if (word.length() == 10) return new Lit(LocalDate.parse(word));
            return new Lit(OffsetDateTime.parse(word).toInstant());
          } catch (DateTimeParseException e) {
            throw WebErrors.badRequest(
                WebErrors.UNKNOWN_PROPERTY,
                "The literal '"
                    + word
                    + "' is not a valid Edm.DateTimeOffset (write it unquoted, such as 2024-05-20T10:15:00Z).");
          }
        }
        try {
          String n =
              word.endsWith("M") || word.endsWith("m") || word.endsWith("L")
                  ? word.substring(0, word.length() - 1)
                  : word;
          return new Lit(new BigDecimal(n));
        } catch (NumberFormatException e) {
          throw syntax(text, pos);
        }
      }
      Attribute a = type.byProperty(word);
      if (a == null && !word.equals(type.primaryId())) throw WebErrors.unknownProperty(type, word);
      return new Prop(word, a, type.primaryId());
    }

    String readString() {
      StringBuilder b = new StringBuilder();
      pos++; // opening quote
      while (pos < text.length()) {
        char c = text.charAt(pos++);
        if (c == '\'') {
          if (pos < text.length() && text.charAt(pos) == '\'') {
            b.append('\'');
            pos++;
          } else {
            return b.toString();
          }
        } else {
          b.append(c);
        }
      }
      throw WebErrors.badRequest(
          WebErrors.UNKNOWN_PROPERTY, "Unterminated string literal in '" + text + "'.");
    }

    String readWord() {
      int start = pos;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (Character.isWhitespace(c) || c == '(' || c == ')' || c == ',') break;
        pos++;
      }
      return text.substring(start, pos);
    }

    boolean keyword(String word) {
      skipSpaces();
      int end = pos + word.length();
      if (end > text.length() || !text.regionMatches(true, pos, word, 0, word.length()))
        return false;
      if (end < text.length()
          && !Character.isWhitespace(text.charAt(end))
          && text.charAt(end) != '(') return false;
      if (pos > 0
          && !Character.isWhitespace(text.charAt(pos - 1))
          && text.charAt(pos - 1) != ')'
          && text.charAt(pos - 1) != '(') {
        return false;
      }
      pos = end;
      return true;
    }

    void expect(char c) {
      skipSpaces();
      if (pos >= text.length() || text.charAt(pos) != c) throw syntax(text, pos);
      pos++;
    }

    void skipSpaces() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
    }
  }

  static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') quoted = !quoted;
      else if (!quoted && c == '(') depth++;
      else if (!quoted && c == ')') depth--;
      else if (!quoted && depth == 0 && c == ',') {
        parts.add(text.substring(start, i).trim());
        start = i + 1;
      }
    }
    parts.add(text.substring(start).trim());
    return parts;
  }
}
