package dev.revsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonReader;
import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.spi.CsvRows;
import dev.revsync.spi.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class RecordMappingTest {
  static final String DESCRIBE =
      """
      {"name":"Account","label":"Account","queryable":true,"childRelationships":[{"field":"AccountId"}],
       "fields":[
        {"name":"Id","label":"Account ID","type":"id","createable":false,"updateable":false,"externalId":false},
        {"name":"IsDeleted","type":"boolean","createable":false,"updateable":false},
        {"name":"Name","type":"string","createable":true,"updateable":true,"picklistValues":[]},
        {"name":"BillingAddress","type":"address","createable":false,"updateable":false},
        {"name":"NumberOfEmployees","type":"int","createable":true,"updateable":true},
        {"name":"AnnualRevenue","type":"currency","createable":true,"updateable":true},
        {"name":"Ext_Id__c","type":"string","createable":true,"updateable":true,"externalId":true},
        {"name":"OwnerId","type":"reference","referenceTo":["User"],"createable":true,"updateable":true},
        {"name":"LastActivityDate","type":"date"},
        {"name":"Old__c","type":"string","deprecatedAndHidden":true},
        {"name":"LastModifiedDate","type":"datetime"},
        {"name":"SystemModstamp","type":"datetime","createable":false,"updateable":false}
       ]}""";

  static ObjectSchema account() throws Exception {
    return RecordMapping.readDescribe(JsonReader.of(new Buffer().writeUtf8(DESCRIBE)), "describe");
  }

  @Test
  void describeBecomesASchemaWithTypesFlagsCompoundFieldsAndTheCursor() throws Exception {
    ObjectSchema schema = account();
    assertThat(schema.name()).isEqualTo("Account");
    assertThat(schema.cursorField()).isEqualTo("SystemModstamp");
    assertThat(schema.deletes()).isEqualTo("queryAll IsDeleted");
    assertThat(schema.field("Old__c")).isEmpty();
    assertThat(schema.field("Id").get().type()).isEqualTo(FieldType.ID);
    assertThat(schema.field("OwnerId").get().type()).isEqualTo(FieldType.REFERENCE);
    assertThat(schema.field("BillingAddress").get())
        .matches(FieldSchema::compound)
        .extracting(FieldSchema::type)
        .isEqualTo(FieldType.OTHER);
    assertThat(schema.field("Ext_Id__c").get())
        .matches(FieldSchema::externalId)
        .matches(FieldSchema::updateable);
    assertThat(schema.field("AnnualRevenue").get().type()).isEqualTo(FieldType.DECIMAL);
    assertThat(schema.field("NumberOfEmployees").get().type()).isEqualTo(FieldType.INTEGER);
  }

  @Test
  void cursorFallsBackToLastModifiedDateThenCreatedDate() {
    var lmd =
        schema(List.of(field("LastModifiedDate", "datetime"), field("CreatedDate", "datetime")));
    assertThat(RecordMapping.cursorField(lmd)).isEqualTo("LastModifiedDate");
    var created = schema(List.of(field("CreatedDate", "datetime")));
    assertThat(RecordMapping.cursorField(created)).isEqualTo("CreatedDate");
    assertThat(RecordMapping.cursorField(schema(List.of(field("Id", "id"))))).isNull();
  }

  @Test
  void datetimesInEverySpellingSalesforceUsesAreUtcInstants() {
    Instant expected = Instant.parse("2024-05-20T20:49:32Z");
    assertThat(RecordMapping.parseDatetime("2024-05-20T20:49:32.000+0000")).isEqualTo(expected);
    assertThat(RecordMapping.parseDatetime("2024-05-20T20:49:32.000Z")).isEqualTo(expected);
    assertThat(RecordMapping.parseDatetime("2024-05-20T20:49:32Z")).isEqualTo(expected);
    assertThat(RecordMapping.parseDatetime("2024-05-20T22:49:32+02:00")).isEqualTo(expected);
    assertThat(RecordMapping.parseDatetime("2024-05-20T20:49:32")).isEqualTo(expected);
  }

  @Test
  void valuesAreTypedByDescribeTypeAndEmptyIsNull() throws Exception {
    ObjectSchema s = account();
    assertThat(RecordMapping.convert(s.field("NumberOfEmployees").get(), "250", "c"))
        .isEqualTo(250L);
    assertThat(RecordMapping.convert(s.field("NumberOfEmployees").get(), 250L, "c"))
        .isEqualTo(250L);
    assertThat(RecordMapping.convert(s.field("AnnualRevenue").get(), "1234.50", "c"))
        .isEqualTo(new BigDecimal("1234.50"));
    assertThat(RecordMapping.convert(s.field("IsDeleted").get(), "true", "c")).isEqualTo(true);
    assertThat(RecordMapping.convert(s.field("IsDeleted").get(), false, "c")).isEqualTo(false);
    assertThat(RecordMapping.convert(s.field("IsDeleted").get(), "false", "c")).isEqualTo(false);
    assertThat(RecordMapping.convert(s.field("IsDeleted").get(), "TRUE", "c")).isEqualTo(true);
    assertThat(RecordMapping.convert(s.field("IsDeleted").get(), "False", "c")).isEqualTo(false);
    assertThat(RecordMapping.convert(s.field("LastActivityDate").get(), "2024-05-20", "c"))
        .isEqualTo(LocalDate.of(2024, 5, 20));
    assertThat(RecordMapping.convert(s.field("OwnerId").get(), "005xx0000012345AAA", "c"))
        .isEqualTo("005xx0000012345AAA");
    assertThat(RecordMapping.convert(s.field("Name").get(), "", "c")).isNull();
    assertThat(RecordMapping.convert(s.field("Name").get(), null, "c")).isNull();
  }

  @Test
  void aValueThatDoesNotMatchItsTypeIsAProtocolErrorNamingTheField() throws Exception {
    ObjectSchema s = account();
    assertThatThrownBy(
            () -> RecordMapping.convert(s.field("NumberOfEmployees").get(), "lots", "GET query"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("NumberOfEmployees")
        .hasMessageContaining("int");
  }

  @Test
  void restAndBulkRowsOfTheSameRecordReadTheSame() throws Exception {
    ObjectSchema s = account();
    List<String> select =
        List.of("Id", "Name", "AnnualRevenue", "Owner.Name", "SystemModstamp", "IsDeleted");
    var rows = new RecordMapping.Rows("Account", s, select, "SystemModstamp", "c");
    Record fromJson =
        fromJson(
            rows,
            "{\"attributes\":{\"type\":\"Account\",\"url\":\"/x\"},\"Id\":\"001A\","
                + "\"Name\":\"Acme\",\"AnnualRevenue\":10.5,\"Owner\":{\"attributes\":{\"type\":\"User\"},\"Name\":\"Ann\"},"
                + "\"SystemModstamp\":\"2024-05-20T20:49:32.000+0000\",\"IsDeleted\":true}");
    Record fromCsv =
        fromCsv(
            rows,
            List.of("Id", "Name", "AnnualRevenue", "Owner.Name", "SystemModstamp", "IsDeleted"),
            "001A",
            "Acme",
            "10.5",
            "Ann",
            "2024-05-20T20:49:32.000Z",
            "true");
    assertThat(fromJson).isEqualTo(fromCsv);
    assertThat(fromJson.isDeleted()).isTrue();
    assertThat(fromJson.id()).isEqualTo("001A");
    assertThat(fromJson.modifiedAt()).isEqualTo(Instant.parse("2024-05-20T20:49:32Z"));
    assertThat(fromJson.fields().keySet()).containsExactlyElementsOf(select);
    assertThat(fromJson.get("AnnualRevenue")).isEqualTo(new BigDecimal("10.5"));
    Map<String, Object> asMap = new LinkedHashMap<>(fromJson.fields());
    assertThat(fromJson)
        .as("equal to the same record built from a map")
        .isEqualTo(Record.deleted("Account", "001A", Instant.parse("2024-05-20T20:49:32Z"), asMap))
        .hasSameHashCodeAs(
            Record.deleted("Account", "001A", Instant.parse("2024-05-20T20:49:32Z"), asMap));
  }

  @Test
  void bulkCellsReadTypedStraightFromTheParserAreTheRecordsTheirTextGives() throws Exception {
    ObjectSchema s = account();
    List<String> select =
        List.of(
            "Id",
            "IsDeleted",
            "NumberOfEmployees",
            "AnnualRevenue",
            "LastActivityDate",
            "SystemModstamp",
            "Owner.Name");
    String csv =
        String.join(",", select)
            + "\n"
            + "\"001A\",\"false\",\"12\",\"10.50\",\"2024-02-29\",\"2024-05-20T20:49:32.000Z\",\"Ann\"\n"
            + "\"001B\",\"TRUE\",\"12.0\",\"1E3\",\"2024-02-29T00:00:00Z\",\"2024-05-20T20:49:32+0100\",\"\"\n"
            + "\"001C\",\"true\",,,,\"2024-05-20T20:49:32.123456789Z\",\"Bo\"\n";
    var rows = new RecordMapping.Rows("Account", s, select, "SystemModstamp", "c");
    List<Record> typed = new ArrayList<>();
    List<Record> fromText = new ArrayList<>();
    try (CsvRows csvRows =
        CsvRows.builder()
            .quotedEmptyAsNull(true)
            .open(new Buffer().writeUtf8(csv), "salesforce", "c")) {
      int[] slots = rows.csvSlots(csvRows.header());
      Object[] values = new Object[rows.rawSize()];
      while (csvRows.nextRow(values, slots, rows.csvTypes())) {
        typed.add(rows.fromRaw(values));
        values = new Object[rows.rawSize()];
      }
    }
    try (CsvRows csvRows =
        CsvRows.builder()
            .quotedEmptyAsNull(true)
            .open(new Buffer().writeUtf8(csv), "salesforce", "c")) {
      for (String[] row = csvRows.nextRow(); row != null; row = csvRows.nextRow())
        fromText.add(rows.fromCsv(csvRows.header(), row));
    }
    assertThat(typed).hasSize(3).isEqualTo(fromText);
    assertThat(typed.get(0).get("AnnualRevenue")).isEqualTo(new BigDecimal("10.50"));
    assertThat(typed.get(1).get("AnnualRevenue")).isEqualTo(new BigDecimal("1E3"));
    assertThat(typed.get(1).get("NumberOfEmployees")).isEqualTo(12L);
    assertThat(typed.get(1).isDeleted()).isTrue();
    assertThat(typed.get(1).modifiedAt()).isEqualTo(Instant.parse("2024-05-20T19:49:32Z"));
    assertThat(typed.get(2).fields()).containsEntry("AnnualRevenue", null);
  }

  @Test
  void aBulkCellThatDoesNotMatchItsTypeIsStillAProtocolErrorNamingTheField() throws Exception {
    var rows =
        new RecordMapping.Rows(
            "Account", account(), List.of("Id", "NumberOfEmployees"), "SystemModstamp", "c");
    try (CsvRows csvRows =
        CsvRows.open(
            new Buffer().writeUtf8("Id,NumberOfEmployees\n001A,lots\n").inputStream(),
            "salesforce",
            "c")) {
      Object[] values = new Object[rows.rawSize()];
      assertThat(csvRows.nextRow(values, rows.csvSlots(csvRows.header()), rows.csvTypes()))
          .isTrue();
      assertThatThrownBy(() -> rows.fromRaw(values))
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("NumberOfEmployees");
    }
  }

  @Test
  void aNullRelationshipGivesNullPathValues() throws Exception {
    var rows =
        new RecordMapping.Rows(
            "Account", account(), List.of("Id", "Owner.Name"), "SystemModstamp", "c");
    assertThat(fromJson(rows, "{\"Id\":\"001A\",\"Owner\":null}").fields())
        .containsEntry("Owner.Name", null);
  }

  @Test
  void aRowWithoutIdIsAProtocolError() throws Exception {
    var rows =
        new RecordMapping.Rows("Account", account(), List.of("Id", "Name"), "SystemModstamp", "c");
    assertThatThrownBy(() -> fromCsv(rows, List.of("Name"), "x"))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("no Id");
  }

  @Test
  void jsonIntegersInDecimalFieldsAreTheSameValueAsTheirDigits() throws Exception {
    ObjectSchema s = account();
    assertThat(RecordMapping.convert(s.field("AnnualRevenue").get(), 1200L, "c"))
        .isEqualTo(new BigDecimal("1200"));
    assertThat(RecordMapping.convert(s.field("Name").get(), 1200L, "c")).isEqualTo("1200");
  }

  @Test
  void selectNamesMatchColumnsAndKeysInAnyCaseAndCompoundFieldsStayJson() throws Exception {
    List<String> select = List.of("Id", "name", "NAME", "BillingAddress", "Owner.Name");
    var rows = new RecordMapping.Rows("Account", account(), select, "SystemModstamp", "c");
    Record record =
        fromJson(
            rows,
            "{\"Id\":\"001A\",\"Name\":\"Acme\",\"billingaddress\":{\"city\":\"Paris\"},"
                + "\"owner\":{\"NAME\":\"Ann\"},\"Unselected__c\":\"x\"}");
    assertThat(record.fields())
        .containsExactly(
            Map.entry("Id", "001A"),
            Map.entry("name", "Acme"),
            Map.entry("NAME", "Acme"),
            Map.entry("BillingAddress", "{\"city\":\"Paris\"}"),
            Map.entry("Owner.Name", "Ann"));
    assertThat(fromCsv(rows, List.of("ID", "Name", "owner.name"), "001A", "Acme", "Ann").fields())
        .containsEntry("Id", "001A")
        .containsEntry("NAME", "Acme")
        .containsEntry("Owner.Name", "Ann")
        .containsEntry("BillingAddress", null);
  }

  /** One REST query record, read from its bytes as a page holding only it. */
  private static Record fromJson(RecordMapping.Rows rows, String record) throws Exception {
    List<Record> out = new ArrayList<>();
    Json.readPage(
        new Buffer().writeUtf8("{\"totalSize\":1,\"done\":true,\"records\":[" + record + "]}"),
        "records",
        rows.readShape(),
        values -> out.add(rows.fromJson(values)),
        "salesforce",
        "c");
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  private static Record fromCsv(RecordMapping.Rows rows, List<String> header, String... values) {
    return rows.fromCsv(header, values);
  }

  private static ObjectSchema schema(List<FieldSchema> fields) {
    return ObjectSchema.builder("X").fields(fields).build();
  }

  private static FieldSchema field(String name, String type) {
    return FieldSchema.builder(name, RecordMapping.fieldType(type)).vendorType(type).build();
  }
}
