package dev.revsync.spi;

import dev.revsync.ProtocolException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Reads the scalar values vendors send as text into record values, so no connector hand-rolls them:
 * instants in the ISO-8601 spellings vendors use ({@code 2024-01-02T03:04:05Z}, {@code
 * …05.000+0000}, {@code …05+02:00}, {@code 2024-01-02 03:04:05[.fff]}, a bare date, with or without
 * a fraction or an offset), epoch seconds and milliseconds, dates, integers, decimals (never
 * through {@code double}) and lenient booleans.
 *
 * <p>The usual shapes are read by hand (no allocation but the result); anything else goes through
 * the JDK's parsers, which decide what it means or name the problem, so the hand-written path can
 * only ever agree with them (its tests compare the two on mutated inputs). Failures are the JDK's
 * unchecked exceptions ({@link DateTimeException}, {@link NumberFormatException}, {@link
 * ArithmeticException}, {@link IllegalArgumentException}); {@link #read} turns them into a {@link
 * ProtocolException} that names the field but not the value (values are customer data).
 *
 * <p>Stateless and thread-safe.
 */
public final class Values {

  // The JDK path: ISO date, 'T', time with optional seconds and fraction, optional Z/±HH:MM/±HHMM.
  private static final DateTimeFormatter DATETIME =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .toFormatter(Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);

  private static final String[] TRUE = {"true", "1", "yes", "y", "on"};
  private static final String[] FALSE = {"false", "0", "no", "n", "off"};

  /** How one value is parsed, for {@link #read}. */
  @FunctionalInterface
  public interface Parser<T> {
    T parse(String text);
  }

  private Values() {}

  /**
   * {@code parser} applied to {@code text}; null for null or empty text.
   *
   * @throws ProtocolException naming {@code system}, {@code call} and {@code field} (not the value)
   *     when the text is not what the field holds
   */
  public static <T> T read(
      String system, String call, String field, String text, Parser<T> parser) {
    if (text == null || text.isEmpty()) return null;
    try {
      return parser.parse(text);
    } catch (DateTimeException | IllegalArgumentException | ArithmeticException e) {
      throw unparsable(system, call, field, text.length(), e);
    }
  }

  /**
   * The error of a value that does not parse: it names the field and the value's length, never the
   * value (customer data).
   */
  static ProtocolException unparsable(
      String system, String call, String field, int length, RuntimeException e) {
    return new ProtocolException(
        system,
        call,
        "field "
            + field
            + " has a value of "
            + length
            + " characters that does not parse ("
            + e.getClass().getSimpleName()
            + ")",
        "Report the record to the vendor's support; the sync resumes from its last checkpoint",
        e);
  }

  /** {@link #instant(String, ZoneId)} reading a value without an offset as UTC. */
  public static Instant instant(String s) {
    return instant(s, ZoneOffset.UTC);
  }

  /**
   * An instant from {@code yyyy-MM-dd}, {@code yyyy-MM-dd[T| ]HH:mm[:ss[.f{1,9}]][Z|±HH:MM|±HHMM]}
   * (leading and trailing blanks ignored). A value without an offset is local time in {@code
   * zoneIfNone}; a bare date is its start of day there.
   *
   * @throws DateTimeException when it is none of those, or not a valid date and time
   */
  public static Instant instant(String s, ZoneId zoneIfNone) {
    Instant fast = commonInstant(s, zoneIfNone);
    return fast != null ? fast : instantWithJdk(s, zoneIfNone);
  }

