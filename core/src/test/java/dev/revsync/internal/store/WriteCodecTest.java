package dev.revsync.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.WriteItem;
import dev.revsync.WriteOutcome;
import dev.revsync.WriteRequest;
import dev.revsync.pipeline.SubmittedWrite;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WriteCodecTest {

  @Test
  void aWriteWithEveryOutcomeAndValueTypeComesBackEqual() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("Float__c", 1.5f);
    fields.put("Huge__c", new BigInteger("123456789012345678901234567890"));
    fields.put("Local__c", LocalDateTime.parse("2026-03-02T10:15:30"));
    fields.put("Offset__c", OffsetDateTime.parse("2026-03-02T10:15:30+02:00"));
    fields.put("Double__c", Double.MIN_VALUE);
    WriteRequest request =
        WriteRequest.builder("Contact", Activity.SCORE_EXPORT)
            .items(
                List.of(
                    WriteItem.of("a", fields),
                    WriteItem.of("b", Map.of()),
                    WriteItem.of("c", Map.of("X", "y"))))
            .build();
    SubmittedWrite write =
        new SubmittedWrite(
            "w1",
            "acme",
            "eloqua",
            Instant.parse("2026-03-02T00:00:00Z"),
            request,
            List.of(
                WriteOutcome.succeeded(0, "a", "42", true),
                WriteOutcome.failed(1, "b", null, "ELQ-00122", "bad \"field\"", List.of("X", "Y")),
                WriteOutcome.notSent(2, "c")));

    assertThat(WriteCodec.decode(WriteCodec.encode(write))).isEqualTo(write);
  }

  @Test
  void aValueTheBacklogCannotKeepIsRefusedNamingTheItemAndField() {
    WriteRequest request =
        WriteRequest.builder("Lead", Activity.ENRICHMENT)
            .items(List.of(WriteItem.of("lead-9", Map.of("Token__c", UUID.randomUUID()))))
            .build();

    assertThatThrownBy(() -> WriteCodec.check(request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("field 'Token__c' of write item 'lead-9' holds a java.util.UUID");
  }

  @Test
  void textThatIsNotAStoredWriteIsRefused() {
    assertThatThrownBy(() -> WriteCodec.decode("{\"v\":1,\"items\":["))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed stored write");
    assertThatThrownBy(() -> WriteCodec.decode("{\"v\":9}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown write format version 9");
  }
}
