package dev.revsync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class CsvRowsTest {
  private static final String CALL =
      "GET /services/data/v66.0/jobs/query/750R0000000zlh9IAA/results";

  private static InputStream in(String csv) {
    return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
  }

  private static List<Map<String, String>> readAll(CsvRows.Builder builder, String csv)
      throws IOException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (CsvRows reader = builder.open(in(csv), "salesforce", CALL)) {
      for (Map<String, String> row = reader.next(); row != null; row = reader.next()) rows.add(row);
    }
    return rows;
  }

  private static List<Map<String, String>> readAll(String csv) throws IOException {
    return readAll(CsvRows.builder(), csv);
  }

  /**
   * Every row read straight into values ({@link CsvRows#nextRow(Object[], int[], FieldType[])}),
   * every column typed as a datetime: text that is none stays text.
   */
  private static List<List<Object>> readTyped(String csv) throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    try (CsvRows reader = CsvRows.open(in(csv), "salesforce", CALL)) {
      int columns = reader.header().size();
      int[] slots = new int[columns];
      FieldType[] types = new FieldType[columns];
      for (int i = 0; i < columns; i++) {
        slots[i] = i;
        types[i] = FieldType.DATETIME;
      }
      Object[] values = new Object[columns];
      while (reader.nextRow(values, slots, types)) rows.add(Arrays.asList(values.clone()));
    }
    return rows;
  }

  private static Map<String, String> row(String... keysAndValues) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2)
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    return map;
  }

  @Test
  void rowsAreMappedOntoTheHeaderInItsOrder() throws IOException {
    try (CsvRows rows =
        CsvRows.open(
            in("\"Id\",\"Email\",\"Account.Name\"\n\"003A\",\"a@x.com\",\"Acme\"\n"),
            "salesforce",
            CALL)) {
      assertThat(rows.header()).containsExactly("Id", "Email", "Account.Name");
      Map<String, String> first = rows.next();
      assertThat(first.keySet()).containsExactly("Id", "Email", "Account.Name");
      assertThat(first).isEqualTo(row("Id", "003A", "Email", "a@x.com", "Account.Name", "Acme"));
      assertThat(rows.line()).isEqualTo(2);
      assertThat(rows.next()).isNull();
      assertThat(rows.rows()).isEqualTo(1);
    }
  }

  @Test
  void unquotedEmptyIsNullAndQuotedEmptyIsTheEmptyString() throws IOException {
    List<Map<String, String>> rows = readAll("Id,A,B,C\n1,,\"\",x\n2,\"\",,\n");
    assertThat(rows.get(0)).isEqualTo(row("Id", "1", "A", null, "B", "", "C", "x"));
    assertThat(rows.get(1)).isEqualTo(row("Id", "2", "A", "", "B", null, "C", null));
  }

  @Test
  void quotedEmptyCanBeReadAsNullForSystemsThatCannotTellThemApart() throws IOException {
    List<Map<String, String>> rows =
        readAll(CsvRows.builder().quotedEmptyAsNull(true), "Id,A,B\n1,\"\",\n");
    assertThat(rows.get(0)).isEqualTo(row("Id", "1", "A", null, "B", null));
  }

  @Test
  void quotesLineBreaksAndDelimitersInsideQuotedFieldsSurvive() throws IOException {
    List<Map<String, String>> rows =
        readAll(
            "Id,Note\n1,\"say \"\"hi\"\", then\nleave\"\n2,\"\"\"\"\n3,\"ends with quote\"\"\"\n");
    assertThat(rows)
        .extracting(r -> r.get("Note"))
        .containsExactly("say \"hi\", then\nleave", "\"", "ends with quote\"");
    assertThat(rows).hasSize(3);
  }

  @Test
  void lfCrlfAndCrLineEndingsAndAByteOrderMarkAreAllAccepted() throws IOException {
    List<Map<String, String>> expected = List.of(row("a", "1", "b", "2"), row("a", "3", "b", "4"));
    assertThat(readAll("a,b\n1,2\n3,4\n")).isEqualTo(expected);
    assertThat(readAll("a,b\r\n1,2\r\n3,4\r\n")).isEqualTo(expected);
    assertThat(readAll("a,b\r1,2\r3,4")).isEqualTo(expected);
    assertThat(readAll("\uFEFFa,b\n1,2\n\n3,4\n\n")).isEqualTo(expected);
  }

  @Test
  void otherDelimitersAreConfigurable() throws IOException {
    assertThat(readAll(CsvRows.builder().delimiter('\t'), "a\tb\nx,y\tz\n"))
        .containsExactly(row("a", "x,y", "b", "z"));
    assertThat(readAll(CsvRows.builder().delimiter('|'), "a|b\n1|\"\"\n"))
        .containsExactly(row("a", "1", "b", ""));
    assertThatThrownBy(() -> CsvRows.builder().delimiter('"'))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRowWithTheWrongFieldCountNamesItsLine() {
    Throwable tooFew =
        catchThrowable(() -> readAll("Id,Name,Email\n1,A,a@x\n2,\"B\nb\",b@x\n3,C\n"));
    Throwable tooMany = catchThrowable(() -> readAll("Id,Name\n1,A\n2,B,extra\n"));

    assertThat(tooFew)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("salesforce: " + CALL)
        .hasMessageContaining("malformed CSV at line 5: the row has 2 fields but the header has 3");
    assertThat(tooMany)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("line 3: the row has 3 fields but the header has 2");
  }

  @Test
  void aQuoteLeftOpenAtTheEndIsATruncatedBody() {
    for (String body :
        List.of(
            "Id,Note\n1,\"ok\"\n2,\"cut he",
            "Id,Note\n1,\"ok\"\n2,\"",
            "Id,Note\n1,\"ok\"\n2,\"a\"\"",
            "Id,Note\n1,\"ok\"\n2,\"two\nlines\n",
            "Id,Note\n1,\"ok\"\n2,\"\"\"\"\"")) {
      for (Throwable e :
          List.of(catchThrowable(() -> readAll(body)), catchThrowable(() -> readTyped(body)))) {
        assertThat(e)
            .as(body)
            .isInstanceOf(ProtocolException.class)
            .hasMessageContaining(
                "truncated: the CSV body ended inside a quoted field of the row starting at line 3");
      }
    }
  }

  @Test
  void closedQuotesAtTheEndAreNotMistakenForTruncation() throws IOException {
    for (String last :
        List.of("\"\"", "\"x\"", "\"\"\"\"", "\"a\"\"\"", "\"\"\"\"\"\"\"\"", "\"two\nlines\"")) {
      for (String ending : List.of("", "\n", "\r\n", "\n\n")) {
        List<Map<String, String>> rows = readAll("Id,Note\n1," + last + ending);
        assertThat(rows).as(last + ending).hasSize(1);
        assertThat(readTyped("Id,Note\n1," + last + ending))
            .as(last + ending)
            .containsExactly(List.of("1", rows.get(0).get("Note")));
      }
    }
  }

  // A cut right after the first quote of an escaped pair ("say "|"hi") leaves valid CSV with a
  // shorter value: no reader can see that one, hence a value without inner quotes here.
  @Test
  void everyCutInsideAQuotedLastFieldIsCaught() {
    String csv = "Id,Note\n1,\"first\"\n2,\"say hi, \r\nthere\"\n";
    int lastOpen = csv.indexOf("\"say");
    int lastClose = csv.length() - 2;
    for (int cut = lastOpen + 1; cut < lastClose; cut++) {
      String prefix = csv.substring(0, cut);
      assertThat(catchThrowable(() -> readAll(prefix)))
          .as("cut at %d: %s", cut, prefix)
          .isInstanceOf(ProtocolException.class);
      assertThat(catchThrowable(() -> readTyped(prefix)))
          .as("read typed, cut at %d: %s", cut, prefix)
          .isInstanceOf(ProtocolException.class);
    }
  }

  @Test
  void typedCellsLeaveEmptyCellsAsTheyAreAndOtherTextAsText() throws IOException {
    assertThat(readTyped("Id,A,B,C,D\n1,,\"\",\"x,\"\"y\"\"\",\"2024-05-20T20:49:32Z\"\n"))
        .containsExactly(
            Arrays.asList("1", null, "", "x,\"y\"", Instant.parse("2024-05-20T20:49:32Z")));
  }

  /**
   * The five typed columns of {@link #readAsTheFiveTypes}, and what Values reads each from text.
   */
  private static final FieldType[] FIVE_TYPES = {
    FieldType.BOOLEAN, FieldType.INTEGER, FieldType.DECIMAL, FieldType.DATE, FieldType.DATETIME
  };

  private static final List<Values.Parser<?>> FIVE_PARSERS =
      List.of(Values::bool, Values::integer, Values::decimal, Values::date, Values::instant);

  /**
   * Reads a CSV of {@link #FIVE_TYPES} columns typed, checking each cell against its text (as read
   * untyped): a typed value equal to, and of the class of, what Values reads from it, else the text
   * itself. Returns the rows' values.
   */
  private static List<List<Object>> readAsTheFiveTypes(String csv) throws IOException {
    List<Map<String, String>> texts = readAll(csv);
    List<List<Object>> read = new ArrayList<>();
    try (CsvRows rows = CsvRows.open(in(csv), "salesforce", CALL)) {
      Object[] values = new Object[5];
      for (int r = 0; rows.nextRow(values, new int[] {0, 1, 2, 3, 4}, FIVE_TYPES); r++) {
        for (int i = 0; i < 5; i++) {
          String text = texts.get(r).get(rows.header().get(i));
          if (values[i] instanceof String kept) {
            assertThat(kept).isEqualTo(text);
          } else {
            Object expected = FIVE_PARSERS.get(i).parse(text);
            assertThat(values[i]).as(FIVE_TYPES[i] + " " + text).isEqualTo(expected);
            assertThat(values[i].getClass()).isEqualTo(expected.getClass());
          }
        }
        read.add(Arrays.asList(values.clone()));
      }
    }
    return read;
  }

  private static long typed(List<List<Object>> rows) {
    return rows.stream().flatMap(List::stream).filter(v -> !(v instanceof String)).count();
  }

  @Test
  void typedCellsAreWhatValuesReadsFromTheirTextAndUnusualSpellingsStayText() throws IOException {
    List<List<Object>> rows =
        readAsTheFiveTypes(
            "Flag,Count,Amount,Day,At\n"
                + "true,42,-12.50,2024-02-29,2024-05-20T20:49:32.000Z\n"
                + "false,-7,3,1970-01-01,2024-05-20T20:49:32.123+0000\n"
                + "TRUE,12.0,1E3,2024-02-30,2024-05-20T20:49:32.000+00:00\n"
                + "yes,99999999999999999999,0.1234567890123456789,24-1-1,2024-05-20 20:49\n");
    // The first two rows are all usual spellings; of the third only the instant; of the last none.
    assertThat(typed(rows)).isEqualTo(11);
    assertThat(rows.get(3))
        .containsOnly(
            "yes", "99999999999999999999", "0.1234567890123456789", "24-1-1", "2024-05-20 20:49");
  }

  @Test
  void mutatedTypedCellsAreWhatValuesReadsFromTheirTextOrStayText() throws IOException {
    java.util.Random random = new java.util.Random(11);
    String[] seeds = {
      "2024-02-29T23:59:59.123+05:30",
      "2024-02-29 23:59:59.123+0530",
      "2024-12-31",
      "-1234.5600",
      "922337203685477580",
      "true",
      "false"
    };
    String alphabet = "0123456789-:T.Z+ eE";
    StringBuilder csv = new StringBuilder("Flag,Count,Amount,Day,At\n");
    for (int n = 0; n < 5_000; n++) {
      char[] c = seeds[random.nextInt(seeds.length)].toCharArray();
      for (int k = random.nextInt(3); k > 0; k--)
        c[random.nextInt(c.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
      String cell = new String(c, 0, 1 + random.nextInt(c.length)).strip();
      if (cell.isEmpty()) continue;
      csv.append(String.join(",", cell, cell, cell, cell, cell)).append('\n');
    }
    assertThat(typed(readAsTheFiveTypes(csv.toString())))
        .as("cells read typed")
        .isGreaterThan(2_000);
  }

  @Test
  void malformedQuotingIsAProtocolException() {
    assertThatThrownBy(() -> readAll("Id,Note\n1,\"closed\"then more\n"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("malformed CSV")
        .hasMessageContaining("line 2");
  }

  @Test
  void aBrokenHeaderIsRefused() {
    assertThatThrownBy(() -> readAll("Id,Id\n1,2\n"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("names column 'Id' twice");
    assertThatThrownBy(() -> readAll("Id,,Name\n1,2,3\n"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("empty column name");
  }

  @Test
  void anEmptyBodyHasNoHeaderAndNoRows() throws IOException {
    try (CsvRows rows = CsvRows.open(in(""), "eloqua", "GET /api/bulk/2.0/syncs/5678/data")) {
      assertThat(rows.header()).isEmpty();
      assertThat(rows.next()).isNull();
    }
  }

  @Test
  @SuppressWarnings("InputStreamSlowMultibyteRead") // a stream that only fails needs no bulk read
  void aStreamFailureStaysAnIOException() {
    InputStream failing =
        new SequenceInputStream(
            in("Id,Name\n1,A\n2,B"),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new SocketTimeoutException("timeout");
              }
            });
    assertThatThrownBy(
            () -> {
              try (CsvRows rows = CsvRows.open(failing, "salesforce", CALL)) {
                while (rows.next() != null) {
                  // drain
                }
              }
            })
        .isInstanceOf(SocketTimeoutException.class);
  }

  @Test
  void readsFromAnOkioSource() throws IOException {
    try (CsvRows rows = CsvRows.builder().open(new Buffer().writeUtf8("a\n\"é\"\n"), "x", "y")) {
      assertThat(rows.next()).isEqualTo(row("a", "é"));
    }
  }

  @Test
  void fiftyThousandRowsStreamWithoutReadingTheBodyFirst() throws IOException {
    int total = 50_000;
    GeneratedCsv body = new GeneratedCsv(total);
    long readAtFirstRow;
    long count = 0;
    try (CsvRows rows = CsvRows.open(body, "salesforce", CALL)) {
      Map<String, String> row = rows.next();
      readAtFirstRow = body.produced;
      while (row != null) {
        assertThat(row.get("Id")).isEqualTo("id" + count);
        count++;
        row = rows.next();
      }
      assertThat(rows.rows()).isEqualTo(total);
    }
    assertThat(count).isEqualTo(total);
    assertThat(readAtFirstRow).isLessThan(body.produced / 20);
  }

  /** A CSV body produced row by row as it is read, counting what it produced. */
  private static final class GeneratedCsv extends InputStream {
    private final int total;
    private int next = -1;
    private byte[] chunk = new byte[0];
    private int pos;
    long produced;

    GeneratedCsv(int total) {
      this.total = total;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos == chunk.length) {
        if (next >= total) return -1;
        String text =
            next == -1
                ? "\"Id\",\"Name\",\"Note\"\n"
                : "\"id" + next + "\",\"Name " + next + "\",\"\"\n";
        next++;
        chunk = text.getBytes(StandardCharsets.UTF_8);
        pos = 0;
      }
      int n = Math.min(len, chunk.length - pos);
      System.arraycopy(chunk, pos, b, off, n);
      pos += n;
      produced += n;
      return n;
    }
  }
}
