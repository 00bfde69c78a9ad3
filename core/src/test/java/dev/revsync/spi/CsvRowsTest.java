package dev.revsync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.revsync.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
      Throwable e = catchThrowable(() -> readAll(body));
      assertThat(e)
          .as(body)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining(
              "truncated: the CSV body ended inside a quoted field of the row starting at line 3");
    }
  }

  @Test
  void closedQuotesAtTheEndAreNotMistakenForTruncation() throws IOException {
    for (String last :
        List.of("\"\"", "\"x\"", "\"\"\"\"", "\"a\"\"\"", "\"\"\"\"\"\"\"\"", "\"two\nlines\"")) {
      for (String ending : List.of("", "\n", "\r\n", "\n\n")) {
        List<Map<String, String>> rows = readAll("Id,Note\n1," + last + ending);
        assertThat(rows).as(last + ending).hasSize(1);
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
    }
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
