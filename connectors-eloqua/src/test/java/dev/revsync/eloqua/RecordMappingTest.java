package dev.revsync.eloqua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RecordMappingTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static EloquaField field(String dataType) {
    return new EloquaField(
        "F", "F", "{{Contact.Field(F)}}", dataType, RecordMapping.typeOf(dataType), false, false);
  }

  @Test
  void eloquaDataTypesMapToRecordTypes() {
    assertThat(RecordMapping.typeOf("text")).isEqualTo(FieldType.STRING);
    assertThat(RecordMapping.typeOf("emailAddress")).isEqualTo(FieldType.STRING);
    assertThat(RecordMapping.typeOf("largeText")).isEqualTo(FieldType.STRING);
    assertThat(RecordMapping.typeOf("number")).isEqualTo(FieldType.DECIMAL);
    assertThat(RecordMapping.typeOf("date")).isEqualTo(FieldType.DATETIME);
    assertThat(RecordMapping.typeOf("somethingNew")).isEqualTo(FieldType.OTHER);
  }

  @Test
  void stagedStringsBecomeTypedValuesAndEmptyStringsNull() {
    assertThat(RecordMapping.value(field("number"), "12.50", "1", ZoneOffset.UTC))
        .isEqualTo(new BigDecimal("12.50"));
    assertThat(RecordMapping.value(field("text"), "", "1", ZoneOffset.UTC)).isNull();
    assertThat(RecordMapping.value(field("text"), null, "1", ZoneOffset.UTC)).isNull();
    assertThat(RecordMapping.value(field("boolean"), "true", "1", ZoneOffset.UTC)).isEqualTo(true);
    // blanks around a number are not part of it, ASCII or not
    assertThat(RecordMapping.value(field("number"), " 12.50\t", "1", ZoneOffset.UTC))
        .isEqualTo(new BigDecimal("12.50"));
    assertThat(RecordMapping.value(field("number"), "\u200312.50\u3000", "1", ZoneOffset.UTC))
        .isEqualTo(new BigDecimal("12.50"));
  }

  @Test
  void systemTimestampsAreUtcAndDateFieldsAreReadInTheInstancesZone() {
    EloquaField updated =
        EloquaField.system("UpdatedAt", "{{Contact.UpdatedAt}}", FieldType.DATETIME);
    assertThat(RecordMapping.value(updated, "2024-05-01 10:00:00.000", "1", NEW_YORK))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(RecordMapping.value(field("date"), "2024-05-01 10:00:00.000", "1", NEW_YORK))
        .isEqualTo(Instant.parse("2024-05-01T14:00:00Z"));
  }

  @Test
  void timestampsInEveryFormEloquaUsesAreRead() {
    Instant expected = Instant.parse("2024-05-01T10:00:00.123Z");
    assertThat(RecordMapping.parseTimestamp("2024-05-01 10:00:00.123")).isEqualTo(expected);
    assertThat(RecordMapping.parseTimestamp("2024-05-01T10:00:00.1230000Z")).isEqualTo(expected);
    assertThat(RecordMapping.parseTimestamp("2024-05-01T12:00:00.123+02:00")).isEqualTo(expected);
    assertThat(RecordMapping.parseTimestamp("2024-05-01"))
        .isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    assertThat(RecordMapping.parseTimestampOrNull("not a date")).isNull();
  }

  @Test
  void aValueThatDoesNotFitItsTypeIsAProtocolErrorNamingTheFieldNotTheValue() {
    assertThatThrownBy(
            () -> RecordMapping.value(field("number"), "secret-ish", "1000042", ZoneOffset.UTC))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("1000042")
        .hasMessageContaining("field F")
        .hasMessageNotContaining("secret-ish");
  }

  @Test
  void importValuesUseEloquasForms() {
    assertThat(RecordMapping.importValue(null, NEW_YORK)).isEmpty();
    assertThat(RecordMapping.importValue(new BigDecimal("1E+3"), NEW_YORK)).isEqualTo("1000");
    assertThat(RecordMapping.importValue(Instant.parse("2024-05-01T14:00:00Z"), NEW_YORK))
        .isEqualTo("2024-05-01 10:00:00");
    assertThat(RecordMapping.importValue(87L, NEW_YORK)).isEqualTo("87");
  }
}
