package dev.revsync.simulators;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Realistic field values for {@link RecordFactory} implementations: names, companies, e-mail
 * addresses, phone numbers, places, numbers and dates, all drawn from the {@link Random} a table
 * hands its factory, so the same seed and index give the same values. Values include the awkward
 * cases real data has (apostrophes, accents, commas, quotes) so parsers meet them in every test.
 * Stateless and thread-safe.
 *
 * <pre>{@code
 * public Map<String, Object> fields(long index, String id, Random r) {
 *   String first = DataGenerator.firstName(r), last = DataGenerator.lastName(r);
 *   String company = DataGenerator.company(r);
 *   return Map.of("FirstName", first, "LastName", last, "Company", company,
 *       "Email", DataGenerator.email(r, first, last, company));
 * }
 * }</pre>
 */
public final class DataGenerator {
  private static final List<String> FIRST_NAMES =
      List.of(
          "Olivia",
          "Liam",
          "Emma",
          "Noah",
          "Amelia",
          "Oliver",
          "Sophia",
          "Elijah",
          "Charlotte",
          "James",
          "Ava",
          "William",
          "Mia",
          "Benjamin",
          "Harper",
          "Lucas",
          "Evelyn",
          "Henry",
          "Luna",
          "Theodore",
          "Zoë",
          "José",
          "Chloé",
          "Søren",
          "Aiko",
          "Mateo",
          "Priya",
          "Wei",
          "Fatima",
          "Dmitri",
          "Ingrid",
          "Kwame",
          "Lucía",
          "Noor",
          "Hiroshi",
          "Ana-Maria",
          "Jean-Luc",
          "Siobhán",
          "Raúl",
          "Yuki");
  private static final List<String> LAST_NAMES =
      List.of(
          "Smith",
          "Johnson",
          "Williams",
          "Brown",
          "Jones",
          "Garcia",
          "Miller",
          "Davis",
          "Rodriguez",
          "Martinez",
          "Hernandez",
          "Lopez",
          "Gonzalez",
          "Wilson",
          "Anderson",
          "Thomas",
          "Taylor",
          "Moore",
          "Jackson",
          "Martin",
          "O'Brien",
          "Müller",
          "Nguyen",
          "Kowalski",
          "Van der Berg",
          "Østergaard",
          "Nakamura",
          "Patel",
          "Okafor",
          "D'Angelo",
          "Schmidt",
          "Dubois",
          "Rossi",
          "Ivanova",
          "Kim",
          "Chen",
          "Singh",
          "Haddad",
          "Fernández",
          "Berg");
  private static final List<String> COMPANY_STEMS =
      List.of(
          "Acme",
          "Globex",
          "Initech",
          "Umbrella",
          "Stark",
          "Wayne",
          "Wonka",
          "Hooli",
          "Vandelay",
          "Soylent",
          "Cyberdyne",
          "Tyrell",
          "Aperture",
          "Massive Dynamic",
          "Pied Piper",
          "Gringotts",
          "Oscorp",
          "Monarch",
          "Blue Sun",
          "Nakatomi",
          "Dunder Mifflin",
          "Sterling Cooper",
          "Bluth",
          "Prestige Worldwide",
          "Kwik-E",
          "Los Pollos",
          "Black Mesa",
          "Weyland",
          "Virtucon",
          "Zorg");
  private static final List<String> COMPANY_SUFFIXES =
      List.of(
          "Inc.",
          "LLC",
          "Ltd",
          "GmbH",
          "S.A.",
          "Corp.",
          "Group",
          "& Co.",
          "Holdings",
          "Labs",
          "Systems",
          "AG");
  private static final List<String> CITIES =
      List.of(
          "New York",
          "San Francisco",
          "Chicago",
          "Austin",
          "Seattle",
          "Boston",
          "Denver",
          "Toronto",
          "London",
          "Dublin",
          "Berlin",
          "München",
          "Paris",
          "Lyon",
          "Madrid",
          "São Paulo",
          "Mexico City",
          "Tokyo",
          "Sydney",
          "Singapore",
          "Bengaluru",
          "Zürich",
          "Kraków",
          "Amsterdam",
          "Stockholm",
          "Cape Town",
          "Tel Aviv",
          "Montréal");
  private static final List<String> STATES =
      List.of("CA", "NY", "TX", "WA", "MA", "IL", "CO", "FL", "GA", "OR", "NC", "VA");
  private static final List<String> COUNTRIES =
      List.of(
          "United States",
          "Canada",
          "United Kingdom",
          "Ireland",
          "Germany",
          "France",
          "Spain",
          "Brazil",
          "Mexico",
          "Japan",
          "Australia",
          "Singapore",
          "India",
          "Switzerland",
          "Poland",
          "Netherlands",
          "Sweden");
  private static final List<String> STREETS =
      List.of(
          "Main St",
          "Oak Ave",
          "Pine St",
          "Maple Dr",
          "Cedar Ln",
          "Elm St",
          "Market St",
          "Broadway",
          "Sunset Blvd",
          "King's Rd",
          "Rue de la Paix",
          "Hauptstraße",
          "Calle Mayor");
  private static final List<String> TITLES =
      List.of(
          "CEO",
          "CTO",
          "VP Sales",
          "VP Marketing",
          "Director of Operations",
          "Marketing Manager",
          "Sales Rep",
          "Account Executive",
          "Software Engineer",
          "Data Analyst",
          "Head of Growth",
          "Procurement Lead",
          "Office Manager",
          "CFO",
          "Product Manager",
          "Customer Success Manager");
  private static final List<String> INDUSTRIES =
      List.of(
          "Technology",
          "Finance",
          "Healthcare",
          "Retail",
          "Manufacturing",
          "Education",
          "Media",
          "Energy",
          "Hospitality",
          "Transportation",
          "Government",
          "Non-Profit");
  private static final List<String> MAIL_DOMAINS =
      List.of("gmail.com", "outlook.com", "yahoo.com", "proton.me");

