package dev.revsync.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.spi.Sleeper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScaledClockTest {

  @Test
  void aSleepBlocksForTheScaledRealTimeAndTheClockHasMovedAtLeastThatFar() throws Exception {
    ScaledClock clock = ScaledClock.startingAt(Instant.parse("2026-12-03T00:00:00Z"), 1000);
    Instant before = clock.instant();
    long real0 = System.nanoTime();
    Sleeper.forClock(clock).sleep(Duration.ofSeconds(2));
    long realMillis = (System.nanoTime() - real0) / 1_000_000;
    assertThat(Duration.between(before, clock.instant()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1990));
    // 2 s at 1000x is 2 ms of real time: far from the 2 s a system sleep would take.
    assertThat(realMillis).isLessThan(1000);
  }

  @Test
  void anotherProcessReadingTheSpecReadsTheSameTime() {
    ScaledClock clock = ScaledClock.startingAt(Instant.parse("2026-12-03T23:59:00Z"), 36);
    ScaledClock copy = ScaledClock.parse(clock.spec());
    assertThat(copy.factor()).isEqualTo(36.0);
    Duration apart = Duration.between(clock.instant(), copy.instant()).abs();
    // Read one after the other: a few real milliseconds apart, times 36.
    assertThat(apart).isLessThan(Duration.ofSeconds(2));
    assertThat(copy.instant()).isAfterOrEqualTo(Instant.parse("2026-12-03T23:59:00Z"));
  }

  @Test
  void realTimeIsTheScaledTimeDividedByTheFactor() {
    ScaledClock clock = ScaledClock.startingAt(Instant.EPOCH, 40);
    assertThat(clock.toReal(Duration.ofMinutes(120))).isEqualTo(Duration.ofSeconds(180));
  }

  @Test
  void aMalformedSpecOrFactorIsRefusedWithTheValue() {
    assertThatThrownBy(() -> ScaledClock.parse("2026-12-03T00:00:00Z/36"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-12-03T00:00:00Z/36");
    assertThatThrownBy(() -> ScaledClock.startingAt(Instant.EPOCH, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.5");
  }
}
