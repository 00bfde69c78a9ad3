package dev.revsync.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import dev.revsync.ProtocolException;
import dev.revsync.Record;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class StructMapperTest {
  private static final ObjectSchema ACCOUNT =
      ObjectSchema.builder("Account")
          .field(FieldSchema.of("Id", FieldType.ID))
          .field(FieldSchema.of("Employees", FieldType.INTEGER))
          .field(FieldSchema.of("Revenue", FieldType.DECIMAL))
          .field(FieldSchema.of("Active", FieldType.BOOLEAN))
          .field(FieldSchema.of("Founded", FieldType.DATE))
          .field(FieldSchema.of("Modified", FieldType.DATETIME))
          .field(FieldSchema.builder("Address", FieldType.OTHER).compound(true).build())
          .build();

  @Test
  void typesMapToConnectTypesAndDecimalsStayExact() {
    StructMapper mapper = new StructMapper("hubspot-crm", ACCOUNT);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Id", "001");
    fields.put("Employees", 12);
    fields.put("Revenue", new BigDecimal("1234567890.123456789"));
    fields.put("Active", "true");
    fields.put("Founded", LocalDate.parse("1999-12-31"));
    fields.put("Modified", Instant.parse("2026-11-27T10:15:30.123Z"));
    fields.put("Address", null);
    Struct s = mapper.toStruct(Record.of("Account", "001", Instant.EPOCH, fields));

    assertThat(s.schema().name()).isEqualTo("dev.revsync.hubspot_crm.Account");
    assertThat(s.schema().field("Address")).as("compound fields are not in records").isNull();
    assertThat(s.getInt64("Employees")).isEqualTo(12L);
    assertThat(s.getString("Revenue")).isEqualTo("1234567890.123456789");
    assertThat(s.schema().field("Revenue").schema().parameters())
        .containsEntry("revsync.type", "DECIMAL");
    assertThat(s.getBoolean("Active")).isTrue();
    assertThat((Date) s.get("Founded")).isEqualTo(Date.from(Instant.parse("1999-12-31T00:00:00Z")));
    assertThat(s.schema().field("Modified").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
    assertThat(((Date) s.get("Modified")).toInstant())
        .isEqualTo(Instant.parse("2026-11-27T10:15:30.123Z"));
    s.validate();
  }

  @Test
  void aFieldTheDescribeDidNotListAppendsAFieldAndRaisesTheVersion() {
    StructMapper mapper = new StructMapper("salesforce", ACCOUNT);
    Schema before = mapper.schema();
    assertThat(before.version()).isEqualTo(1);

    Struct s =
        mapper.toStruct(
            Record.of("Account", "001", Instant.EPOCH, Map.of("Id", "001", "Tier__c", "gold")));

    assertThat(s.schema().version()).isEqualTo(2);
    assertThat(s.getString("Tier__c")).isEqualTo("gold");
    assertThat(s.schema().fields().subList(0, before.fields().size())).isEqualTo(before.fields());
    // The next record with the same fields keeps version 2.
    assertThat(
            mapper
                .toStruct(Record.of("Account", "002", Instant.EPOCH, Map.of("Tier__c", "x")))
                .schema())
        .isSameAs(s.schema());
  }

  @Test
  void aValueThatDoesNotFitItsTypeIsAProtocolErrorNamingTheRecordAndField() {
    StructMapper mapper = new StructMapper("salesforce", ACCOUNT);
    assertThatThrownBy(
            () ->
                mapper.toStruct(
                    Record.of("Account", "001", Instant.EPOCH, Map.of("Employees", "many"))))
        .isInstanceOf(ProtocolException.class)
        .hasMessageStartingWith("salesforce: sync Account: record 001 has a String in Employees")
        .hasMessageContaining("INTEGER");
  }
}
