package dev.revsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.ConfigurationException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SoqlTest {

  @Test
  void quotesAndBackslashesCannotEndTheLiteralEarly() {
    assertThat(Soql.quote("O'Brien")).isEqualTo("'O\\'Brien'");
    assertThat(Soql.quote("a\\b")).isEqualTo("'a\\\\b'");
    // A backslash before a quote must not turn the escaped quote back into a real one.
    assertThat(Soql.quote("x\\' OR Id != '")).isEqualTo("'x\\\\\\' OR Id != \\''");
    assertThat(Soql.quote("say \"hi\"")).isEqualTo("'say \\\"hi\\\"'");
  }

  @Test
  void newlinesTabsAndOtherWhitespaceEscapesAreWrittenAsSoqlEscapes() {
    assertThat(Soql.quote("line1\nline2\r\tend\b\f")).isEqualTo("'line1\\nline2\\r\\tend\\b\\f'");
  }

  @Test
  void aHostileValueStaysOneLiteral() {
    String hostile = "001' OR Name LIKE '%";
    String literal = Soql.quote(hostile);
    // Reading the literal back the way SOQL does gives the value, and the literal ends at the very
    // end.
    assertThat(unquote(literal)).isEqualTo(hostile);
    String hostile2 = "\\'\n) OR (Id != '";
    assertThat(unquote(Soql.quote(hostile2))).isEqualTo(hostile2);
  }

  @Test
  void controlCharactersSoqlCannotExpressAreRefused() {
    assertThatThrownBy(() -> Soql.quote("a\u0001b"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("U+0001");
  }

  @Test
  void namesThatAreNotApiNamesAreRefused() {
    assertThat(Soql.name("Lead_Score__c")).isEqualTo("Lead_Score__c");
    assertThat(Soql.name("Account.Owner.Name")).isEqualTo("Account.Owner.Name");
    assertThatThrownBy(() -> Soql.name("Name FROM User --"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("salesforce");
    assertThatThrownBy(() -> Soql.name("Id,Name")).isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> Soql.name("")).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void incrementalConditionBreaksTiesOnIdWithUnquotedUtcDatetimes() {
    String where =
        Soql.after("SystemModstamp", Instant.parse("2024-05-20T20:49:32Z"), "003RO0000035WQgYAM");
    assertThat(where)
        .isEqualTo(
            "(SystemModstamp > 2024-05-20T20:49:32Z OR (SystemModstamp = 2024-05-20T20:49:32Z"
                + " AND Id > '003RO0000035WQgYAM'))");
    assertThat(Soql.after("SystemModstamp", Instant.parse("2024-05-20T20:49:32.123Z"), null))
        .isEqualTo("SystemModstamp >= 2024-05-20T20:49:32.123Z");
  }

  @Test
  void selectOrdersByCursorThenId() {
    assertThat(
            Soql.select(
                List.of("Id", "Name", "SystemModstamp"), "Account", "X > 1", "SystemModstamp"))
        .isEqualTo(
            "SELECT Id, Name, SystemModstamp FROM Account WHERE X > 1 ORDER BY SystemModstamp, Id");
    assertThat(Soql.select(List.of("Id"), "Account", null, "Id"))
        .isEqualTo("SELECT Id FROM Account ORDER BY Id");
    assertThat(Soql.select(List.of("Id"), "Account", null, null))
        .isEqualTo("SELECT Id FROM Account");
  }

  /** Reads a SOQL string literal back, failing if it ends before the last character. */
  private static String unquote(String literal) {
    assertThat(literal).startsWith("'").endsWith("'");
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < literal.length() - 1; i++) {
      char c = literal.charAt(i);
      if (c == '\'') throw new AssertionError("literal ends early at " + i + ": " + literal);
      if (c == '\\') {
        char n = literal.charAt(++i);
        out.append(
            switch (n) {
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 't' -> '\t';
              case 'b' -> '\b';
              case 'f' -> '\f';
              default -> n;
            });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