  private static final Pattern MARKS = Pattern.compile("\\p{M}");

  private DataGenerator() {}

  public static String firstName(Random r) {
    return pick(r, FIRST_NAMES);
  }

  public static String lastName(Random r) {
    return pick(r, LAST_NAMES);
  }

  /**
   * A company name such as {@code "Globex, Inc."} or {@code "Bluth \"Banana\" Group"} (some carry
   * commas or quotes).
   */
  public static String company(Random r) {
    String stem = pick(r, COMPANY_STEMS);
    String suffix = pick(r, COMPANY_SUFFIXES);
    int shape = r.nextInt(10);
    if (shape == 0) return stem + ", " + suffix;
    if (shape == 1) return stem + " \"" + pick(r, INDUSTRIES) + "\" " + suffix;
    return stem + " " + suffix;
  }

  /** A company's web domain, such as {@code globex.com}. */
  public static String domain(Random r, String company) {
    String slug = slug(company.split("[ ,]")[0]);
    String[] tlds = {".com", ".io", ".co.uk", ".de", ".net"};
    return (slug.isEmpty() ? "example" : slug) + tlds[r.nextInt(tlds.length)];
  }

  /** A work or personal address for the person, ASCII-only and valid. */
  public static String email(Random r, String firstName, String lastName, String company) {
    String local = slug(firstName) + (r.nextBoolean() ? "." : "") + slug(lastName);
    if (r.nextInt(4) == 0) local += r.nextInt(100);
    String domain = r.nextInt(5) == 0 ? pick(r, MAIL_DOMAINS) : domain(r, company);
    return (local.isEmpty() ? "user" : local) + "@" + domain;
  }

  /**
   * A phone number in one of the shapes people type: {@code +1 415-555-0137}, {@code (415)
   * 555-0137}, {@code +44 20 7946 0958}.
   */
  public static String phone(Random r) {
    int area = 200 + r.nextInt(800);
    int line = r.nextInt(10_000);
    switch (r.nextInt(3)) {
      case 0:
        return String.format(Locale.ROOT, "+1 %03d-555-%04d", area, line);
      case 1:
        return String.format(Locale.ROOT, "(%03d) 555-%04d", area, line);
      default:
        return String.format(Locale.ROOT, "+44 20 7946 %04d", line);
    }
  }

  public static String city(Random r) {
    return pick(r, CITIES);
  }

  /** A US state code. */
  public static String state(Random r) {
    return pick(r, STATES);
  }

  public static String country(Random r) {
    return pick(r, COUNTRIES);
  }

  public static String street(Random r) {
    return (1 + r.nextInt(9_999)) + " " + pick(r, STREETS);
  }

  /** A five-digit postal code. */
  public static String postalCode(Random r) {
    return String.format(Locale.ROOT, "%05d", r.nextInt(100_000));
  }

  public static String jobTitle(Random r) {
    return pick(r, TITLES);
  }

  public static String industry(Random r) {
    return pick(r, INDUSTRIES);
  }

  /** A whole number in {@code [min, max]}. */
  public static long integer(Random r, long min, long max) {
    if (max < min) throw new IllegalArgumentException("max < min: " + max + " < " + min);
    return min + (long) Math.floor(r.nextDouble() * ((double) max - min + 1));
  }

  /** A decimal in {@code [min, max)} with {@code scale} fraction digits. */
  public static BigDecimal decimal(Random r, double min, double max, int scale) {
    return BigDecimal.valueOf(min + r.nextDouble() * (max - min))
        .setScale(scale, RoundingMode.HALF_UP);
  }

  /** True with probability {@code p}. */
  public static boolean bool(Random r, double p) {
    return r.nextDouble() < p;
  }

  /** A date in {@code [from, to]}. */
  public static LocalDate date(Random r, LocalDate from, LocalDate to) {
    long days = ChronoUnit.DAYS.between(from, to);
    return from.plusDays(days <= 0 ? 0 : (long) (r.nextDouble() * (days + 1)));
  }

  /** An instant in {@code [from, to)}, whole seconds. */
  public static Instant instant(Random r, Instant from, Instant to) {
    long seconds = Math.max(1, to.getEpochSecond() - from.getEpochSecond());
    return Instant.ofEpochSecond(from.getEpochSecond() + (long) (r.nextDouble() * seconds));
  }

  /** One of {@code values}. */
  public static <T> T pick(Random r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  /** Null with probability {@code p}, else {@code value}: real records have gaps. */
  public static <T> T sometimesNull(Random r, double p, T value) {
    return r.nextDouble() < p ? null : value;
  }

  /** Lower-case ASCII letters and digits of {@code s} (accents dropped). */
  static String slug(String s) {
    boolean plain = s.chars().allMatch(c -> c < 128);
    String ascii =
        plain ? s : MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
    StringBuilder b = new StringBuilder(ascii.length());
    for (char c : ascii.toLowerCase(Locale.ROOT).toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) b.append(c);
    }
    return b.toString();
  }
}
