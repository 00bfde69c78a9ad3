package dev.revsync.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.revsync.ProtocolException;
import dev.revsync.Record;
import dev.revsync.spi.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Rows of the Web API become records of the table's shape; a bad value is named by column, never
 * quoted.
 */
class RecordMappingTest {
  private static final TableInfo TABLE =
      TableInfo.of(
          Map.of(
              "LogicalName",
              "contact",
              "EntitySetName",
              "contacts",
              "PrimaryIdAttribute",
              "contactid",
              "ChangeTrackingEnabled",
              true,
              "Attributes",
              List.of(
                  attribute("contactid", "Uniqueidentifier"),
                  attribute("modifiedon", "DateTime"),
                  attribute("birthdate", "DateTime"),
                  attribute("creditlimit", "Money"),
                  attribute("numberofchildren", "Integer"),
                  attribute("donotemail", "Boolean"),
                  attribute("parentcustomerid", "Customer"),
                  attribute("fullname", "String"))));

  private static Map<String, Object> attribute(String name, String type) {
    return Map.of("LogicalName", name, "AttributeType", type, "IsValidForRead", true);
  }

  private static Map<String, Object> row(Object... keyValues) {
    Map<String, Object> row = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) row.put((String) keyValues[i], keyValues[i + 1]);
    return row;
  }

  /** The row as the Web API sends it, read against the table's shape as a sync reads it. */
  private static Record toRecord(Map<String, Object> row) throws IOException {
    RecordMapping mapping = new RecordMapping(TABLE, TABLE.select(List.of()), "GET contacts");
    List<Record> records = new ArrayList<>();
    Json.readPage(
        new Buffer().writeUtf8(Json.toJson(Map.of("value", List.of(row)))),
        "value",
        mapping.shape(),
        values -> records.add(mapping.toRecord(values)),
        "dynamics",
        "GET contacts");
    return records.get(0);
  }

  @Test
  void aRowBecomesATypedRecordWithoutItsAnnotations() throws IOException {
    Record r =
        toRecord(
            row(
                "@odata.etag",
                "W/\"1\"",
                "contactid",
                "6f1c0e4a-0000-0000-0000-000000000001",
                "modifiedon",
                "2026-11-28T00:30:01Z",
                "birthdate",
                "1980-02-29",
                "creditlimit",
                new BigDecimal("1200.50"),
                "numberofchildren",
                2L,
                "donotemail",
                false,
                "_parentcustomerid_value",
                "6f1c0e4a-0000-0000-0000-0000000000aa",
                "_parentcustomerid_value@OData.Community.Display.V1.FormattedValue",
                "Contoso",
                "fullname",
                "Ann Lee"));
    assertThat(r.id()).isEqualTo("6f1c0e4a-0000-0000-0000-000000000001");
    assertThat(r.modifiedAt()).isEqualTo(Instant.parse("2026-11-28T00:30:01Z"));
    assertThat(r.fields())
        .containsOnlyKeys(
            "birthdate",
            "creditlimit",
            "numberofchildren",
            "donotemail",
            "_parentcustomerid_value",
            "fullname");
    assertThat(r.fields().get("birthdate")).isEqualTo(LocalDate.of(1980, 2, 29));
    assertThat(r.fields().get("creditlimit")).isEqualTo(new BigDecimal("1200.50"));
    assertThat(r.fields().get("numberofchildren")).isEqualTo(2L);
    assertThat(r.fields().get("donotemail")).isEqualTo(false);
  }

  @Test
  void anImpossibleDatetimeIsAProtocolErrorNamingTheColumnNotTheValue() {
    Throwable t =
        catchThrowable(
            () ->
                toRecord(
                    row(
                        "contactid",
                        "6f1c0e4a-0000-0000-0000-000000000001",
                        "modifiedon",
                        "2026-02-30T00:00:00Z")));
    assertThat(t)
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("modifiedon")
        .hasMessageContaining("dynamics")
        .hasMessageNotContaining("2026-02-30");
  }
}
