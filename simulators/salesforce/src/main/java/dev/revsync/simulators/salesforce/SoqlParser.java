package dev.revsync.simulators.salesforce;

import dev.revsync.simulators.salesforce.Soql.And;
import dev.revsync.simulators.salesforce.Soql.Bool;
import dev.revsync.simulators.salesforce.Soql.Compare;
import dev.revsync.simulators.salesforce.Soql.Condition;
import dev.revsync.simulators.salesforce.Soql.DateLit;
import dev.revsync.simulators.salesforce.Soql.DateTimeLit;
import dev.revsync.simulators.salesforce.Soql.In;
import dev.revsync.simulators.salesforce.Soql.Literal;
import dev.revsync.simulators.salesforce.Soql.Not;
import dev.revsync.simulators.salesforce.Soql.Null;
import dev.revsync.simulators.salesforce.Soql.Num;
import dev.revsync.simulators.salesforce.Soql.Or;
import dev.revsync.simulators.salesforce.Soql.Order;
import dev.revsync.simulators.salesforce.Soql.Path;
import dev.revsync.simulators.salesforce.Soql.Query;
import dev.revsync.simulators.salesforce.Soql.RelativeDate;
import dev.revsync.simulators.salesforce.Soql.Text;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the SOQL subset: {@code SELECT} fields (dotted parent paths) or {@code COUNT()}, {@code
 * FROM} one object, {@code WHERE} with {@code = != <> < <= > >= LIKE IN NOT IN}, {@code AND},
 * {@code OR}, {@code NOT} and parentheses, {@code ORDER BY … ASC|DESC NULLS FIRST|LAST}, {@code
 * LIMIT}, {@code OFFSET}. Like Salesforce it refuses AND and OR mixed without parentheses ({@code
 * unexpected token: OR}), requires a zone on datetime literals (an unencoded {@code +} that became
 * a space gives {@code no viable alternative at character ' '}), and understands the string escapes
 * {@code \' \" \\ \n \r \t \b \f \_ \%}. Keywords are case-insensitive. Stateless; one instance per
 * parse.
 */
final class SoqlParser {
  private enum Kind {
    IDENT,
    STRING,
    NUMBER,
    DATETIME,
    DATE,
    LPAREN,
    RPAREN,
    COMMA,
    COLON,
    OP,
    EOF
  }

  private record Token(Kind kind, String text, Object value, int pos) {
    boolean is(String keyword) {
      return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
    }
  }

  private static final Pattern DATETIME_HEAD =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?");
  private static final Pattern ZONE = Pattern.compile("Z|[+-]\\d{2}:\\d{2}|[+-]\\d{4}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
  private static final List<String> RESERVED =
      Arrays.asList(
          "SELECT",
          "FROM",
          "WHERE",
          "AND",
          "OR",
          "NOT",
          "ORDER",
          "BY",
          "LIMIT",
          "OFFSET",
          "GROUP",
          "HAVING",
          "IN",
          "LIKE",
          "NULL",
          "TRUE",
          "FALSE",
          "ASC",
          "DESC",
          "NULLS",
          "WITH",
          "USING",
          "FOR",
          "INCLUDES",
          "EXCLUDES",
          "TYPEOF");

  private final String text;
  private final LocalDate today;
  private final List<Token> tokens = new ArrayList<>();
  private int at;

  private SoqlParser(String text, LocalDate today) {
    this.text = text;
    this.today = today;
  }

  /** Parses {@code soql}; relative date literals are resolved against {@code today} (UTC). */
  static Query parse(String soql, LocalDate today) throws SoqlException {
    SoqlParser p = new SoqlParser(soql, today);
    p.lex();
    return p.query();
  }

  // ---- lexer ---------------------------------------------------------------------------------

  private void lex() throws SoqlException {
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(') {
        tokens.add(new Token(Kind.LPAREN, "(", null, i++));
      } else if (c == ')') {
        tokens.add(new Token(Kind.RPAREN, ")", null, i++));
      } else if (c == ',') {
        tokens.add(new Token(Kind.COMMA, ",", null, i++));
      } else if (c == ':') {
        tokens.add(new Token(Kind.COLON, ":", null, i++));
      } else if (c == '=') {
        tokens.add(new Token(Kind.OP, "=", null, i++));
      } else if (c == '!' && i + 1 < n && text.charAt(i + 1) == '=') {
        tokens.add(new Token(Kind.OP, "!=", null, i));
        i += 2;
      } else if (c == '<' || c == '>') {
        String op = String.valueOf(c);
        if (i + 1 < n && text.charAt(i + 1) == '=') op += "=";
        else if (c == '<' && i + 1 < n && text.charAt(i + 1) == '>') op = "!=";
        tokens.add(new Token(Kind.OP, op, null, i));
        i += op.equals("!=") ? 2 : op.length();
      } else if (c == '\'') {
        i = string(i);
      } else if (Character.isDigit(c)
          || (c == '-' && i + 1 < n && Character.isDigit(text.charAt(i + 1)))) {
        i = numberOrDate(i);
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n
            && (Character.isLetterOrDigit(text.charAt(i))
                || text.charAt(i) == '_'
                || (text.charAt(i) == '.'
                    && i + 1 < n
                    && (Character.isLetter(text.charAt(i + 1)) || text.charAt(i + 1) == '_')))) {
          i++;
        }
        tokens.add(new Token(Kind.IDENT, text.substring(start, i), null, start));
      } else {
        throw SoqlException.at(
            "MALFORMED_QUERY", text, i, "no viable alternative at character '" + c + "'");
      }
    }
    tokens.add(new Token(Kind.EOF, "<EOF>", null, n));
  }

  private int string(int start) throws SoqlException {
    StringBuilder b = new StringBuilder();
    int i = start + 1;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\'') {
        tokens.add(new Token(Kind.STRING, text.substring(start, i + 1), b.toString(), start));
        return i + 1;
      }
      if (c == '\\') {
        if (i + 1 >= n) break;
        char e = text.charAt(i + 1);
        switch (e) {
          case '\'', '"', '\\' -> b.append(e);
          case 'n', 'N' -> b.append('\n');
          case 'r', 'R' -> b.append('\r');
          case 't', 'T' -> b.append('\t');
          case 'b', 'B' -> b.append('\b');
          case 'f', 'F' -> b.append('\f');
          // kept escaped: they only mean something to LIKE
          case '_', '%' -> b.append('\\').append(e);
          default ->
              throw SoqlException.at(
                  "MALFORMED_QUERY",
                  text,
                  i,
                  "Invalid string literal '"
                      + text.substring(start, Math.min(n, i + 2))
                      + "'. Illegal character sequence '\\"
                      + e
                      + "' in string literal.");
        }
        i += 2;
      } else {
        b.append(c);
        i++;
      }
    }
    throw SoqlException.at(
        "MALFORMED_QUERY",
        text,
        start,
        "line 1:" + start + " mismatched character '<EOF>' expecting '''");
  }

  private int numberOrDate(int start) throws SoqlException {
    Matcher dt = DATETIME_HEAD.matcher(text).region(start, text.length());
    if (dt.lookingAt()) {
      int end = dt.end();
      Matcher zone = ZONE.matcher(text).region(end, text.length());
      if (!zone.lookingAt()) {
        String ch = end < text.length() ? String.valueOf(text.charAt(end)) : "<EOF>";
        throw SoqlException.at(
            "MALFORMED_QUERY", text, end, "no viable alternative at character '" + ch + "'");
      }
      String literal = text.substring(start, zone.end());
      try {
        String iso = literal;
        if (iso.matches(".*[+-]\\d{4}$"))
          iso = iso.substring(0, iso.length() - 2) + ":" + iso.substring(iso.length() - 2);
        Instant value = OffsetDateTime.parse(iso).toInstant();
        tokens.add(new Token(Kind.DATETIME, literal, value, start));
      } catch (DateTimeException e) {
        throw SoqlException.at(
            "MALFORMED_QUERY",
            text,
            start,
            "line 1:" + start + " no viable alternative at character '" + literal.charAt(0) + "'");
      }
      return zone.end();
    }
    Matcher d = DATE.matcher(text).region(start, text.length());
    if (d.lookingAt()
        && (d.end() >= text.length() || !Character.isLetterOrDigit(text.charAt(d.end())))) {
      String literal = text.substring(start, d.end());
      try {
        tokens.add(new Token(Kind.DATE, literal, LocalDate.parse(literal), start));
      } catch (DateTimeException e) {
        throw SoqlException.at("MALFORMED_QUERY", text, start, "unexpected token: " + literal);
      }
      return d.end();
    }
    Matcher num = NUMBER.matcher(text).region(start, text.length());
    if (!num.lookingAt()) {
      throw SoqlException.at(
          "MALFORMED_QUERY",
          text,
          start,
          "no viable alternative at character '" + text.charAt(start) + "'");
    }
    String literal = text.substring(start, num.end());
    tokens.add(new Token(Kind.NUMBER, literal, new BigDecimal(literal), start));
    return num.end();
  }

  // ---- parser --------------------------------------------------------------------------------

  private Token peek() {
    return tokens.get(at);
  }

  private Token next() {
    return tokens.get(at++);
  }

  private SoqlException unexpected(Token t) {
    if (t.kind == Kind.EOF)
      return SoqlException.at("MALFORMED_QUERY", text, t.pos, "unexpected token: <EOF>");
    return SoqlException.at("MALFORMED_QUERY", text, t.pos, "unexpected token: " + t.text);
  }

  private void expectKeyword(String keyword) throws SoqlException {
    Token t = next();
    if (!t.is(keyword)) throw unexpected(t);
  }

  private void expect(Kind kind) throws SoqlException {
    Token t = next();
    if (t.kind != kind) throw unexpected(t);
  }

  private Query query() throws SoqlException {
    expectKeyword("SELECT");
    List<Path> select = new ArrayList<>();
    boolean count = false;
    if (peek().is("COUNT") && tokens.get(at + 1).kind == Kind.LPAREN) {
      next();
      next();
      if (peek().kind != Kind.RPAREN) {
        throw SoqlException.at(
            "MALFORMED_QUERY",
            text,
            peek().pos,
            "aggregate functions other than COUNT() are not supported by this simulator");
      }
      next();
      count = true;
      if (peek().kind == Kind.COMMA) throw unexpected(peek());
    } else {
      do {
        Token t = next();
        if (t.kind == Kind.LPAREN) {
          throw SoqlException.at(
              "MALFORMED_QUERY",
              text,
              t.pos,
              "parent-to-child subqueries are not supported by this simulator");
        }
        if (t.kind != Kind.IDENT || isReserved(t.text)) throw unexpected(t);
        select.add(path(t));
      } while (peek().kind == Kind.COMMA && next() != null);
    }
    expectKeyword("FROM");
    Token from = next();
    if (from.kind != Kind.IDENT || isReserved(from.text) || from.text.contains("."))
      throw unexpected(from);
    Condition where = null;
    if (peek().is("WHERE")) {
      next();
      where = condition();
    }
    List<Order> orderBy = new ArrayList<>();
    if (peek().is("ORDER")) {
      next();
      expectKeyword("BY");
      do {
        Token t = next();
        if (t.kind != Kind.IDENT || isReserved(t.text)) throw unexpected(t);
        Path p = path(t);
        boolean desc = false;
        if (peek().is("ASC")) {
          next();
        } else if (peek().is("DESC")) {
          next();
          desc = true;
        }
        boolean nullsLast = false;
        if (peek().is("NULLS")) {
          next();
          Token fl = next();
          if (fl.is("LAST")) nullsLast = true;
          else if (!fl.is("FIRST")) throw unexpected(fl);
        }
        orderBy.add(new Order(p, desc, nullsLast));
      } while (peek().kind == Kind.COMMA && next() != null);
    }
    Long limit = null;
    if (peek().is("LIMIT")) {
      next();
      limit = wholeNumber();
    }
    Long offset = null;
    if (peek().is("OFFSET")) {
      next();
      offset = wholeNumber();
    }
    if (peek().kind != Kind.EOF) throw unexpected(peek());
    return new Query(
        text,
        List.copyOf(select),
        count,
        from.text,
        from.pos,
        where,
        List.copyOf(orderBy),
        limit,
        offset);
  }

  private long wholeNumber() throws SoqlException {
    Token t = next();
    if (t.kind != Kind.NUMBER || t.text.contains(".") || t.text.startsWith("-"))
      throw unexpected(t);
    return Long.parseLong(t.text);
  }

  private static boolean isReserved(String word) {
    return RESERVED.contains(word.toUpperCase(Locale.ROOT));
  }

  private Path path(Token t) {
    return new Path(List.of(t.text.split("\\.")), t.pos);
  }

  /** [NOT] term, then a run of only ANDs or only ORs. */
  private Condition condition() throws SoqlException {
    Condition first;
    if (peek().is("NOT")) {
      next();
      first = new Not(term());
    } else {
      first = term();
    }
    if (!peek().is("AND") && !peek().is("OR")) return first;
    String joiner = peek().text.toUpperCase(Locale.ROOT);
    List<Condition> terms = new ArrayList<>();
    terms.add(first);
    while (peek().is(joiner)) {
      next();
      terms.add(term());
    }
    if (peek().is("AND") || peek().is("OR")) throw unexpected(peek());
    return joiner.equals("AND") ? new And(List.copyOf(terms)) : new Or(List.copyOf(terms));
  }

  private Condition term() throws SoqlException {
    Token t = next();
    if (t.kind == Kind.LPAREN) {
      Condition inner = condition();
      expect(Kind.RPAREN);
      return inner;
    }
    if (t.kind != Kind.IDENT || isReserved(t.text)) throw unexpected(t);
    Path field = path(t);
    Token op = next();
    if (op.kind == Kind.OP) return new Compare(field, op.text, literal());
    if (op.is("LIKE")) {
      Literal v = literal();
      if (!(v instanceof Text)) throw unexpected(tokens.get(at - 1));
      return new Compare(field, "LIKE", v);
    }
    boolean negated = false;
    if (op.is("NOT")) {
      negated = true;
      op = next();
    }
    if (op.is("IN")) {
      expect(Kind.LPAREN);
      List<Literal> values = new ArrayList<>();
      do {
        values.add(literal());
      } while (peek().kind == Kind.COMMA && next() != null);
      expect(Kind.RPAREN);
      return new In(field, negated, List.copyOf(values));
    }
    throw unexpected(op);
  }

  private Literal literal() throws SoqlException {
    Token t = next();
    switch (t.kind) {
      case STRING:
        return new Text((String) t.value, t.pos);
      case NUMBER:
        return new Num((BigDecimal) t.value, t.pos);
      case DATETIME:
        return new DateTimeLit((Instant) t.value, t.pos);
      case DATE:
        return new DateLit((LocalDate) t.value, t.pos);
      case IDENT:
        if (t.is("NULL")) return new Null(t.pos);
        if (t.is("TRUE")) return new Bool(true, t.pos);
        if (t.is("FALSE")) return new Bool(false, t.pos);
        return relativeDate(t);
      default:
        throw unexpected(t);
    }
  }

  private Literal relativeDate(Token t) throws SoqlException {
    String word = t.text.toUpperCase(Locale.ROOT);
    switch (word) {
      case "TODAY":
        return new RelativeDate(word, today, today.plusDays(1), t.pos);
      case "YESTERDAY":
        return new RelativeDate(word, today.minusDays(1), today, t.pos);
      case "TOMORROW":
        return new RelativeDate(word, today.plusDays(1), today.plusDays(2), t.pos);
      case "LAST_N_DAYS":
      case "NEXT_N_DAYS":
        {
          expect(Kind.COLON);
          long n = wholeNumber();
          return word.equals("LAST_N_DAYS")
              ? new RelativeDate(word + ":" + n, today.minusDays(n), today.plusDays(1), t.pos)
              : new RelativeDate(word + ":" + n, today, today.plusDays(n + 1), t.pos);
        }
      default:
        throw unexpected(t);
    }
  }
}
