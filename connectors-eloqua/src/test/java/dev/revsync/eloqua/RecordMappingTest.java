package dev.revsync.eloqua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class RecordMappingTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static EloquaField field(String dataType) {
    return new EloquaField("F", "F", "{{Contact.Field(F)}}", dataType, RecordMapping.typeOf(dataType), false, false);
  }

  @Test
  void eloquaDataTypesMapToRecordTypes() {
    assertThat(RecordMapping.typeOf("text")).isEqualTo(FieldType.STRING);
    assertThat(RecordMapping.typeOf("emailAddress")).isEqualTo(FieldType.STRING);
    assertThat(RecordMapping.typeOf("largeText")).isEqualTo(FieldType.STRING);
    assertThat(RecordMapping.typeOf("number")).isEqualTo(FieldType.DECIMAL);
    assertThat(RecordMapping.typeOf("date")).isEqualTo(FieldType.DATETIME);
    assertThat(RecordMapping.typeOf("somethingNew")).isEqualTo(FieldType.OTHER);
  }

  @Test
  void stagedStringsBecomeTypedValuesAndEmptyStringsNull() {
    assertThat(RecordMapping.value(field("number"), "12.50", "1", ZoneOffset.UTC)).isEqualTo(new BigDecimal("12.50"));
    assertThat(RecordMapping.value(field("text"), "", "1", ZoneOffset.UTC)).isNull();
    assertThat(RecordMapping.value(field("text"), null, "1", ZoneOffset.UTC)).isNull();
    assertThat(RecordMapping.value(field("boolean"), "true", "1", ZoneOffset.UTC)).isEqualTo(true);
  }

  @Test
  void systemTimestampsAreUtcAndDateFieldsAreReadInTheInstancesZone() {
    EloquaField updated = EloquaField.system("UpdatedAt", "{{Contact.UpdatedAt}}", FieldType.DATETIME);
    assertThat(RecordMapping.value(updated, "2024-05-01 10:00:00.000", "1", NEW_YORK))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(RecordMapping.value(field("date"), "2024-05-01 10:00:00.000", "1", NEW_YORK))
        .isEqualTo(Instant.parse("2024-05-01T14:00:00Z"));
  }

  @Test
  void timestampsInEveryFormEloquaUsesAreRead() {
    Instant expected = Instant.parse("2024-05-01T10:00:00.123Z");
    assertThat(RecordMapping.parseTimestamp("2024-05-01 10:00:00.123")).isEqualTo(expected);
    assertThat(RecordMapping.parseTimestamp("2024-05-01T10:00:00.1230000Z")).isEqualTo(expected);
    assertThat(RecordMapping.parseTimestamp("2024-05-01T12:00:00.123+02:00")).isEqualTo(expected);
    assertThat(RecordMapping.parseTimestamp("2024-05-01")).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    assertThat(RecordMapping.parseTimestampOrNull("not a date")).isNull();
  }

  @Test
  void aValueThatDoesNotFitItsTypeIsAProtocolErrorNamingTheFieldNotTheValue() {
    assertThatThrownBy(() -> RecordMapping.value(field("number"), "secret-ish", "1000042", ZoneOffset.UTC))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("1000042").hasMessageContaining("field F")
        .hasMessageNotContaining("secret-ish");
  }

  @Test
  void importValuesUseEloquasForms() {
    assertThat(RecordMapping.importValue(null, NEW_YORK)).isEmpty();
    assertThat(RecordMapping.importValue(new BigDecimal("1E+3"), NEW_YORK)).isEqualTo("1000");
    assertThat(RecordMapping.importValue(Instant.parse("2024-05-01T14:00:00Z"), NEW_YORK)).isEqualTo("2024-05-01 10:00:00");
    assertThat(RecordMapping.importValue(87L, NEW_YORK)).isEqualTo("87");
  }
  @Test
  void theUsualTimestampShapesAreReadByHandExactlyAsTheJdkReadsThem() {
    Random random = new Random(42);
    String[] zones = {"", "", "Z", "z", "+00:00", "-00:00", "+05:30", "-08:00", "+17:45"};
    for (int n = 0; n < 5_000; n++) {
      int year = random.nextInt(10_000);
      int month = 1 + random.nextInt(12);
      int day = 1 + random.nextInt(YearMonth.of(year, month).lengthOfMonth());
      String date = String.format(Locale.ROOT, "%04d-%02d-%02d", year, month, day);
      String fraction = random.nextInt(3) == 0 ? "" : "." + digits(random, 1 + random.nextInt(9));
      String s = random.nextInt(10) == 0 ? date : String.format(Locale.ROOT, "%s%c%02d:%02d:%02d%s%s", date,
          random.nextBoolean() ? ' ' : 'T', random.nextInt(24), random.nextInt(60), random.nextInt(60), fraction,
          zones[random.nextInt(zones.length)]);
      for (ZoneId zone : List.of(ZoneOffset.UTC, ZoneOffset.ofHours(-5), NEW_YORK)) {
        assertThat(RecordMapping.parseCommonTimestamp(s, zone)).as(s + " in " + zone).isNotNull()
            .isEqualTo(RecordMapping.parseTimestampWithFormatter(s, zone));
      }
    }
  }

  @Test
  void unusualTimestampsGetTheJdksOutcomeWhateverItIs() {
    List<String> odd = List.of("2024-02-30 00:00:00", "2023-02-29", "2024-05-01 24:00:00", "2024-05-01 10:60:00",
        "2024-05-01 10:00:60", "2024-13-01 10:00:00", "2024-05-01 10:00:00.", "2024-05-01 10:00:00.1234567890",
        "2024-05-01T10:00:00+18:00", "2024-05-01T10:00:00+0200", "2024-05-01T10:00:00+02", "2024-05-01 10:00",
        " 2024-05-01 10:00:00", "2024-05-01 10:00:00 ", "2024-05-01t10:00:00z", "2024-05-01 10:00:00ZZ",
        "2024-05-01 10:00:00+02:00:30", "+2024-05-01", "12024-05-01", "2024-5-01", "２０２４-05-01", "");
    for (String s : odd) assertSameTimestampOutcome(s, NEW_YORK);
    Random random = new Random(7);
    String alphabet = "0123456789-:T.Z+ ";
    for (int n = 0; n < 20_000; n++) {
      char[] c = "2024-02-29 23:59:59.123+05:30".toCharArray();
      for (int k = 1 + random.nextInt(2); k > 0; k--) c[random.nextInt(c.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
      int length = random.nextInt(4) == 0 ? 10 : 19 + random.nextInt(c.length - 18);
      assertSameTimestampOutcome(new String(c, 0, length), random.nextBoolean() ? ZoneOffset.UTC : NEW_YORK);
    }
  }

  @Test
  void aLocalTimeInTheInstancesZoneFollowsItsDaylightSavingRules() {
    // 02:30 on 2024-03-10 does not exist in New York (clocks jump to 03:00); 01:30 on 2024-11-03 happens twice.
    assertThat(RecordMapping.parseTimestamp("2024-03-10 02:30:00.000", NEW_YORK))
        .isEqualTo(Instant.parse("2024-03-10T07:30:00Z"));
    assertThat(RecordMapping.parseTimestamp("2024-11-03 01:30:00.000", NEW_YORK))
        .isEqualTo(Instant.parse("2024-11-03T05:30:00Z"));
    assertThat(RecordMapping.parseTimestamp("2024-07-01", NEW_YORK)).isEqualTo(Instant.parse("2024-07-01T04:00:00Z"));
  }

  private static void assertSameTimestampOutcome(String s, ZoneId zone) {
    Object expected = outcome(() -> RecordMapping.parseTimestampWithFormatter(s, zone));
    assertThat(outcome(() -> RecordMapping.parseTimestamp(s, zone))).as("'" + s + "' in " + zone).isEqualTo(expected);
  }

  /** The value, or the exception's class for comparing failures. */
  private static Object outcome(Callable<Object> call) {
    try {
      return call.call();
    } catch (Exception e) {
      return e.getClass();
    }
  }

  private static String digits(Random random, int count) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < count; i++) b.append((char) ('0' + random.nextInt(10)));
    return b.toString();
  }
}
