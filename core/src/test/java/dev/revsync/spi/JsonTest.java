package dev.revsync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.revsync.ProtocolException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.SocketException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

class JsonTest {
  private static final String CALL = "GET /services/data/v66.0/query";

  private static BufferedSource body(String json) {
    return new Buffer().writeUtf8(json);
  }

  private static Json.Page page(String json, String recordsField, List<Map<String, Object>> into)
      throws IOException {
    return Json.readPage(body(json), recordsField, into::add, "salesforce", CALL);
  }

  @Test
  void pageHandsOverRecordsAndReturnsFieldsFromBeforeAndAfterTheArray() throws IOException {
    List<Map<String, Object>> records = new ArrayList<>();
    Json.Page page =
        page(
            "{\"totalSize\":3,\"done\":false,\"records\":["
                + "{\"attributes\":{\"type\":\"Contact\"},\"Id\":\"003A\",\"Email\":null},"
                + "{\"Id\":\"003B\",\"Email\":\"b@x.com\"},{\"Id\":\"003C\"}],"
                + "\"nextRecordsUrl\":\"/services/data/v66.0/query/01g-2000\"}",
            "records",
            records);

    assertThat(records).extracting(r -> r.get("Id")).containsExactly("003A", "003B", "003C");
    assertThat(records.get(0)).containsEntry("Email", null).containsKey("Email");
    assertThat(records.get(0).get("attributes")).isEqualTo(Map.of("type", "Contact"));
    assertThat(page.records()).isEqualTo(3);
    assertThat(page.recordsPresent()).isTrue();
    assertThat(page.fields()).containsOnlyKeys("totalSize", "done", "nextRecordsUrl");
    assertThat(page.bool("done", true)).isFalse();
    assertThat(page.number("totalSize")).isEqualTo(3L);
    assertThat(page.string("nextRecordsUrl")).isEqualTo("/services/data/v66.0/query/01g-2000");
  }

  @Test
  void recordFieldsKeepTheBodysOrder() throws IOException {
    List<Map<String, Object>> records = new ArrayList<>();
    page("{\"items\":[{\"z\":1,\"a\":2,\"m\":3}]}", "items", records);
    assertThat(records.get(0).keySet()).containsExactly("z", "a", "m");
  }

  @Test
  void pagingTokensAreFoundByDottedPathIncludingKeysThatHoldDots() throws IOException {
    Json.Page hubspot =
        page(
            "{\"results\":[],\"paging\":{\"next\":{\"after\":\"NTI1Cg%3D%3D\",\"link\":\"x\"}}}",
            "results", new ArrayList<>());
    Json.Page dynamics =
        page(
            "{\"@odata.context\":\"c\",\"value\":[{\"a\":1}],"
                + "\"@odata.nextLink\":\"https://org.crm.dynamics.com/api/data/v9.2/contacts?$skiptoken=abc\"}",
            "value",
            new ArrayList<>());

    assertThat(hubspot.string("paging.next.after")).isEqualTo("NTI1Cg%3D%3D");
    assertThat(hubspot.path("paging.next.missing")).isNull();
    assertThat(hubspot.recordsPresent()).isTrue();
    assertThat(hubspot.records()).isZero();
    assertThat(dynamics.string("@odata.nextLink")).endsWith("$skiptoken=abc");
  }

  @Test
  void aMissingOrNullRecordsFieldIsAnEmptyPageNotAnError() throws IOException {
    Json.Page absent =
        page(
            "{\"requestId\":\"e42b#14272d07d78\",\"success\":true,\"moreResult\":false}",
            "result",
            new ArrayList<>());
    Json.Page nul = page("{\"result\":null,\"success\":true}", "result", new ArrayList<>());

    assertThat(absent.recordsPresent()).isFalse();
    assertThat(absent.bool("moreResult", true)).isFalse();
    assertThat(nul.recordsPresent()).isFalse();
    assertThat(nul.records()).isZero();
  }

