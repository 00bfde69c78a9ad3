package dev.revsync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.ProtocolException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

class ValuesTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void instantsInEverySpellingVendorsUseAreRead() {
    Instant expected = Instant.parse("2024-05-20T20:49:32Z");
    for (String s :
        List.of(
            "2024-05-20T20:49:32.000+0000",
            "2024-05-20T20:49:32.000Z",
            "2024-05-20T20:49:32Z",
            "2024-05-20T22:49:32+02:00",
            "2024-05-20T16:49:32-0400",
            "2024-05-20T20:49:32",
            "2024-05-20 20:49:32",
            "2024-05-20 20:49:32.000",
            "2024-05-20T20:49:32.000000000Z")) {
      assertThat(Values.instant(s)).as(s).isEqualTo(expected);
    }
    assertThat(Values.instant("2024-05-20")).isEqualTo(Instant.parse("2024-05-20T00:00:00Z"));
    assertThat(Values.instant("2024-05-01 10:00:00.123"))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00.123Z"));
    assertThat(Values.instant("2024-05-01T10:00:00.1234567Z"))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00.1234567Z"));
    assertThat(Values.instant("2024-05-20T20:49")).isEqualTo(Instant.parse("2024-05-20T20:49:00Z"));
    assertThat(Values.epochMillis("1716238172000")).isEqualTo(expected);
    assertThat(Values.epochSeconds("1716238172")).isEqualTo(expected);
  }

  @Test
  void aValueWithoutAnOffsetIsLocalTimeInTheGivenZoneWithItsDaylightSavingRules() {
    assertThat(Values.instant("2024-05-01 10:00:00.000", NEW_YORK))
        .isEqualTo(Instant.parse("2024-05-01T14:00:00Z"));
    assertThat(Values.instant("2024-05-01T10:00:00Z", NEW_YORK))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    // 02:30 on 2024-03-10 does not exist in New York (clocks jump to 03:00); 01:30 on 2024-11-03
    // happens twice.
    assertThat(Values.instant("2024-03-10 02:30:00.000", NEW_YORK))
        .isEqualTo(Instant.parse("2024-03-10T07:30:00Z"));
    assertThat(Values.instant("2024-11-03 01:30:00.000", NEW_YORK))
        .isEqualTo(Instant.parse("2024-11-03T05:30:00Z"));
    assertThat(Values.instant("2024-07-01", NEW_YORK))
        .isEqualTo(Instant.parse("2024-07-01T04:00:00Z"));
  }

  @Test
  void impossibleDatesAndTimesAreRefusedNotClamped() {
    for (String s :
        List.of(
            "2024-02-30T00:00:00Z",
            "2023-02-29 10:00:00",
            "2024-05-20T24:00:00Z",
            "2024-05-20T23:60:00Z",
            "2024-13-20T20:49:32Z",
            "not a date",
            "2024-05-20T20:49:32+18:01")) {
      assertThatThrownBy(() -> Values.instant(s)).as(s).isInstanceOf(DateTimeParseException.class);
    }
  }

  @Test
  void theUsualInstantShapesAreReadByHandExactlyAsTheJdkReadsThem() {
    Random random = new Random(42);
    String[] offsets = {
      "", "", "Z", "z", "+0000", "+00:00", "-0000", "-00:00", "+0530", "+05:30", "-08:00", "+1745",
      "-1200", "+17:45"
    };
    for (int n = 0; n < 5_000; n++) {
      int year = random.nextInt(10_000);
      int month = 1 + random.nextInt(12);
      int day = 1 + random.nextInt(YearMonth.of(year, month).lengthOfMonth());
      String date = String.format(Locale.ROOT, "%04d-%02d-%02d", year, month, day);
      String fraction = random.nextInt(3) == 0 ? "" : "." + digits(random, 1 + random.nextInt(9));
      String s =
          random.nextInt(10) == 0
              ? date
              : String.format(
                  Locale.ROOT,
                  "%s%c%02d:%02d:%02d%s%s",
                  date,
                  random.nextBoolean() ? ' ' : 'T',
                  random.nextInt(24),
                  random.nextInt(60),
                  random.nextInt(60),
                  fraction,
                  offsets[random.nextInt(offsets.length)]);
      for (ZoneId zone : List.of(ZoneOffset.UTC, ZoneOffset.ofHours(-5), NEW_YORK)) {
        assertThat(Values.commonInstant(s, zone))
            .as(s + " in " + zone)
            .isNotNull()
            .isEqualTo(Values.instantWithJdk(s, zone));
      }
    }
  }

  @Test
  void unusualInstantsGetTheJdksOutcomeWhateverItIs() {
    List<String> odd =
        List.of(
            "2024-02-30T00:00:00Z",
            "2023-02-29T10:00:00Z",
            "2024-05-20T24:00:00Z",
            "2024-05-20T23:60:00Z",
            "2024-05-20T23:59:60Z",
            "0000-05-20T20:49:32Z",
            "2024-13-20T20:49:32Z",
            "2024-05-20T20:49:32.Z",
            "2024-05-20T20:49:32.1234567890Z",
            "2024-05-20T20:49:32+18:00",
            "2024-05-20T20:49:32-18:00",
            "2024-05-20T20:49:32+18:01",
            "2024-05-20T20:49:32+02",
            "2024-05-20T20:49:32z",
            "2024-05-20T20:49:32ZZ",
            "2024-05-20T20:49:32 ",
            " 2024-05-20T20:49:32",
            "2024-05-20 20:49:32",
            "2024-05-20T20:49",
            "2024-05-20",
            "+2024-05-20T20:49:32Z",
            "12024-05-20T20:49:32Z",
            "2024-05-20T20:49:32+02:0",
            "2024-05-20T20:49:32+0:200",
            "2024-05-20T20:49:32.5+02:00:00",
            "２０２４-05-20T20:49:32Z",
            "2024-05-01t10:00:00z",
            "2024-05-01 10:00:00+02:00:30",
            "2024-5-01",
            "");
    for (String s : odd) {
      assertSameInstantOutcome(s, ZoneOffset.UTC);
      assertSameInstantOutcome(s, NEW_YORK);
    }
    Random random = new Random(7);
    String alphabet = "0123456789-:T.Z+ ";
    for (int n = 0; n < 20_000; n++) {
      char[] c =
          (random.nextBoolean() ? "2024-02-29T23:59:59.123+05:30" : "2024-02-29 23:59:59.123+0530")
              .toCharArray();
      for (int k = 1 + random.nextInt(2); k > 0; k--)
        c[random.nextInt(c.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
      int length = random.nextInt(4) == 0 ? 10 : 19 + random.nextInt(c.length - 18);
      assertSameInstantOutcome(
          new String(c, 0, length), random.nextBoolean() ? ZoneOffset.UTC : NEW_YORK);
    }
  }

  @Test
  void datesIntegersAndDecimalsReadByHandEqualWhatTheJdkMakesOfThem() {
    for (String s :
        List.of(
            "2024-02-29",
            "0000-01-01",
            "9999-12-31",
            "2024-05-20T20:49:32.000+0000",
            "2024-02-30",
            "2023-02-29",
            "2024-00-10",
            "2024-5-20",
            "20240520")) {
      assertThat(outcome(() -> Values.date(s)))
          .as(s)
          .isEqualTo(outcome(() -> LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s)));
    }
    for (String s :
        List.of(
            "0",
            "-0",
            "7",
            "-42",
            "000123",
            "999999999999999999",
            "-999999999999999999",
            "9223372036854775807",
            "-9223372036854775808",
            "9223372036854775808",
            "12.0",
            "12.5",
            "1E3",
            "+5",
            "-",
            "1-2",
            "1.2.3",
            ".5",
            "5.",
            "-.5",
            "1.23456789012345678",
            "0.000000000000000001",
            "12345678901234567890.5",
            "1e-2",
            "0x10",
            " 1",
            "١٢",
            "")) {
      assertThat(outcome(() -> Values.integer(s)))
          .as("integer " + s)
          .isEqualTo(outcome(() -> new BigDecimal(s).longValueExact()));
      Object decimal = outcome(() -> Values.decimal(s));
      Object expected = outcome(() -> new BigDecimal(s));
      assertThat(decimal).as("decimal " + s).isEqualTo(expected);
      if (decimal instanceof BigDecimal d)
        assertThat(d.scale()).isEqualTo(((BigDecimal) expected).scale());
    }
  }

  @Test
  void decimalsKeepEveryDigitADoubleWouldLose() {
    assertThat(Values.decimal("0.1000000000000000055511151231257827"))
        .isEqualTo(new BigDecimal("0.1000000000000000055511151231257827"));
    assertThat(Values.decimal("12345678901234567.89"))
        .isEqualTo(new BigDecimal("12345678901234567.89"));
  }

  @Test
  void booleansAreReadLenientlyAndAnythingElseIsRefused() {
    for (String s : List.of("true", "TRUE", "True", " yes ", "1", "y", "On"))
      assertThat(Values.bool(s)).as(s).isTrue();
    for (String s : List.of("false", "False", "no", "0", "N", "off "))
      assertThat(Values.bool(s)).as(s).isFalse();
    for (String s : List.of("", "2", "truthy", "nope")) {
      assertThatThrownBy(() -> Values.bool(s)).as(s).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void readNamesTheFieldAndCallButNotTheValueAndTreatsEmptyAsNull() {
    assertThat(Values.read("acme", "GET /x", "score", "", Values::integer)).isNull();
    assertThat(Values.read("acme", "GET /x", "score", null, Values::integer)).isNull();
    assertThat(Values.read("acme", "GET /x", "score", "12", Values::integer)).isEqualTo(12L);
    assertThatThrownBy(
            () -> Values.read("acme", "GET /x", "updated_at", "secret-ish", Values::instant))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("acme: GET /x: field updated_at")
        .hasMessageNotContaining("secret-ish");
    assertThatThrownBy(() -> Values.read("acme", "GET /x", "ok", "maybe", Values::bool))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("field ok");
  }

  private static void assertSameInstantOutcome(String s, ZoneId zone) {
    Object expected = outcome(() -> Values.instantWithJdk(s, zone));
    assertThat(outcome(() -> Values.instant(s, zone)))
        .as("'" + s + "' in " + zone)
        .isEqualTo(expected);
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

  @Test
  void theEpochDayOfEveryDateOfFourYearsAndOfRandomDatesIsTheJdks() {
    for (LocalDate d = LocalDate.of(1999, 12, 1);
        d.isBefore(LocalDate.of(2004, 3, 2));
        d = d.plusDays(1))
      assertThat(Values.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
          .as("%s", d)
          .isEqualTo(d.toEpochDay());
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 100_000; i++) {
      LocalDate d =
          LocalDate.ofEpochDay(LocalDate.of(0, 1, 1).toEpochDay() + random.nextInt(3_652_059));
      assertThat(Values.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
          .as("%s", d)
          .isEqualTo(d.toEpochDay());
    }
  }
}
