package dev.revsync.simulators.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.salesforce.Soql.Compare;
import dev.revsync.simulators.salesforce.Soql.Query;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SoqlParserTest {
  private static final LocalDate TODAY = LocalDate.parse("2026-11-28");
  private final SalesforceSchema schema = new SalesforceSchema();

  private static Query parse(String soql) throws SoqlException {
    return SoqlParser.parse(soql, TODAY);
  }

  private static String text(String soql) throws SoqlException {
    return ((Soql.Text) ((Compare) parse(soql).where()).value()).value();
  }

  private static SoqlException failure(String soql) {
    try {
      BoundQuery.bind(parse(soql), new SalesforceSchema());
    } catch (SoqlException e) {
      return e;
    }
    throw new AssertionError("accepted: " + soql);
  }

  @Test
  void stringLiteralsUnescapeQuotesBackslashesAndNewlines() throws SoqlException {
    assertThat(text("SELECT Id FROM Contact WHERE LastName = 'O\\'Brien'")).isEqualTo("O'Brien");
    assertThat(text("SELECT Id FROM Contact WHERE LastName = 'back\\\\slash'"))
        .isEqualTo("back\\slash");
    assertThat(text("SELECT Id FROM Contact WHERE LastName = 'two\\nlines\\ttab\\\"q'"))
        .isEqualTo("two\nlines\ttab\"q");
    assertThat(text("SELECT Id FROM Contact WHERE LastName = 'raw\nnewline'"))
        .isEqualTo("raw\nnewline");
    assertThat(text("SELECT Id FROM Contact WHERE LastName LIKE '50\\%%'")).isEqualTo("50\\%%");
  }

  @Test
  void badEscapesAndUnterminatedStringsAreMalformed() {
    assertThat(failure("SELECT Id FROM Contact WHERE LastName = 'a\\qb'").errorCode())
        .isEqualTo("MALFORMED_QUERY");
    assertThat(failure("SELECT Id FROM Contact WHERE LastName = 'open").errorCode())
        .isEqualTo("MALFORMED_QUERY");
  }

  @Test
  void andAndOrCannotBeMixedWithoutParentheses() throws SoqlException {
    SoqlException mixed =
        failure("SELECT Id FROM Contact WHERE LastName = 'a' AND FirstName = 'b' OR Email = 'c'");
    assertThat(mixed.errorCode()).isEqualTo("MALFORMED_QUERY");
    assertThat(mixed.getMessage())
        .endsWith("unexpected token: OR")
        .contains("ERROR at Row:1:Column:");
    Soql.Condition grouped =
        parse("SELECT Id FROM Contact WHERE (LastName = 'a' AND FirstName = 'b') OR Email = 'c'")
            .where();
    assertThat(grouped).isInstanceOf(Soql.Or.class);
    assertThat(((Soql.Or) grouped).terms().get(0)).isInstanceOf(Soql.And.class);
    Soql.Condition other =
        parse("SELECT Id FROM Contact WHERE LastName = 'a' AND (FirstName = 'b' OR Email = 'c')")
            .where();
    assertThat(other).isInstanceOf(Soql.And.class);
    assertThat(parse("select id from contact where a = 1 and b = 2 and c = 3").where())
        .isInstanceOf(Soql.And.class);
  }

  @Test
  void notOnlyStartsAnExpression() throws SoqlException {
    assertThat(parse("SELECT Id FROM Contact WHERE NOT LastName = 'a'").where())
        .isInstanceOf(Soql.Not.class);
    assertThat(parse("SELECT Id FROM Contact WHERE Email != null AND (NOT LastName = 'a')").where())
        .isInstanceOf(Soql.And.class);
    assertThat(
            failure("SELECT Id FROM Contact WHERE Email != null AND NOT (LastName = 'a')")
                .getMessage())
        .endsWith("unexpected token: NOT");
  }

  @Test
  void datetimeLiteralsNeedAZoneAndAcceptOffsetsAndFractions() throws SoqlException {
    Instant z =
        ((Soql.DateTimeLit)
                ((Compare)
                        parse("SELECT Id FROM Contact WHERE SystemModstamp > 2024-05-20T20:49:32Z")
                            .where())
                    .value())
            .value();
    Instant off =
        ((Soql.DateTimeLit)
                ((Compare)
                        parse(
                                "SELECT Id FROM Contact WHERE SystemModstamp > 2024-05-20T22:49:32+02:00")
                            .where())
                    .value())
            .value();
    Instant frac =
        ((Soql.DateTimeLit)
                ((Compare)
                        parse(
                                "SELECT Id FROM Contact WHERE SystemModstamp > 2024-05-20T20:49:32.000Z")
                            .where())
                    .value())
            .value();
    assertThat(z).isEqualTo(off).isEqualTo(frac).isEqualTo(Instant.parse("2024-05-20T20:49:32Z"));
    SoqlException space =
        failure("SELECT Id FROM Contact WHERE SystemModstamp > 2024-05-20T20:49:32 00:00");
    assertThat(space.getMessage()).endsWith("no viable alternative at character ' '");
    assertThat(failure("SELECT Id FROM Contact WHERE SystemModstamp > 2024-05-20").errorCode())
        .isEqualTo("INVALID_FIELD");
    assertThat(
            failure("SELECT Id FROM Opportunity WHERE CloseDate > 2024-05-20T00:00:00Z")
                .getMessage())
        .endsWith("must be of type date and should not be enclosed in quotes");
  }

  @Test
  void selectListRelationshipsCountOrderLimitOffset() throws SoqlException {
    Query q =
        parse(
            "SELECT Id, Account.Owner.Name FROM Contact ORDER BY LastName DESC NULLS LAST, Id LIMIT 10 OFFSET 5");
    assertThat(q.select()).extracting(Soql.Path::text).containsExactly("Id", "Account.Owner.Name");
    assertThat(q.orderBy()).hasSize(2);
    assertThat(q.orderBy().get(0).descending()).isTrue();
    assertThat(q.orderBy().get(0).nullsLast()).isTrue();
    assertThat(q.limit()).isEqualTo(10L);
    assertThat(q.offset()).isEqualTo(5L);
    assertThat(parse("SELECT COUNT() FROM Lead").count()).isTrue();
    assertThat(failure("SELECT COUNT(), Id FROM Lead").errorCode()).isEqualTo("MALFORMED_QUERY");
    assertThat(failure("SELECT Id FRM Lead").getMessage())
        .isEqualTo(
            "\nSELECT Id FRM Lead\n          ^\nERROR at Row:1:Column:11\nunexpected token: FRM");
  }

  @Test
  void inLikeNumbersAndRelativeDates() throws SoqlException {
    Soql.In in =
        (Soql.In) parse("SELECT Id FROM Lead WHERE Status NOT IN ('Open', 'Closed')").where();
    assertThat(in.negated()).isTrue();
    assertThat(in.values()).hasSize(2);
    Compare num = (Compare) parse("SELECT Id FROM Account WHERE AnnualRevenue >= -1500.50").where();
    assertThat(((Soql.Num) num.value()).value()).isEqualByComparingTo(new BigDecimal("-1500.50"));
    Soql.RelativeDate last =
        (Soql.RelativeDate)
            ((Compare) parse("SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:7").where())
                .value();
    assertThat(last.from()).isEqualTo(TODAY.minusDays(7));
    assertThat(last.to()).isEqualTo(TODAY.plusDays(1));
  }

  @Test
  void bindingResolvesCanonicalNamesAndPlansModstampBounds() throws SoqlException {
    BoundQuery q =
        BoundQuery.bind(
            parse(
                "select id, account.name, systemmodstamp from contact where "
                    + "SystemModstamp > 2024-05-20T20:49:32Z OR (SystemModstamp = 2024-05-20T20:49:32Z AND Id > '003RO0000000001')"
                    + " ORDER BY SystemModstamp, Id"),
            schema);
    assertThat(q.columns)
        .extracting(BoundQuery.FieldRef::dotted)
        .containsExactly("Id", "Account.Name", "SystemModstamp");
    assertThat(q.lower)
        .isEqualTo(new BoundQuery.Bound(Instant.parse("2024-05-20T20:49:32Z"), true));
    assertThat(q.upper).isNull();
    assertThat(q.scanOrdered).isTrue();
    BoundQuery sorted =
        BoundQuery.bind(
            parse(
                "SELECT Id FROM Contact WHERE SystemModstamp < 2025-01-01T00:00:00Z "
                    + "AND SystemModstamp >= 2024-01-01T00:00:00Z ORDER BY LastName"),
            schema);
    assertThat(sorted.scanOrdered).isFalse();
    assertThat(sorted.upper)
        .isEqualTo(new BoundQuery.Bound(Instant.parse("2025-01-01T00:00:00Z"), false));
    assertThat(sorted.lower)
        .isEqualTo(new BoundQuery.Bound(Instant.parse("2024-01-01T00:00:00Z"), true));
  }

  @Test
  void aWhereThatOnlyBoundsThePositionBecomesAWindowAndAnyOtherTermDoesNot() throws SoqlException {
    Instant t = Instant.parse("2024-05-20T20:49:32Z");
    String keyset =
        "(SystemModstamp > 2024-05-20T20:49:32Z OR (Id > '003RO0000000001' AND SystemModstamp = "
            + "2024-05-20T20:49:32.000Z))";
    assertThat(window(keyset))
        .isEqualTo(new BoundQuery.Window(t, SfIds.to18("003RO0000000001"), null));
    assertThat(
            window(
                keyset
                    + " AND SystemModstamp <= 2025-01-01T00:00:00Z AND SystemModstamp > 2024-01-01T00:00:00Z"))
        .isEqualTo(
            new BoundQuery.Window(
                t, SfIds.to18("003RO0000000001"), Instant.parse("2025-01-01T00:00:00.001Z")));
    assertThat(window("SystemModstamp > 2024-05-20T20:49:32Z"))
        .isEqualTo(new BoundQuery.Window(t.plusMillis(1).minusNanos(1), null, null));
    assertThat(window(keyset + " AND SystemModstamp > 2024-05-20T20:49:32Z"))
        .isEqualTo(new BoundQuery.Window(t.plusMillis(1).minusNanos(1), null, null));
    assertThat(window("SystemModstamp = 2024-05-20T20:49:32Z"))
        .isEqualTo(new BoundQuery.Window(t.minusNanos(1), null, t.plusMillis(1)));
    assertThat(window("SystemModstamp < 2024-05-20T20:49:32Z"))
        .isEqualTo(new BoundQuery.Window(null, null, t));
    assertThat(BoundQuery.bind(parse("SELECT Id FROM Contact"), schema).window)
        .isEqualTo(BoundQuery.Window.ALL);
    assertThat(window(keyset + " AND Id != null")).isNull();
    assertThat(window("SystemModstamp != 2024-05-20T20:49:32Z")).isNull();
    assertThat(
            window(
                "SystemModstamp > 2024-05-20T20:49:32Z OR SystemModstamp < 2020-01-01T00:00:00Z"))
        .isNull();
    assertThat(
            window(
                "SystemModstamp > 2024-05-20T20:49:32Z OR (SystemModstamp = 2024-05-20T20:49:33Z"
                    + " AND Id > '003RO0000000001')"))
        .isNull();
    assertThat(window("SystemModstamp > LAST_N_DAYS:3")).isNull();
    assertThat(window("CreatedDate > 2024-05-20T20:49:32Z")).isNull();
  }

  private BoundQuery.Window window(String where) throws SoqlException {
    return BoundQuery.bind(parse("SELECT Id FROM Contact WHERE " + where), schema).window;
  }

  @Test
  void bindingRefusesWhatSalesforceRefuses() {
    assertThat(failure("SELECT Id, Id FROM Contact").getMessage())
        .endsWith("duplicate field selected: Id");
    assertThat(failure("SELECT Acount.Name FROM Contact").getMessage())
        .contains("Didn't understand relationship 'Acount'");
    assertThat(failure("SELECT Id FROM Account WHERE Description = 'x'").getMessage())
        .endsWith("field 'Description' can not be filtered in query call");
    assertThat(failure("SELECT Id FROM Contact WHERE LastName = 5").getMessage())
        .endsWith("must be of type string and should be enclosed in quotes");
    assertThat(failure("SELECT Id FROM Contact WHERE Id = 'nope'").errorCode())
        .isEqualTo("INVALID_QUERY_FILTER_OPERATOR");
    assertThat(failure("SELECT Id FROM Contact ORDER BY MailingAddress").getMessage())
        .endsWith("can not be sorted in a query call");
  }
}