  @Test
  void numbersNeverPassThroughDouble() throws IOException {
    Map<String, Object> r =
        Json.parseObject(
            "{\"small\":42,\"negative\":-7,\"max\":9223372036854775807,"
                + "\"huge\":123456789012345678901234567890,\"money\":1234567890123456.78,\"tenth\":0.1,"
                + "\"scaled\":1.10,\"exp\":1e3,\"negZero\":-0}",
            "x",
            "y");

    assertThat(r.get("small")).isEqualTo(42L);
    assertThat(r.get("negative")).isEqualTo(-7L);
    assertThat(r.get("max")).isEqualTo(Long.MAX_VALUE);
    assertThat(r.get("huge")).isEqualTo(new BigDecimal("123456789012345678901234567890"));
    assertThat(r.get("money")).isEqualTo(new BigDecimal("1234567890123456.78"));
    assertThat(r.get("tenth")).isEqualTo(new BigDecimal("0.1"));
    assertThat(r.get("scaled")).isEqualTo(new BigDecimal("1.10")); // equals() compares scale too
    assertThat(r.get("exp")).isEqualTo(new BigDecimal("1e3"));
    assertThat(r.get("negZero")).isEqualTo(0L);
  }

  @Test
  @SuppressWarnings("unchecked")
  void nestedObjectsAndArraysBecomeMapsAndLists() {
    Object value =
        Json.parse(
            "{\"a\":[1,\"two\",true,null,{\"b\":[]}],\"c\":{\"d\":{\"e\":false}}}", "x", "y");
    Map<?, ?> map = (Map<?, ?>) value;
    assertThat((List<Object>) map.get("a"))
        .containsExactly(1L, "two", true, null, Map.of("b", List.of()));
    assertThat(((Map<?, ?>) ((Map<?, ?>) map.get("c")).get("d")).get("e")).isEqualTo(false);
  }

  @Test
  void aTopLevelArrayIsReadOneElementAtATime() throws IOException {
    List<Map<String, Object>> results = new ArrayList<>();
    long n =
        Json.readArray(
            body(
                "[{\"id\":\"001\",\"success\":true,\"errors\":[]},"
                    + "{\"id\":null,\"success\":false,\"errors\":[{\"statusCode\":\"INVALID_FIELD\"}]}]"),
            results::add,
            "salesforce",
            CALL);
    assertThat(n).isEqualTo(2);
    assertThat(results.get(1).get("errors"))
        .isEqualTo(List.of(Map.of("statusCode", "INVALID_FIELD")));
  }

  @Test
  void truncatedPageNamesWhereTheBodyEnded() {
    String json =
        "{\"done\":true,\"records\":[{\"Id\":\"1\",\"Name\":\"Acme\"},{\"Id\":\"2\",\"Name\":\"Glob";
    Throwable e = catchThrowable(() -> page(json, "records", new ArrayList<>()));
    assertThat(e)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("salesforce: " + CALL)
        .hasMessageContaining("truncated")
        .hasMessageContaining("$.records[1].Name");
  }

  @Test
  void everyTruncationOfAPageIsAProtocolExceptionNeverAShortPage() {
    String json =
        "{\"totalSize\":2,\"records\":[{\"Id\":\"001\",\"Amount\":12.5,\"Tags\":[\"a\",\"b\"],"
            + "\"Owner\":{\"Name\":\"Ann\"},\"Active\":true,\"Gone\":null},{\"Id\":\"002\"}],\"done\":true}";
    for (int cut = 0; cut < json.length(); cut++) {
      String prefix = json.substring(0, cut);
      Throwable e = catchThrowable(() -> page(prefix, "records", new ArrayList<>()));
      assertThat(e)
          .as("body cut after %d chars: %s", cut, prefix)
          .isInstanceOf(ProtocolException.class);
      assertThat(e.getMessage()).as("cut %d", cut).contains("truncated");
    }
  }

