package dev.revsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Record;
import dev.revsync.spi.RecordShape;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonLinesEncoderTest {
  private final JsonLinesEncoder encoder = new JsonLinesEncoder();

  @Test
  void aLineIsByteForByteWhatMoshisWriterWrites() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Id", "003A");
    fields.put("Name", "Zoë \"Z\" O'Brien\\ \t\n\r\b\f\u0001\u001f \u2028\u2029 😀 \ud800 end");
    fields.put("Empty", "");
    fields.put("Null", null);
    fields.put("Score", 87L);
    fields.put("Int", 5);
    fields.put("Amount", new BigDecimal("1E+3"));
    fields.put("Small", new BigDecimal("0.000001"));
    fields.put("Flag", true);
    fields.put("Off", false);
    fields.put("At", Instant.parse("2026-12-03T07:00:00.120Z"));
    fields.put("Day", LocalDate.of(1970, 1, 2));
    fields.put("Address", Map.of("city", "München"));
    fields.put("Tags", Arrays.asList("a", null, 1L));
    fields.put("na\"me", "key needing escapes");
    for (Record r :
        List.of(
            Record.of("Contact", "003A", Instant.parse("2026-12-03T07:00:00Z"), fields),
            Record.deleted("Contact", "003\nB", null, Map.of()),
            Record.of("C", "1", null, Map.of("only", 1L)))) {
      encoder.encode(r);
      encoder.encode(r); // the second time through the cached names
      String line = Json.line(r) + "\n";
      assertThat(encoder.take()).isEqualTo(line + line);
    }
  }

  @Test
  void instantsAreWrittenAsTheirToStringForAnySecondAndFraction() {
    Random random = new Random(5);
    List<Instant> edges =
        List.of(
            Instant.EPOCH,
            Instant.parse("0000-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z"),
            Instant.parse("+10000-01-01T00:00:00Z"),
            Instant.parse("-0001-12-31T23:59:59Z"),
            Instant.parse("1969-12-31T23:59:59.5Z"),
            Instant.ofEpochSecond(0, 1_000),
            Instant.ofEpochSecond(0, 120_000_000),
            Instant.ofEpochSecond(1, 1));
    for (Instant i : edges) assertThat(encoded(i)).isEqualTo("\"" + i + "\"");
    for (int k = 0; k < 20_000; k++) {
      long seconds = random.nextLong() % 400_000_000_000L;
      int nanos =
          switch (k % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant i = Instant.ofEpochSecond(seconds, nanos);
      assertThat(encoded(i)).as("%s", i).isEqualTo("\"" + i + "\"");
      // The same day again (its date is kept from the last instant), then the next second, which
      // may be the next day.
      Instant sameDay = i.minusSeconds(Math.floorMod(seconds, 86_400) / 2);
      assertThat(encoded(sameDay)).as("%s", sameDay).isEqualTo("\"" + sameDay + "\"");
      Instant next = i.plusSeconds(1);
      assertThat(encoded(next)).as("%s", next).isEqualTo("\"" + next + "\"");
    }
  }

  @Test
  void datesAreWrittenAsTheirToString() {
    Random random = new Random(6);
    List<LocalDate> dates =
        new java.util.ArrayList<>(
            List.of(
                LocalDate.of(0, 1, 1),
                LocalDate.of(9999, 12, 31),
                LocalDate.of(10_000, 1, 1),
                LocalDate.of(-1, 12, 31),
                LocalDate.of(2024, 2, 29)));
    for (int k = 0; k < 5_000; k++)
      dates.add(LocalDate.ofEpochDay(random.nextInt(4_000_000) - 800_000));
    for (LocalDate d : dates) {
      Record r = Record.of("o", "1", null, Map.of("d", d));
      encoder.encode(r);
      assertThat(encoder.take()).as("%s", d).contains("\"d\":\"" + d + "\"");
    }
  }

  private String encoded(Instant i) {
    encoder.instant(i);
    return encoder.take();
  }

  @Test
  void randomTextAndShapedRecordsEncodeAsMoshiDoes() {
    Random random = new Random(3);
    RecordShape shape = RecordShape.of("x", List.of("a", "b", "c"));
    for (int i = 0; i < 2_000; i++) {
      char[] text = new char[random.nextInt(12)];
      for (int j = 0; j < text.length; j++)
        text[j] = (char) (random.nextInt(4) == 0 ? random.nextInt(0x30) : random.nextInt(0x3000));
      Record r =
          shape.record(
              "id" + i,
              null,
              false,
              new Object[] {new String(text), (long) random.nextInt(), null});
      encoder.encode(r);
      assertThat(encoder.take()).isEqualTo(Json.line(r) + "\n");
    }
  }

  @Test
  void namesAreRightWhenRecordsOfOneSyncDifferInTheirFieldsOrMoveThem() {
    // The encoder remembers names by position: a record whose fields differ from the last one's (a
    // map record, a field missing) must still get its own names.
    RecordShape wide = RecordShape.of("x", List.of("a", "b", "c"));
    List<Record> records =
        List.of(
            wide.record("1", null, false, new Object[] {"1", 2L, true}),
            Record.of("x", "2", null, Map.of("c", "z")),
            wide.record("3", null, false, new Object[] {null, null, null}),
            Record.of("x", "4", null, new LinkedHashMap<>(Map.of("b", 1L))),
            Record.of("x", "5", null, Map.of()),
            wide.record("6", null, false, new Object[] {"\u0000", -0L, Long.MIN_VALUE}));
    for (Record r : records) {
      encoder.encode(r);
      assertThat(encoder.take()).isEqualTo(Json.line(r) + "\n");
    }
  }

  @Test
  void longsAndLongStringsEncodeAsMoshiDoes() {
    RecordShape shape = RecordShape.of("x", List.of("n", "s"));
    String big = "é\"😀\u2028".repeat(50_000);
    for (long n :
        new long[] {0, 9, 10, -1, -10, 99, Long.MAX_VALUE, Long.MIN_VALUE, 1234567890123L}) {
      Record r = shape.record("i", null, false, new Object[] {n, big});
      encoder.encode(r);
      assertThat(encoder.take()).isEqualTo(Json.line(r) + "\n");
    }
  }
}
