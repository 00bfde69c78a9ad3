package dev.revsync.simulators.eloqua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.simulators.SimRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterTest {
  private static final EloquaSchema SCHEMA = new EloquaSchema(7, 10, 5, 10, 10, 10, 0);
  private static final Filter.Zones UTC =
      new Filter.Zones(ZoneOffset.UTC, ZoneId.of("America/New_York"));
  private static final Accessor.Links NO_LINKS =
      new Accessor.Links() {
        @Override
        public SimRecord contact(String id) {
          return null;
        }

        @Override
        public SimRecord account(String id) {
          return null;
        }
      };

  private static Filter parse(String text) {
    return Filter.parse(text, SCHEMA.contacts::accessor, UTC);
  }

  private static SimRecord contact(String modified, String email, Long score, String title) {
    Map<String, Object> fields = new HashMap<>();
    fields.put("C_EmailAddress", email);
    fields.put("C_Lead_Score1", score);
    fields.put("C_Title", title);
    Instant at = Instant.parse(modified);
    return new SimRecord("1000001", at, at, false, fields);
  }

  private static boolean matches(String filter, SimRecord r) {
    return parse(filter).test(r, NO_LINKS);
  }

  @Test
  void datetimeLiteralsInEloquaAndIsoFormsCompareAgainstUpdatedAt() {
    SimRecord r = contact("2024-05-01T10:00:00Z", "a@x.example", 5L, "CTO");
    assertThat(matches("'{{Contact.UpdatedAt}}' >= '2024-05-01 10:00:00'", r)).isTrue();
    assertThat(matches("'{{Contact.UpdatedAt}}' > '2024-05-01 10:00:00'", r)).isFalse();
    assertThat(matches("'{{Contact.UpdatedAt}}' = '2024-05-01 10:00:00.000'", r)).isTrue();
    assertThat(matches("'{{Contact.UpdatedAt}}' < '2024-05-01T10:00:01Z'", r)).isTrue();
    assertThat(matches("'{{Contact.UpdatedAt}}' <= '2024-05-01T09:59:59'", r)).isFalse();
    assertThat(matches("'{{Contact.UpdatedAt}}' != '2024-05-01'", r)).isTrue();
    assertThat(matches("'{{Contact.UpdatedAt}}' >= '2024-05-01T06:00:00-04:00'", r)).isTrue();
  }

  @Test
  void andBindsTighterThanOrAndParenthesesRegroup() {
    SimRecord r = contact("2024-05-01T10:00:00Z", "a@x.example", 5L, "CTO");
    String falseAndFalseOrTrue =
        "'{{Contact.Field(C_Title)}}' = 'CEO' AND '{{Contact.Field(C_Lead_Score1)}}' > '50'"
            + " OR '{{Contact.Field(C_EmailAddress)}}' = 'A@X.EXAMPLE'";
    assertThat(matches(falseAndFalseOrTrue, r)).isTrue();
    String regrouped =
        "'{{Contact.Field(C_Title)}}' = 'CEO' AND ('{{Contact.Field(C_Lead_Score1)}}' > '50'"
            + " or '{{Contact.Field(C_EmailAddress)}}' = 'a@x.example')";
    assertThat(matches(regrouped, r)).isFalse();
  }

  @Test
  void numbersCompareNumericallyAndNullsOnlyMatchNotEqual() {
    SimRecord nine = contact("2024-05-01T10:00:00Z", "a@x.example", 9L, null);
    assertThat(matches("'{{Contact.Field(C_Lead_Score1)}}' < '10'", nine)).isTrue();
    assertThat(matches("'{{Contact.Field(C_Lead_Score1)}}' >= '10.5'", nine)).isFalse();
    SimRecord noScore = contact("2024-05-01T10:00:00Z", "a@x.example", null, null);
    assertThat(matches("'{{Contact.Field(C_Lead_Score1)}}' < '10'", noScore)).isFalse();
    assertThat(matches("'{{Contact.Field(C_Lead_Score1)}}' != '10'", noScore)).isTrue();
    assertThat(matches("'{{Contact.Field(C_Title)}}' = ''", noScore)).isTrue();
  }

  @Test
  void quotesInsideLiteralsAreEscapedByDoublingOrBackslash() {
    SimRecord r = contact("2024-05-01T10:00:00Z", "a@x.example", 1L, "Owner's Rep");
    assertThat(matches("'{{Contact.Field(C_Title)}}' = 'Owner''s Rep'", r)).isTrue();
    assertThat(matches("'{{Contact.Field(C_Title)}}' = 'Owner\\'s Rep'", r)).isTrue();
  }

  @Test
  void markupIsCaseInsensitiveButMustBeQuoted() {
    SimRecord r = contact("2024-05-01T10:00:00Z", "a@x.example", 1L, "CTO");
    assertThat(matches("'{{contact.field(c_title)}}' = 'cto'", r)).isTrue();
    assertThatThrownBy(() -> parse("{{Contact.UpdatedAt}} >= '2024-05-01 00:00:00'"))
        .isInstanceOf(BulkValidation.class)
        .hasMessageContaining("single quotes");
  }

  @Test
  void malformedFiltersNameTheProblem() {
    assertThatThrownBy(() -> parse("'{{Contact.Field(C_Nope)}}' = 'x'"))
        .hasMessageContaining("C_Nope");
    assertThatThrownBy(() -> parse("'{{Contact.Id}}' <> '1'"))
        .hasMessageContaining("'<>' is not an operator");
    assertThatThrownBy(() -> parse("'{{Contact.Id}}' = '1"))
        .hasMessageContaining("unterminated quote");
    assertThatThrownBy(() -> parse("'{{Contact.Id}}' = '1' AND"))
        .hasMessageContaining("at the end");
    assertThatThrownBy(() -> parse("'{{Contact.Id}}' = '1' NOT '{{Contact.Id}}' = '2'"))
        .hasMessageContaining("unknown word 'NOT'");
    assertThatThrownBy(() -> parse("('{{Contact.Id}}' = '1'")).hasMessageContaining("expected ')'");
    assertThatThrownBy(() -> parse("'{{Contact.UpdatedAt}}' > 'yesterday'"))
        .hasMessageContaining("with a date");
    assertThatThrownBy(() -> parse("'{{Contact.Field(C_Lead_Score1)}}' > 'ten'"))
        .hasMessageContaining("with a number");
    assertThatThrownBy(() -> parse("'x' = '1'")).hasMessageContaining("markup statement");
  }

  @Test
  void scanStartsAtTheLatestLowerBoundOnTheCursor() {
    Filter f =
        parse(
            "'{{Contact.UpdatedAt}}' >= '2024-05-01 00:00:00' AND '{{Contact.UpdatedAt}}' > '2024-05-02 00:00:00'"
                + " AND '{{Contact.UpdatedAt}}' < '2024-06-01 00:00:00'");
    assertThat(f.scanFrom()).isEqualTo(Instant.parse("2024-05-02T00:00:00Z"));
    assertThat(
            parse("'{{Contact.UpdatedAt}}' >= '2024-05-01 00:00:00' OR '{{Contact.Id}}' = '1'")
                .scanFrom())
        .isNull();
    // C_DateModified reads the same time, but its literals are in the instance's zone (New York
    // here).
    assertThat(parse("'{{Contact.Field(C_DateModified)}}' >= '2024-05-01 00:00:00'").scanFrom())
        .isEqualTo(Instant.parse("2024-05-01T04:00:00Z"));
  }

  @Test
  void fieldDatesAreReadInTheInstanceZoneAndSystemTimestampsInUtc() {
    SimRecord r = contact("2024-05-01T04:00:00Z", "a@x.example", 1L, "CTO"); // midnight in New York
    assertThat(matches("'{{Contact.Field(C_DateModified)}}' = '2024-05-01 00:00:00'", r)).isTrue();
    assertThat(matches("'{{Contact.UpdatedAt}}' = '2024-05-01 04:00:00'", r)).isTrue();
  }
}