  @Test
  void anEmptyBodyIsReportedAsEmpty() {
    assertThatThrownBy(() -> Json.readObject(body(""), "hubspot", "POST /oauth/v1/token"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("hubspot: POST /oauth/v1/token: truncated: the JSON body is empty");
  }

  @Test
  void malformedJsonNamesThePathAndTheProblem() {
    Throwable trailingComma =
        catchThrowable(() -> page("{\"records\":[{\"Id\":\"1\",}]}", "records", new ArrayList<>()));
    Throwable notAnArray =
        catchThrowable(() -> page("{\"records\":\"oops\"}", "records", new ArrayList<>()));
    Throwable notObjects =
        catchThrowable(
            () -> page("{\"records\":[{\"Id\":\"1\"},7]}", "records", new ArrayList<>()));
    Throwable garbageAfter =
        catchThrowable(() -> page("{\"records\":[]} {\"again\":1}", "records", new ArrayList<>()));
    Throwable html =
        catchThrowable(() -> page("<html>502 Bad Gateway</html>", "records", new ArrayList<>()));

    assertThat(trailingComma)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("malformed JSON at $.records[0]");
    assertThat(notAnArray)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining(
            "malformed JSON at $.records: expected an array of records but found STRING");
    assertThat(notObjects)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("$.records[1]")
        .hasMessageContaining("expected a record object but found NUMBER");
    assertThat(garbageAfter)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("malformed");
    assertThat(html)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("malformed JSON at $");
  }

  @Test
  void aSocketFailureStaysAnIOExceptionSoTheTransportRetries() {
    Source failing =
        new Source() {
          private boolean sent;

          @Override
          public long read(Buffer sink, long byteCount) throws IOException {
            if (sent) throw new SocketException("Connection reset");
            sent = true;
            sink.writeUtf8("{\"records\":[{\"Id\":\"1\"},");
            return 23;
          }

          @Override
          public Timeout timeout() {
            return Timeout.NONE;
          }

          @Override
          public void close() {}
        };
    assertThatThrownBy(
            () -> Json.readPage(Okio.buffer(failing), "records", r -> {}, "salesforce", CALL))
        .isInstanceOf(SocketException.class)
        .hasMessage("Connection reset");
  }

  @Test
  void handlerExceptionsPassThroughUntouched() {
    IllegalStateException boom = new IllegalStateException("sink full");
    assertThatThrownBy(
            () ->
                Json.readPage(
                    body("{\"records\":[{\"Id\":\"1\"}]}"),
                    "records",
                    r -> {
                      throw boom;
                    },
                    "salesforce",
                    CALL))
        .isSameAs(boom);
  }

  @Test
  void firstRecordArrivesLongBeforeALargePageIsRead() throws IOException {
    int total = 20_000;
    GeneratedPage source = new GeneratedPage(total);
    long[] bytesReadAtFirstRecord = {-1};
    long[] count = {0};
    Json.Page page =
        Json.readPage(
            Okio.buffer(source),
            "records",
            r -> {
              if (count[0]++ == 0) bytesReadAtFirstRecord[0] = source.produced;
              assertThat(r.get("Id")).isEqualTo("id-" + (count[0] - 1));
            },
            "salesforce",
            CALL);

    assertThat(page.records()).isEqualTo(total);
    assertThat(page.bool("done", false)).isTrue();
    assertThat(bytesReadAtFirstRecord[0]).isLessThan(source.produced / 50);
  }

  @Test
  void writerKeepsNullsOrderAndExactDecimals() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Score__c", new BigDecimal("1E+3"));
    body.put("Tiny__c", new BigDecimal("0.0000001"));
    body.put("Reason__c", null);
    body.put("When", Instant.parse("2024-05-20T00:00:00Z"));
    body.put("Tags", Arrays.asList("a", null));
    body.put("Ok", true);
    body.put("N", 7L);

    String json = Json.toJson(body);

    assertThat(json)
        .isEqualTo(
            "{\"Score__c\":1000,\"Tiny__c\":0.0000001,\"Reason__c\":null,"
                + "\"When\":\"2024-05-20T00:00:00Z\",\"Tags\":[\"a\",null],\"Ok\":true,\"N\":7}");
    assertThat(Json.parseObject(json, "x", "y"))
        .containsEntry("Reason__c", null)
        .containsEntry("Tiny__c", new BigDecimal("1E-7"));
  }

  /** An okio source producing a 2-field-per-record page lazily, counting what it produced. */
  private static final class GeneratedPage implements Source {
    private final int total;
    private int next = -1;
    long produced;

    GeneratedPage(int total) {
      this.total = total;
    }

    @Override
    public long read(Buffer sink, long byteCount) {
      if (next > total) return -1;
      String chunk;
      if (next == -1) chunk = "{\"totalSize\":" + total + ",\"records\":[";
      else if (next == total) chunk = "],\"done\":true}";
      else
        chunk =
            (next > 0 ? "," : "") + "{\"Id\":\"id-" + next + "\",\"Name\":\"name " + next + "\"}";
      next++;
      sink.writeUtf8(chunk);
      produced += chunk.length();
      return chunk.length();
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }
}
