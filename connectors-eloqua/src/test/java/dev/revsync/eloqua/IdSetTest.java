package dev.revsync.eloqua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdSetTest {

  @Test
  void twoHundredThousandIdsWithAHundredGapsFitInAFewHundredBytesAndRoundTrip() {
    IdSet set = IdSet.empty();
    for (long id = 1_000_001; id < 1_200_001; id++) if (id % 2_000 != 0) set.add(Long.toString(id));
    String encoded = set.encode();
    assertThat(encoded.length()).isLessThan(1_000);
    IdSet back = IdSet.decode(encoded);
    assertThat(back.size()).isEqualTo(set.size()).isEqualTo(200_000 - 100);
    assertThat(back.contains(1_000_001)).isTrue();
    assertThat(back.contains(1_002_000)).isFalse();
  }

  @Test
  void theIdsMissingNowAreTheDeletedOnes() {
    IdSet before = IdSet.empty();
    IdSet now = IdSet.empty();
    for (String id : List.of("5", "6", "7", "900")) before.add(id);
    for (String id : List.of("5", "7", "901")) now.add(id);
    List<Long> deleted = new ArrayList<>();
    before.forEachMissingFrom(now, deleted::add);
    assertThat(deleted).containsExactly(6L, 900L);
  }

  @Test
  void idsThatAreNotIntegersAreRefusedAndGarbageDoesNotDecode() {
    assertThat(IdSet.empty().add("abc")).isFalse();
    assertThat(IdSet.empty().add("-3")).isFalse();
    assertThatThrownBy(() -> IdSet.decode("not-an-id-set"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
