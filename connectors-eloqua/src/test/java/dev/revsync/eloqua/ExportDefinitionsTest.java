package dev.revsync.eloqua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.FieldType;
import dev.revsync.spi.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExportDefinitionsTest {
  private static final EloquaField ID = EloquaField.system("Id", "{{Contact.Id}}", FieldType.ID);
  private static final EloquaField UPDATED =
      EloquaField.system("UpdatedAt", "{{Contact.UpdatedAt}}", FieldType.DATETIME);

  @Test
  void aContactFilterComparesUpdatedAtWithAUtcLiteralOfWholeSeconds() {
    String filter =
        ExportDefinitions.filter(
            EloquaObject.CONTACT, Instant.parse("2024-05-01T10:00:00.750Z"), null);
    assertThat(filter).isEqualTo("'{{Contact.UpdatedAt}}' >= '2024-05-01 10:00:00'");
    assertThat(ExportDefinitions.filter(EloquaObject.CONTACT, null, null)).isNull();
  }

  @Test
  void anActivityFilterNamesOneTypeAndAHalfOpenCreatedAtWindow() {
    String filter =
        ExportDefinitions.filter(
            EloquaObject.activity("EmailOpen"),
            Instant.parse("2024-05-01T00:00:00Z"),
            Instant.parse("2024-05-02T00:00:00Z"));
    assertThat(filter)
        .isEqualTo(
            "'{{Activity.Type}}' = 'EmailOpen' AND '{{Activity.CreatedAt}}' >= "
                + "'2024-05-01 00:00:00' AND '{{Activity.CreatedAt}}' < '2024-05-02 00:00:00'");
    assertThat(
            ExportDefinitions.filter(
                EloquaObject.customObject("7"), Instant.parse("2024-05-01T00:00:00Z"), null))
        .isEqualTo("'{{CustomObject[7].UpdatedAt}}' >= '2024-05-01 00:00:00'");
  }

  @Test
  void threeHundredFieldsMakeTwoDefinitionsOfAtMost250EachStartingWithIdAndCursor() {
    List<EloquaField> fields = new ArrayList<>(List.of(ID, UPDATED));
    for (int i = 0; i < 300; i++) {
      fields.add(
          new EloquaField(
              "C_F" + i,
              "F" + i,
              "{{Contact.Field(C_F" + i + ")}}",
              "text",
              FieldType.STRING,
              false,
              false));
    }
    List<List<EloquaField>> groups = ExportDefinitions.split(fields, ID, UPDATED);
    assertThat(groups).hasSize(2);
    assertThat(groups.get(0)).hasSize(250);
    assertThat(groups.get(1)).hasSize(2 + 300 - 248);
    for (List<EloquaField> g : groups) assertThat(g.subList(0, 2)).containsExactly(ID, UPDATED);
    assertThat(groups.stream().flatMap(List::stream).distinct()).hasSize(302);
    assertThat(ExportDefinitions.split(List.of(ID, UPDATED), ID, UPDATED))
        .containsExactly(List.of(ID, UPDATED));
  }

  @Test
  void anExportBodyAsksForUtcTimestampsAndTwoDaysOfStagedData() {
    Map<String, Object> body =
        Json.parseObject(
            ExportDefinitions.exportBody(
                "revsync records Contact",
                List.of(ID, UPDATED),
                "'{{Contact.UpdatedAt}}' >= '2024-05-01 00:00:00'"),
            "eloqua",
            "test");
    assertThat(body)
        .containsEntry("areSystemTimestampsInUTC", true)
        .containsEntry("dataRetentionDuration", "P2D")
        .containsEntry("autoDeleteDuration", "P3D")
        .containsEntry("filter", "'{{Contact.UpdatedAt}}' >= '2024-05-01 00:00:00'");
    assertThat(body.get("fields"))
        .isEqualTo(Map.of("Id", "{{Contact.Id}}", "UpdatedAt", "{{Contact.UpdatedAt}}"));
  }

  @Test
  void anImportBodySyncsExplicitlyAndAlwaysUpdates() {
    Map<String, Object> body =
        Json.parseObject(
            ExportDefinitions.importBody("revsync scores Contact", List.of(ID), "Id"),
            "eloqua",
            "test");
    assertThat(body)
        .containsEntry("identifierFieldName", "Id")
        .containsEntry("isSyncTriggeredOnImport", false)
        .containsEntry("updateRule", "always");
  }

  @Test
  void definitionNamesStayWithinEloquasHundredCharacters() {
    String name =
        ExportDefinitions.name("records", EloquaObject.activity("A".repeat(120)), Instant.EPOCH);
    assertThat(name).hasSizeLessThanOrEqualTo(100).startsWith("revsync records");
  }
}
