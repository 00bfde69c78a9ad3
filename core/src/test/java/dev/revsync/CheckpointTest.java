package dev.revsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointTest {

  @Test
  void hostileCharactersSurviveASerializeParseRoundTrip() {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(Checkpoint.CURSOR, "2024-05-20T10:00:00.000+0000");
    entries.put(Checkpoint.CURSOR_ID, "003R000000abc&d=e%41");
    entries.put(Checkpoint.JOB_POSITION, "MTAwMDA=&locator=x\nnext\r\tline");
    entries.put("unicode ключ", "Zoë 🚀 東京");
    entries.put("plus+space", "a+b c");
    entries.put("empty", "");
    entries.put("semi;colon", ";rs1;");
    Checkpoint checkpoint = Checkpoint.of(entries);

    String stored = checkpoint.serialize();
    Checkpoint back = Checkpoint.parse(stored);

    assertThat(back).isEqualTo(checkpoint);
    assertThat(back.entries()).isEqualTo(entries);
    assertThat(stored).startsWith("rs1;").doesNotContain("\n", "\r", "\t", " ");
  }

  @Test
  void theEmptyCheckpointRoundTrips() {
    assertThat(Checkpoint.EMPTY.serialize()).isEqualTo("rs1;");
    assertThat(Checkpoint.parse("rs1;")).isSameAs(Checkpoint.EMPTY);
    assertThat(Checkpoint.EMPTY.isEmpty()).isTrue();
  }

  @Test
  void withAndWithoutReturnCopiesAndNullRemoves() {
    Checkpoint base =
        Checkpoint.EMPTY.with(Checkpoint.CURSOR, "t1").with(Checkpoint.JOB_ID, "750X");
    Checkpoint done = base.without(Checkpoint.JOB_ID, Checkpoint.JOB_POSITION);

    assertThat(base.get(Checkpoint.JOB_ID)).isEqualTo("750X");
    assertThat(done.entries()).isEqualTo(Map.of(Checkpoint.CURSOR, "t1"));
    assertThat(base.with(Checkpoint.CURSOR, null).entries()).containsOnlyKeys(Checkpoint.JOB_ID);
    assertThat(Checkpoint.EMPTY.with("a", null)).isSameAs(Checkpoint.EMPTY);
  }

  @Test
  void nullValuesAreDroppedAndEntriesAreUnmodifiable() {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("a", null);
    entries.put("b", "1");
    Checkpoint checkpoint = Checkpoint.of(entries);
    entries.put("c", "later");

    assertThat(checkpoint.entries()).isEqualTo(Map.of("b", "1"));
    assertThatThrownBy(() -> checkpoint.entries().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aStringThatIsNotACheckpointIsRefusedClearly() {
    assertThatThrownBy(() -> Checkpoint.parse("cursor=2024-05-20"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a revsync checkpoint (expected it to start with 'rs1;')");
    assertThatThrownBy(() -> Checkpoint.parse("rs1;novalue"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed revsync checkpoint entry 'novalue'");
  }
}
