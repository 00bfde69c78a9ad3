package dev.revsync.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tables whose factory orders ids as integers (Marketo lead 9 before lead 10). */
class NumericIdOrderTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static final RecordFactory INTEGERS =
      new RecordFactory() {
        @Override
        public String id(long index) {
          return Long.toString(index + 1);
        }

        @Override
        public Comparator<String> idOrder() {
          return NUMERIC_IDS;
        }

        @Override
        public Map<String, Object> fields(long index, String id, Random random) {
          return Map.of("n", index);
        }
      };

  private static List<String> ids(Iterator<SimRecord> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(r -> out.add(r.id()));
    return out;
  }

  @Test
  void integerIdsSortByValueAsTieBreakerAndAreFoundByBinarySearch() {
    SimulatedClock clock = new SimulatedClock(T0.plus(Duration.ofDays(1)));
    // all 25 records share one timestamp, so the id alone orders them
    ObjectTable table =
        new RecordStore(clock, 7).define("leads", 25, INTEGERS, T0, Duration.ZERO, 100);
    assertThat(ids(table.scan(null, null, false)))
        .startsWith("1", "2", "3")
        .containsSubsequence("9", "10", "11")
        .endsWith("24", "25")
        .hasSize(25);
    assertThat(table.get("10").get("n")).isEqualTo(9L);
    assertThat(ids(table.scan(T0, "9", false))).first().isEqualTo("10");
    assertThat(table.count(T0, "19", false)).isEqualTo(6);
    table.update("3", Map.of("n", -1L));
    clock.advance(Duration.ofSeconds(1));
    table.update("12", Map.of("n", -2L));
    assertThat(ids(table.scan(T0, "25", false))).containsExactly("3", "12");
    assertThat(table.insert(Map.of()).id()).isEqualTo("26");
  }
}
