package dev.revsync.dynamics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The datetime fast path agrees with the JDK's parser on Dataverse's shape and declines everything else. */
class RecordMappingTest {
  @Test
  void theFastPathAgreesWithTheJdkOnValidAndMutatedInputs() {
    Random r = new Random(7);
    String chars = "0123456789-:TZ+x ";
    for (int i = 0; i < 20_000; i++) {
      Instant t = Instant.ofEpochSecond(r.nextLong(4_102_444_800L));
      String s = t.toString();
      if (s.length() == 20) assertThat(RecordMapping.utcSeconds(s)).isEqualTo(t);
      char[] mutated = s.toCharArray();
      mutated[r.nextInt(mutated.length)] = chars.charAt(r.nextInt(chars.length()));
      String m = new String(mutated);
      Instant fast = RecordMapping.utcSeconds(m);
      Instant jdk;
      try {
        jdk = Instant.parse(m);
      } catch (DateTimeParseException e) {
        jdk = null;
      }
      if (fast != null) assertThat(fast).as(m).isEqualTo(jdk);
    }
    assertThat(RecordMapping.utcSeconds("2024-02-30T00:00:00Z")).isNull();
    assertThat(RecordMapping.utcSeconds("2024-02-29T23:59:59Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
    assertThat(RecordMapping.utcSeconds("2023-04-07T21:59:01.5Z")).isNull();
  }
}
