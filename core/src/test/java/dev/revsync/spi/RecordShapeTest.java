package dev.revsync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class RecordShapeTest {
  private static final Instant T = Instant.parse("2026-12-03T07:00:00Z");
  private final RecordShape shape =
      RecordShape.of("contacts", List.of("id", "email", "score", "Account.Name"));

  @Test
  void aShapedRecordIsEqualToAndHashesLikeTheSameRecordBuiltFromAMap() {
    Record shaped = shape.record("7", T, false, new Object[] {"7", null, 12L, "Acme"});
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("id", "7");
    fields.put("email", null);
    fields.put("score", 12L);
    fields.put("Account.Name", "Acme");
    Record fromMap = Record.of("contacts", "7", T, fields);

    assertThat(shaped).isEqualTo(fromMap).hasSameHashCodeAs(fromMap);
    assertThat(fromMap).isEqualTo(shaped);
    assertThat(shaped.fields()).isEqualTo(new HashMap<>(fields)).hasSameHashCodeAs(fields);
    assertThat(shaped.fields().keySet()).containsExactly("id", "email", "score", "Account.Name");
    assertThat(shaped.fields()).containsEntry("email", null).doesNotContainKey("Email");
    assertThat(shaped.get("score")).isEqualTo(12L);
    assertThat(shaped.get("nope")).isNull();
    assertThat(shaped)
        .isNotEqualTo(shape.record("7", T, false, new Object[] {"7", null, 13L, "Acme"}));
    assertThat(shaped)
        .isEqualTo(shape.record("7", T, false, new Object[] {"7", null, 12L, "Acme"}));
  }

  @Test
  void aShapedRecordsFieldsCannotBeChangedThroughAnyDoor() {
    Record r = shape.record("7", T, false, new Object[] {"7", "a@b.example", 1L, null});
    Map<String, Object> f = r.fields();
    assertThatThrownBy(() -> f.put("id", "8")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> f.remove("id")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(f::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> f.entrySet().iterator().next().setValue("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> f.replaceAll((k, v) -> null))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> f.keySet().remove("id"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(r.get("id")).isEqualTo("7");
    assertThat(r.toString()).doesNotContain("a@b.example");
  }

  @Test
  void aShapeRefusesTwiceTheSameNameAndAValuesArrayOfAnotherLength() {
    assertThatThrownBy(() -> RecordShape.of("x", List.of("a", "b", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a' is given twice");
    assertThatThrownBy(() -> shape.record("1", T, false, new Object[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 values for 4 fields");
  }

  @Test
  void aPageReadAgainstTheShapeMatchesKeysDescendsIntoNamedParentsAndSkipsTheRest()
      throws Exception {
    String body =
        "{\"total\":2,\"data\":[{\"id\":\"1\",\"attributes\":{\"url\":\"/x\"},\"score\":12,\"email\":\"a@x\","
            + "\"Account\":{\"attributes\":{},\"Name\":\"Acme\",\"Other\":[1,2]},\"unknown\":{\"deep\":[{}]},\"score2\":1.5},"
            + "{\"Email\":\"case\",\"score\":1.50,\"id\":\"2\",\"Account\":null,\"id\":\"3\"}],\"more\":false}";
    List<Object[]> rows = new ArrayList<>();
    Json.Page page =
        Json.readPage(new Buffer().writeUtf8(body), "data", shape, rows::add, "acme", "GET /c");

    assertThat(page.records()).isEqualTo(2);
    assertThat(page.fields()).containsOnlyKeys("total", "more");
    assertThat(rows.get(0)).containsExactly("1", "a@x", 12L, "Acme");
    // Exact names only (this shape does not match any case); a repeated key keeps its last value.
    assertThat(rows.get(1)).containsExactly("3", null, new BigDecimal("1.50"), null);

    List<Object[]> anyCase = new ArrayList<>();
    Json.readPage(
        new Buffer().writeUtf8(body),
        "data",
        shape.matchingAnyCase(),
        anyCase::add,
        "acme",
        "GET /c");
    assertThat(anyCase.get(1)[1]).isEqualTo("case");
  }

  @Test
  void aShapedPageCutShortIsTheSameProtocolErrorAsAMapPage() {
    String cut = "{\"data\":[{\"id\":\"1\",\"email\":\"a@";
    assertThatThrownBy(
            () ->
                Json.readPage(
                    new Buffer().writeUtf8(cut), "data", shape, v -> {}, "acme", "GET /c"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("acme: GET /c: truncated");
    assertThatThrownBy(
            () ->
                Json.readPage(
                    new Buffer().writeUtf8("{\"data\":[{\"id\":}]}"),
                    "data",
                    shape,
                    v -> {},
                    "acme",
                    "GET /c"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("malformed JSON");
  }

  @Test
  void aCsvHeaderIsMappedOnceAndRowsComeAsArrays() throws Exception {
    String csv = "score,id,Extra\n5,1,x\n,2,\"\"\n";
    try (CsvRows rows =
        CsvRows.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "s", "c")) {
      int[] columns = shape.columns(rows.header());
      assertThat(columns).containsExactly(2, 0, -1);
      assertThat(rows.nextRow()).containsExactly("5", "1", "x");
      assertThat(rows.nextRow()).containsExactly(null, "2", "");
      assertThat(rows.nextRow()).isNull();
      assertThat(rows.rows()).isEqualTo(2);
    }
  }

  @Test
  void csvRowsGoStraightIntoTheShapesArrayAndABadRowIsStillRefused() throws Exception {
    String csv = "score,id,Extra\n5,1,x\n,2,\"\"\n7,3\n";
    try (CsvRows rows =
        CsvRows.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "s", "c")) {
      int[] columns = shape.columns(rows.header());
      assertThatThrownBy(() -> rows.nextRow(new Object[4], new int[] {0, 1}))
          .isInstanceOf(IllegalArgumentException.class);
      Object[] first = {"left", "as", "it", "was"};
      assertThat(rows.nextRow(first, columns)).isTrue();
      assertThat(first).containsExactly("1", "as", "5", "was");
      Object[] second = new Object[4];
      assertThat(rows.nextRow(second, columns)).isTrue();
      assertThat(second).containsExactly("2", null, null, null);
      assertThatThrownBy(() -> rows.nextRow(new Object[4], columns))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining(
              "malformed CSV at line 4: the row has 2 fields but the header has 3");
      assertThat(rows.rows()).isEqualTo(2);
    }
    try (CsvRows empty = CsvRows.open(new ByteArrayInputStream(new byte[0]), "s", "c")) {
      assertThat(empty.nextRow(new Object[4], new int[0])).isFalse();
    }
  }

  private final RecordShape typed =
      RecordShape.builder("contacts")
          .field("email", FieldType.STRING)
          .field("score", FieldType.INTEGER)
          .field("amount", FieldType.DECIMAL)
          .field("vip", FieldType.BOOLEAN)
          .field("born", FieldType.DATE)
          .field("seen", Values::epochMillis)
          .id("id")
          .modifiedAt("updated_at")
          .deleted("deleted")
          .build();

  private List<Record> readTyped(String json) throws Exception {
    List<Record> records = new ArrayList<>();
    Json.readPage(
        new Buffer().writeUtf8(json),
        "data",
        typed,
        v -> records.add(typed.toRecord(v, "acme", "GET /c")),
        "acme",
        "GET /c");
    return records;
  }

  @Test
  void aTypedShapeConvertsEachValueAsValuesDoesAndKeepsItsKeysOutOfTheFields() throws Exception {
    List<Record> records =
        readTyped(
            "{\"data\":[{\"id\":\"7\",\"updated_at\":\"2026-12-03T07:00:00Z\",\"deleted\":false,"
                + "\"email\":\"a@b.example\",\"score\":\"12\",\"amount\":1.50,\"vip\":\"yes\","
                + "\"born\":\"1990-01-02\",\"seen\":1704164645000,\"other\":[1]},"
                + "{\"id\":8,\"updated_at\":\"2026-12-03T07:00:01Z\",\"score\":1.0,\"amount\":3,"
                + "\"vip\":true,\"born\":\"\",\"email\":\"\"},"
                + "{\"id\":\"9\",\"updated_at\":\"2026-12-03T07:00:02Z\",\"deleted\":true}]}");

    Map<String, Object> first = new LinkedHashMap<>();
    first.put("email", "a@b.example");
    first.put("score", 12L);
    first.put("amount", new BigDecimal("1.50"));
    first.put("vip", true);
    first.put("born", java.time.LocalDate.of(1990, 1, 2));
    first.put("seen", Instant.ofEpochMilli(1704164645000L));
    assertThat(records.get(0)).isEqualTo(Record.of("contacts", "7", T, first));
    assertThat(records.get(0).fields().keySet())
        .containsExactly("email", "score", "amount", "vip", "born", "seen");

    Record second = records.get(1);
    assertThat(second.id()).isEqualTo("8"); // a numeric id is its text
    assertThat(second.modifiedAt()).isEqualTo(T.plusSeconds(1));
    assertThat(second.get("score")).isEqualTo(1L);
    assertThat(second.get("amount")).isEqualTo(Values.decimal("3"));
    assertThat(second.get("born")).isNull(); // an empty text is no value
    assertThat(second.get("email")).isEqualTo(""); // but a string stays as sent
    assertThat(second.get("seen")).isNull();

    assertThat(records.get(2))
        .isEqualTo(Record.deleted("contacts", "9", T.plusSeconds(2), Map.of()));
  }

  @Test
  void aTextFieldGetsAJsonNumberAsItsLiteralAndOtherFieldsStillGetNumbers() throws Exception {
    RecordShape text =
        RecordShape.builder("prospects")
            .textField("id", Object::toString)
            .textField("campaignId", raw -> raw instanceof String s ? "text:" + s : raw)
            .field("score", FieldType.INTEGER)
            .rawField("raw", raw -> raw)
            .id("id")
            .build();
    List<Object> converted = new ArrayList<>();
    Json.readPage(
        new Buffer()
            .writeUtf8(
                "{\"values\":[{\"id\":12345678901234567890,\"campaignId\":1.50,\"score\":7,"
                    + "\"raw\":7},{\"id\":\"8\",\"campaignId\":true,\"score\":\"9\",\"raw\":1.50}]}"),
        "values",
        text,
        v -> {
          Record r = text.toRecord(v, "pardot", "GET /prospects");
          converted.addAll(
              Arrays.asList(r.id(), r.get("campaignId"), r.get("score"), r.get("raw")));
        },
        "pardot",
        "GET /prospects");

    assertThat(converted)
        .containsExactly(
            "12345678901234567890", // beyond a long, as sent
            "text:1.50", // the literal, scale and all
            7L,
            7L, // a raw field still gets the number
            "8",
            true, // not a number: as read
            9L,
            new BigDecimal("1.50"));
  }

  @Test
  void aTypedValueThatDoesNotParseNamesTheFieldNotTheValue() {
    assertThatThrownBy(() -> readTyped("{\"data\":[{\"id\":\"7\",\"score\":\"secret-12x\"}]}"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("acme: GET /c: field score has a value of 10 characters")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> readTyped("{\"data\":[{\"email\":\"x\"}]}"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("acme: GET /c: a contacts record has no id");
    assertThatThrownBy(() -> shape.toRecord(new Object[4], "acme", "GET /c"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no id field");
    assertThatThrownBy(() -> RecordShape.builder("c").field("a", FieldType.STRING).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> RecordShape.builder("c").field("a", FieldType.STRING).field("a", FieldType.DATE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aKeyThatIsAlsoAFieldIsReadOnceAndKeptInTheRecord() throws Exception {
    RecordShape s =
        RecordShape.builder("c")
            .field("Id", FieldType.ID)
            .field("Stamp", FieldType.DATETIME)
            .id("Id")
            .modifiedAt("Stamp")
            .build()
            .matchingAnyCase();
    List<Record> records = new ArrayList<>();
    Json.readPage(
        new Buffer().writeUtf8("{\"r\":[{\"ID\":\"1\",\"stamp\":\"2026-12-03T07:00:00Z\"}]}"),
        "r",
        s,
        v -> records.add(s.toRecord(v, "x", "GET")),
        "x",
        "GET");
    assertThat(s.size()).isEqualTo(2);
    assertThat(records).containsExactly(Record.of("c", "1", T, Map.of("Id", "1", "Stamp", T)));
  }

  @Test
  void fieldsReadFromANestedPathKeepTheirNamesAndExtrasStayOutOfTheRecord() throws Exception {
    RecordShape s =
        RecordShape.builder("contacts")
            .field("email", FieldType.STRING)
            .field("id", FieldType.DECIMAL) // HubSpot's hs_object_id under a name the top also has
            .rawField("companies", raw -> List.of(((Map<?, ?>) raw).keySet().toString()))
            .extra("archived")
            .extra("updatedAt", raw -> Values.epochMillis(raw.toString()))
            .id("key")
            .modifiedAt("updatedAt")
            .source("email", "properties.email")
            .source("id", "properties.id")
            .source("key", "id")
            .source("companies", "associations.companies")
            .build();
    List<Record> records = new ArrayList<>();
    List<Object> archived = new ArrayList<>();
    Json.readPage(
        new Buffer()
            .writeUtf8(
                "{\"results\":[{\"id\":\"7\",\"properties\":{\"id\":\"7\",\"other\":{\"a\":1},"
                    + "\"em\\u0061il\":\"a@b.example\"},\"updatedAt\":\"1704164645000\","
                    + "\"archived\":false,\"associations\":{\"companies\":{\"results\":[]},"
                    + "\"deals\":{}}},"
                    + "{\"properties\":\"none\",\"id\":8,\"updatedAt\":1704164645001}]}"),
        "results",
        s,
        v -> {
          archived.add(v[s.indexOf("archived")]);
          records.add(s.toRecord(v, "acme", "GET /c"));
        },
        "acme",
        "GET /c");

    Map<String, Object> first = new LinkedHashMap<>();
    first.put("email", "a@b.example"); // an escaped key is still found, by its string
    first.put("id", new BigDecimal("7"));
    first.put("companies", List.of("[results]"));
    assertThat(records.get(0))
        .isEqualTo(Record.of("contacts", "7", Instant.ofEpochMilli(1704164645000L), first));
    Map<String, Object> second = new LinkedHashMap<>();
    second.put("email", null);
    second.put("id", null);
    second.put("companies", null);
    assertThat(records.get(1))
        .isEqualTo(Record.of("contacts", "8", Instant.ofEpochMilli(1704164645001L), second));
    assertThat(archived).containsExactly(false, null);
    assertThat(s.fieldNames()).containsExactly("email", "id", "companies");
    assertThat(s.columns(List.of("properties.email", "email", "id"))).containsExactly(0, -1, 5);
  }

  @Test
  void aRawConverterThatFailsNamesTheFieldAndABadSourceIsRefused() {
    RecordShape s =
        RecordShape.builder("c")
            .rawField("n", raw -> Long.parseLong(raw.toString()))
            .id("id")
            .build();
    assertThatThrownBy(() -> s.toRecord(new Object[] {"secret-x", "1"}, "acme", "GET /c"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith(
            "acme: GET /c: field n has a value of 8 characters that does not parse")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> RecordShape.builder("c").id("id").source("nope", "x.nope").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nope");
    assertThatThrownBy(
            () ->
                RecordShape.builder("c")
                    .field("a", FieldType.STRING)
                    .id("id")
                    .source("a", "id")
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("one path");
  }

  @Test
  void nestedKeysMatchedAsBytesReadWhatTheStringPathReadsInAnyCase() throws Exception {
    String body =
        "{\"r\":[{\"Id\":\"1\",\"Account\":{\"Name\":\"Acme\",\"Owner\":{\"Name\":\"Ann\"},"
            + "\"Skip\":[1]},\"account\":null},"
            + "{\"id\":\"2\",\"ACCOUNT\":{\"name\":\"Beta\",\"owner\":{\"NAME\":\"Bo\"}}},"
            + "{\"Id\":\"3\",\"Account\":\"flat\",\"Account.Name\":\"dotted\"}]}";
    RecordShape s =
        RecordShape.of("c", List.of("Id", "Account.Name", "Account.Owner.Name")).matchingAnyCase();
    List<List<Object>> rows = new ArrayList<>();
    Json.readPage(
        new Buffer().writeUtf8(body), "r", s, v -> rows.add(Arrays.asList(v)), "x", "GET");
    assertThat(rows)
        .containsExactly(
            Arrays.asList("1", "Acme", "Ann"),
            Arrays.asList("2", "Beta", "Bo"),
            Arrays.asList("3", "dotted", null));
  }

  @Test
  void valuesReadBesideTheFieldsStayOutOfTheRecordsMapItsEqualityAndItsHash() {
    RecordShape s =
        RecordShape.builder("c").field("a", FieldType.STRING).extra("kind").id("id").build();
    Record one = s.toRecord(new Object[] {"x", "row", "1"}, "acme", "GET /c");
    Record other = s.toRecord(new Object[] {"x", "another", "1"}, "acme", "GET /c");
    Record fromMap = Record.of("c", "1", null, Map.of("a", "x"));
    assertThat(one).isEqualTo(other).isEqualTo(fromMap).hasSameHashCodeAs(fromMap);
    assertThat(one.fields()).hasSize(1).containsOnlyKeys("a").doesNotContainValue("row");
    assertThat(one.fields().entrySet()).hasSize(1);
    assertThat(one).isNotEqualTo(s.toRecord(new Object[] {"y", "row", "1"}, "acme", "GET /c"));
  }
}
