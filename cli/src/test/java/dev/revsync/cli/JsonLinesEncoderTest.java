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
import okio.Buffer;
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
      Buffer out = new Buffer();
      encoder.encode(r, out);
      encoder.encode(r, out); // the second time through the cached names
      String line = Json.line(r) + "\n";
      assertThat(out.readUtf8()).isEqualTo(line + line);
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
    }
  }

  private static String encoded(Instant i) {
    Buffer out = new Buffer();
    JsonLinesEncoder.instant(i, out);
    return out.readUtf8();
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
      Buffer out = new Buffer();
      encoder.encode(r, out);
      assertThat(out.readUtf8()).isEqualTo(Json.line(r) + "\n");
    }
  }
}
