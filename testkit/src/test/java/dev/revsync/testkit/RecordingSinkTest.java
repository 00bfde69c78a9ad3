package dev.revsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Checkpoint;
import dev.revsync.Record;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordingSinkTest {
  private static final Instant T = Instant.parse("2026-11-28T00:00:00Z");

  @Test
  void keepsEveryRecordInOrderAndTheLatestVersionById() {
    RecordingSink sink = new RecordingSink();
    sink.accept(Record.of("c", "1", T, Map.of("n", 1L)));
    sink.accept(Record.of("c", "2", T, Map.of("n", 2L)));
    sink.accept(Record.deleted("c", "1", T.plusSeconds(1), Map.of()));
    sink.checkpoint(Checkpoint.of(Map.of(Checkpoint.CURSOR, "x")));
    assertThat(sink.count()).isEqualTo(3);
    assertThat(sink.latestById()).containsOnlyKeys("1", "2");
    assertThat(sink.latestById().get("1").isDeleted()).isTrue();
    assertThat(sink.checkpoints()).extracting(c -> c.get(Checkpoint.CURSOR)).containsExactly("x");
    sink.clear();
    assertThat(sink.records()).isEmpty();
    assertThat(sink.checkpoints()).isEmpty();
  }

  @Test
  void theHookRunsAfterEachRecordIsRecorded() {
    RecordingSink sink = new RecordingSink();
    List<Integer> countsSeenByHook = new ArrayList<>();
    sink.onRecord(r -> countsSeenByHook.add(sink.count()));
    sink.accept(Record.of("c", "1", T, Map.of()));
    sink.accept(Record.of("c", "2", T, Map.of()));
    assertThat(countsSeenByHook).containsExactly(1, 2);
  }

  @Test
  void aConnectorPagingInCirclesIsStoppedAtTheLimit() {
    RecordingSink sink = new RecordingSink().limit(2);
    sink.accept(Record.of("c", "1", T, Map.of()));
    sink.accept(Record.of("c", "1", T, Map.of()));
    assertThatThrownBy(() -> sink.accept(Record.of("c", "1", T, Map.of())))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("pages in circles");
  }
}
