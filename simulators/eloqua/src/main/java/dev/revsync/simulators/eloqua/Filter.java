package dev.revsync.simulators.eloqua;

import dev.revsync.simulators.SimRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * An export definition's filter, parsed from Eloqua's grammar:
 *
 * <pre>
 * expr       := conjunction ( OR conjunction )*
 * conjunction:= primary ( AND primary )*
 * primary    := '(' expr ')' | comparison
 * comparison := '{{statement}}'  op  'literal'        op := = != &gt; &lt; &gt;= &lt;=
 * </pre>
 *
 * Statements and literals are in single quotes (a quote inside a literal is written {@code ''} or
 * {@code \'}); {@code AND}/{@code OR} are case-insensitive and AND binds tighter. Literals are
 * typed by the statement: dates ({@code 'YYYY-MM-DD HH:MM:SS'} or ISO), numbers, or text (compared
 * without case). Immutable and thread-safe once parsed.
 */
final class Filter {
  enum Op {
    EQ("="),
    NE("!="),
    GT(">"),
    LT("<"),
    GE(">="),
    LE("<=");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    boolean holds(int cmp) {
      return switch (this) {
        case EQ -> cmp == 0;
        case NE -> cmp != 0;
        case GT -> cmp > 0;
        case LT -> cmp < 0;
        case GE -> cmp >= 0;
        case LE -> cmp <= 0;
      };
    }
  }

  /** How date literals without an offset are read. */
  record Zones(ZoneId systemTimestamps, ZoneId fields) {
    static Zones of(
        boolean systemTimestampsInUtc, boolean literalsFollowUtcFlag, ZoneId instanceZone) {
      return new Zones(
          systemTimestampsInUtc && literalsFollowUtcFlag ? ZoneOffset.UTC : instanceZone,
          instanceZone);
    }
  }

  /** A node of the parsed filter. */
  abstract static class Node {
    abstract boolean test(SimRecord record, Accessor.Links links);
  }

  /** {@code '{{statement}}' op 'literal'}. */
  static final class Comparison extends Node {
    final Accessor accessor;
    final Op op;
    final String literalText;
    private final Object literal;

    Comparison(Accessor accessor, Op op, String literalText, Object literal) {
      this.accessor = accessor;
      this.op = op;
      this.literalText = literalText;
      this.literal = literal;
    }

    @Override
    boolean test(SimRecord record, Accessor.Links links) {
      Object value = accessor.read(record, links);
      if (literal instanceof Instant bound) {
        if (!(value instanceof Instant v)) return op == Op.NE;
        return op.holds(v.compareTo(bound));
      }
      if (literal instanceof BigDecimal number) {
        BigDecimal v = toNumber(value);
        if (v == null) return op == Op.NE;
        return op.holds(v.compareTo(number));
      }
      String v = value == null ? "" : value.toString().toLowerCase(Locale.ROOT);
      return op.holds(v.compareTo((String) literal));
    }

    /** The literal as a date, or null. */
    Instant instant() {
      return literal instanceof Instant i ? i : null;
    }
  }

  static final class Junction extends Node {
    final boolean and;
    final List<Node> parts;

    Junction(boolean and, List<Node> parts) {
      this.and = and;
      this.parts = List.copyOf(parts);
    }

    @Override
    boolean test(SimRecord record, Accessor.Links links) {
      for (Node part : parts) {
        if (part.test(record, links) != and) return !and;
      }
      return and;
    }
  }

  final String text;
  final Node root;

  private Filter(String text, Node root) {
    this.text = text;
    this.root = root;
  }

  boolean test(SimRecord record, Accessor.Links links) {
    return root == null || root.test(record, links);
  }

  /**
   * The comparisons that must all hold (the top-level AND chain), for scan bounds and type checks.
   */
  List<Comparison> conjuncts() {
    List<Comparison> list = new ArrayList<>();
    if (root instanceof Comparison c) list.add(c);
    if (root instanceof Junction j && j.and) {
      for (Node n : j.parts) {
        if (n instanceof Comparison c) list.add(c);
      }
    }
    return list;
  }

  /** Every comparison anywhere in the filter. */
  List<Comparison> comparisons() {
    List<Comparison> list = new ArrayList<>();
    collect(root, list);
    return list;
  }

  private static void collect(Node node, List<Comparison> into) {
    if (node instanceof Comparison c) into.add(c);
    if (node instanceof Junction j) {
      for (Node n : j.parts) collect(n, into);
    }
  }

  /**
   * The earliest modification time a matching record can have (from a top-level {@code >=}/{@code
   * >}/{@code =} on the cursor statement), so the scan may start there; null if none.
   */
  Instant scanFrom() {
    Instant from = null;
    for (Comparison c : conjuncts()) {
      if (!c.accessor.modifiedCursor || c.instant() == null) continue;
      if (c.op == Op.GE || c.op == Op.GT || c.op == Op.EQ) {
        if (from == null || c.instant().isAfter(from)) from = c.instant();
      }
    }
    return from;
  }

  static BigDecimal toNumber(Object value) {
    if (value == null) return null;
    if (value instanceof BigDecimal b) return b;
    if (value instanceof Long || value instanceof Integer)
      return BigDecimal.valueOf(((Number) value).longValue());
    try {
      String s = value.toString().trim();
      return s.isEmpty() ? null : new BigDecimal(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Parses {@code text} (null or blank: no filter), resolving statements with {@code resolver}
   * (null for an unknown statement).
   *
   * @throws BulkValidation naming the {@code filter} field and what is wrong
   */
  static Filter parse(String text, Function<String, Accessor> resolver, Zones zones) {
    if (text == null || text.isBlank()) return new Filter(text, null);
    Parser p = new Parser(text, resolver, zones);
    Node root = p.expression();
    if (p.peek() != null) throw p.error("unexpected '" + p.peek().text + "'");
    return new Filter(text, root);
  }

  private record Token(Kind kind, String text, int at) {
    enum Kind {
      QUOTED,
      OP,
      OPEN,
      CLOSE,
      AND,
      OR
    }
  }

  private static final class Parser {
    private final String text;
    private final Function<String, Accessor> resolver;
    private final Zones zones;
    private final List<Token> tokens;
    private int pos;

    Parser(String text, Function<String, Accessor> resolver, Zones zones) {
      this.text = text;
      this.resolver = resolver;
      this.zones = zones;
      this.tokens = tokenize();
    }

    BulkValidation error(String what) {
      return new BulkValidation("filter", text, "Must be a valid filter expression: " + what);
    }

    Token peek() {
      return pos < tokens.size() ? tokens.get(pos) : null;
    }

    Token next(String expected) {
      if (pos >= tokens.size()) throw error("expected " + expected + " at the end");
      return tokens.get(pos++);
    }

    Node expression() {
      List<Node> parts = new ArrayList<>();
      parts.add(conjunction());
      while (peek() != null && peek().kind == Token.Kind.OR) {
        pos++;
        parts.add(conjunction());
      }
      return parts.size() == 1 ? parts.get(0) : new Junction(false, parts);
    }

    Node conjunction() {
      List<Node> parts = new ArrayList<>();
      parts.add(primary());
      while (peek() != null && peek().kind == Token.Kind.AND) {
        pos++;
        parts.add(primary());
      }
      return parts.size() == 1 ? parts.get(0) : new Junction(true, parts);
    }

    Node primary() {
      Token t = next("a comparison or '('");
      if (t.kind == Token.Kind.OPEN) {
        Node inner = expression();
        Token close = next("')'");
        if (close.kind != Token.Kind.CLOSE) throw error("expected ')' at " + close.at);
        return inner;
      }
      if (t.kind != Token.Kind.QUOTED)
        throw error("expected a quoted '{{statement}}' at " + t.at + ", found '" + t.text + "'");
      String statement = t.text;
      if (!statement.startsWith("{{") || !statement.endsWith("}}")) {
        throw error(
            "the left side of a comparison must be a markup statement such as '{{Contact.Id}}', found '"
                + statement
                + "'");
      }
      Accessor accessor = resolver.apply(statement);
      if (accessor == null) {
        throw new BulkValidation(
            "filter", text, "Must reference a valid field or system statement: " + statement);
      }
      Token op = next("a comparison operator");
      if (op.kind != Token.Kind.OP) throw error("expected one of = != > < >= <= at " + op.at);
      Token lit = next("a quoted literal");
      if (lit.kind != Token.Kind.QUOTED) throw error("expected a quoted literal at " + lit.at);
      return new Comparison(accessor, opOf(op.text), lit.text, literal(accessor, lit.text));
    }

    Object literal(Accessor accessor, String raw) {
      if (accessor.isDate()) {
        ZoneId zone = accessor.systemTimestamp ? zones.systemTimestamps() : zones.fields();
        Instant instant = EloquaTime.parse(raw, zone);
        if (instant == null) {
          throw new BulkValidation(
              "filter",
              text,
              "Must compare "
                  + accessor.statement
                  + " with a date such as '2024-05-01 00:00:00', found '"
                  + raw
                  + "'");
        }
        return instant;
      }
      if (accessor.isNumber()) {
        BigDecimal n = toNumber(raw);
        if (n == null) {
          throw new BulkValidation(
              "filter",
              text,
              "Must compare " + accessor.statement + " with a number, found '" + raw + "'");
        }
        return n;
      }
      return raw.toLowerCase(Locale.ROOT);
    }

    static Op opOf(String symbol) {
      for (Op op : Op.values()) {
        if (op.symbol.equals(symbol)) return op;
      }
      throw new IllegalStateException(symbol);
    }

    private List<Token> tokenize() {
      List<Token> list = new ArrayList<>();
      int i = 0;
      int n = text.length();
      while (i < n) {
        char c = text.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '\'') {
          int start = i;
          StringBuilder sb = new StringBuilder();
          i++;
          boolean closed = false;
          while (i < n) {
            char d = text.charAt(i);
            if (d == '\\'
                && i + 1 < n
                && (text.charAt(i + 1) == '\'' || text.charAt(i + 1) == '\\')) {
              sb.append(text.charAt(i + 1));
              i += 2;
            } else if (d == '\'' && i + 1 < n && text.charAt(i + 1) == '\'') {
              sb.append('\'');
              i += 2;
            } else if (d == '\'') {
              i++;
              closed = true;
              break;
            } else {
              sb.append(d);
              i++;
            }
          }
          if (!closed) throw error("unterminated quote starting at " + start);
          list.add(new Token(Token.Kind.QUOTED, sb.toString(), start));
        } else if (c == '(') {
          list.add(new Token(Token.Kind.OPEN, "(", i++));
        } else if (c == ')') {
          list.add(new Token(Token.Kind.CLOSE, ")", i++));
        } else if (c == '>' || c == '<' || c == '=' || c == '!') {
          int start = i;
          String two = i + 1 < n ? text.substring(i, i + 2) : "";
          String op;
          if (two.equals(">=") || two.equals("<=") || two.equals("!=")) op = two;
          else if (two.equals("<>"))
            throw error("'<>' is not an operator, use '!=' (at " + start + ")");
          else if (c == '!') throw error("'!' must be followed by '=' (at " + start + ")");
          else op = String.valueOf(c);
          i += op.length();
          list.add(new Token(Token.Kind.OP, op, start));
        } else if (c == '{') {
          throw error(
              "markup statements must be in single quotes, such as '{{Contact.Id}}' (at "
                  + i
                  + ")");
        } else if (Character.isLetter(c)) {
          int start = i;
          while (i < n && Character.isLetter(text.charAt(i))) i++;
          String word = text.substring(start, i);
          if (word.equalsIgnoreCase("AND")) list.add(new Token(Token.Kind.AND, word, start));
          else if (word.equalsIgnoreCase("OR")) list.add(new Token(Token.Kind.OR, word, start));
          else
            throw error(
                "unknown word '"
                    + word
                    + "' at "
                    + start
                    + " (only AND and OR combine comparisons)");
        } else {
          throw error("unexpected character '" + c + "' at " + i);
        }
      }
      return list;
    }
  }
}