  /**
   * The usual shapes of {@link #instant(String, ZoneId)} read by hand in their valid ranges, else
   * null.
   */
  static Instant commonInstant(CharSequence s, ZoneId zone) {
    // Fixed positions, two digits at a time, validity from tables: a pull reads several instants
    // per record, so this is among the hottest code of a pull.
    int n = s.length();
    if ((n != 10 && n < 19) || s.charAt(4) != '-' || s.charAt(7) != '-') return null;
    int century = twoDigits(s, 0);
    int yearOfCentury = twoDigits(s, 2);
    int month = twoDigits(s, 5);
    int day = twoDigits(s, 8);
    if ((century | yearOfCentury) < 0) return null;
    int year = century * 100 + yearOfCentury;
    if (!validDate(year, month, day)) return null;
    long epochDay = epochDay(year, month, day);
    if (n == 10) {
      return zone instanceof ZoneOffset offset
          ? Instant.ofEpochSecond(epochDay * 86_400 - offset.getTotalSeconds())
          : LocalDate.of(year, month, day).atStartOfDay(zone).toInstant();
    }
    char separator = s.charAt(10);
    if ((separator != 'T' && separator != ' ') || s.charAt(13) != ':' || s.charAt(16) != ':')
      return null;
    int hour = twoDigits(s, 11);
    int minute = twoDigits(s, 14);
    int second = twoDigits(s, 17);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
      return null;
    int i = 19;
    int nanos = 0;
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      int end = Math.min(n, start + 9);
      for (; i < end; i++) {
        int digit = s.charAt(i) - '0';
        if (digit < 0 || digit > 9) break;
        nanos = nanos * 10 + digit;
      }
      int length = i - start;
      if (length == 0 || (i < n && isDigit(s.charAt(i)))) return null;
      nanos *= POWERS_OF_TEN[9 - length];
    }
    long local = epochDay * 86_400 + hour * 3600L + minute * 60L + second;
    if (i == n) {
      if (zone instanceof ZoneOffset offset)
        return Instant.ofEpochSecond(local - offset.getTotalSeconds(), nanos);
      return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
          .atZone(zone)
          .toInstant();
    }
    char c = s.charAt(i);
    if ((c == 'Z' || c == 'z') && i + 1 == n) return Instant.ofEpochSecond(local, nanos);
    if (c != '+' && c != '-') return null;
    int hours;
    int minutes;
    if (n == i + 5) {
      hours = twoDigits(s, i + 1);
      minutes = twoDigits(s, i + 3);
    } else if (n == i + 6 && s.charAt(i + 3) == ':') {
      hours = twoDigits(s, i + 1);
      minutes = twoDigits(s, i + 4);
    } else {
      return null;
    }
    if (hours < 0 || hours > 17 || minutes < 0 || minutes > 59) return null;
    return Instant.ofEpochSecond(
        local - (c == '-' ? -1 : 1) * (hours * 3600L + minutes * 60L), nanos);
  }

  /** The general path of {@link #instant(String, ZoneId)}: the JDK's strict ISO parsers. */
  static Instant instantWithJdk(String raw, ZoneId zone) {
    String s = raw.strip();
    if (s.length() == 10) return LocalDate.parse(s).atStartOfDay(zone).toInstant();
    if (s.length() > 10 && s.charAt(10) == ' ') s = s.substring(0, 10) + 'T' + s.substring(11);
    TemporalAccessor parsed = DATETIME.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
    if (parsed instanceof OffsetDateTime odt) return odt.toInstant();
    return ((LocalDateTime) parsed).atZone(zone).toInstant();
  }

  /**
   * An instant from whole epoch milliseconds ({@code 1704164645000}), as HubSpot and others send.
   */
  public static Instant epochMillis(String s) {
    return Instant.ofEpochMilli(integer(s.strip()));
  }

  /** An instant from whole epoch seconds ({@code 1704164645}), as Eloqua's REST API sends. */
  public static Instant epochSeconds(String s) {
    return Instant.ofEpochSecond(integer(s.strip()));
  }

  /** A date {@code 2024-05-20}; anything after the tenth character (a time) is ignored. */
  public static LocalDate date(String s) {
    LocalDate fast = commonDate(s);
    return fast != null
        ? fast
        : LocalDate.parse(
            s.length() > 10 ? s.substring(0, 10) : s); // names the problem, or an odd spelling
  }

  /** {@link #date} of a valid {@code yyyy-MM-dd…} read by hand, else null. */
  static LocalDate commonDate(CharSequence s) {
    if (s.length() >= 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
      int century = twoDigits(s, 0);
      int yearOfCentury = twoDigits(s, 2);
      int month = twoDigits(s, 5);
      int day = twoDigits(s, 8);
      int year = century * 100 + yearOfCentury;
      if ((century | yearOfCentury) >= 0 && validDate(year, month, day))
        return LocalDate.of(year, month, day);
    }
    return null;
  }

  /**
   * A whole number: plain digits read directly; anything else ({@code 12.0}, {@code 1E3}) exactly
   * as {@code new BigDecimal(s).longValueExact()} reads it.
   *
   * @throws NumberFormatException or {@link ArithmeticException} when it is not a whole long
   */
  public static long integer(String s) {
    Long fast = commonInteger(s);
    return fast != null ? fast : new BigDecimal(s).longValueExact();
  }

  /** {@link #integer} of an optional minus and up to 18 digits read by hand, else null. */
  static Long commonInteger(CharSequence s) {
    int n = s.length();
    int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
    if (n == i || n - i > 18) return null;
    long v = 0;
    for (; i < n; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) return null;
      v = v * 10 + d;
    }
    return s.charAt(0) == '-' ? -v : v;
  }

  /**
   * A decimal equal, scale included, to {@code new BigDecimal(s)}: {@code -123.45} (up to 18
   * digits) as unscaled digits and a scale, anything else through that constructor. Never a {@code
   * double}.
   */
  public static BigDecimal decimal(String s) {
    BigDecimal fast = commonDecimal(s);
    return fast != null ? fast : new BigDecimal(s);
  }

  /**
   * {@link #decimal} of an optional minus, up to 18 digits and one point read by hand, else null.
   */
  static BigDecimal commonDecimal(CharSequence s) {
    int n = s.length();
    int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
    long unscaled = 0;
    int digits = 0;
    int scale = -1;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits > 18) return null;
        unscaled = unscaled * 10 + (c - '0');
        if (scale >= 0) scale++;
      } else if (c == '.' && scale < 0) {
        scale = 0;
      } else {
        return null;
      }
    }
    if (digits == 0) return null;
    return BigDecimal.valueOf(s.charAt(0) == '-' ? -unscaled : unscaled, Math.max(scale, 0));
  }

  /**
   * A boolean, leniently: {@code true/false}, {@code 1/0}, {@code yes/no}, {@code y/n}, {@code
   * on/off}, in any case, blanks around ignored.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static boolean bool(String s) {
    // Vendors write lower case: the exact matches first, the rest without allocating.
    Boolean fast = commonBool(s);
    if (fast != null) return fast;
    String t = s.strip();
    for (String yes : TRUE) if (t.equalsIgnoreCase(yes)) return true;
    for (String no : FALSE) if (t.equalsIgnoreCase(no)) return false;
    throw new IllegalArgumentException("not a boolean");
  }

  /** {@link #bool} of exactly {@code true} or {@code false}, else null. */
  static Boolean commonBool(CharSequence s) {
    int n = s.length();
    if (n == 4
        && s.charAt(0) == 't'
        && s.charAt(1) == 'r'
        && s.charAt(2) == 'u'
        && s.charAt(3) == 'e') return Boolean.TRUE;
    if (n == 5
        && s.charAt(0) == 'f'
        && s.charAt(1) == 'a'
        && s.charAt(2) == 'l'
        && s.charAt(3) == 's'
        && s.charAt(4) == 'e') return Boolean.FALSE;
    return null;
  }

  /**
   * The epoch day of a valid date of years 0–9999, as {@link LocalDate#toEpochDay()} counts it,
   * without making a {@code LocalDate}: a pull reads several instants per record.
   */
  static long epochDay(int year, int month, int day) {
    // Days before the year from 0000-03-01, counting from March so the leap day comes last.
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }

  /**
   * The two ASCII digits at {@code at} as a number, or a negative number if either is not one (the
   * caller checks the length).
   */
  private static int twoDigits(CharSequence s, int at) {
    int tens = s.charAt(at) - '0';
    int ones = s.charAt(at + 1) - '0';
    return (tens | ones | (9 - tens) | (9 - ones)) < 0 ? -1 : tens * 10 + ones;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean validDate(int year, int month, int day) {
    if (month < 1 || month > 12 || day < 1 || day > MONTH_LENGTHS[month]) return false;
    return month != 2 || day < 29 || ((year & 3) == 0 && (year % 100 != 0 || year % 400 == 0));
  }

  /** Days in each month (1–12) of a leap year. */
  private static final int[] MONTH_LENGTHS = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private static final int[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };
}
