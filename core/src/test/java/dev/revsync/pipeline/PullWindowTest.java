package dev.revsync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.ConfigurationException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class PullWindowTest {

  @Test
  void customTimesOutsideMidnightToTwoAreRefusedWithAClearMessage() {
    assertThatThrownBy(() -> PullWindow.between(LocalTime.of(3, 0), LocalTime.of(4, 0)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("custom pull schedule '03:00–04:00 UTC' refused")
        .hasMessageContaining(
            "scheduled pulls run once a day between 00:00 and 02:00 UTC, never at custom times")
        .hasMessageContaining("use PullWindow.daily()");
    assertThatThrownBy(() -> PullWindow.between(LocalTime.of(23, 0), LocalTime.of(1, 0)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'23:00–01:00 UTC' refused");
    assertThatThrownBy(() -> PullWindow.between(LocalTime.of(1, 0), LocalTime.of(2, 30)))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(() -> PullWindow.between(LocalTime.of(1, 0), LocalTime.of(1, 0)))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void aNarrowerWindowInsideTheTwoHoursIsAllowed() {
    PullWindow window = PullWindow.between(LocalTime.of(0, 30), LocalTime.of(1, 30));
    assertThat(window.length()).isEqualTo(Duration.ofHours(1));
    assertThat(window.contains(Instant.parse("2024-05-21T00:15:00Z"))).isFalse();
    assertThat(window.contains(Instant.parse("2024-05-21T00:30:00Z"))).isTrue();
    assertThat(window.contains(Instant.parse("2024-05-21T01:30:00Z"))).isFalse();
  }

  @Test
  void theDailyWindowContainsItsOpeningButNotItsClosing() {
    PullWindow daily = PullWindow.daily();
    assertThat(daily.contains(Instant.parse("2024-05-21T00:00:00Z"))).isTrue();
    assertThat(daily.contains(Instant.parse("2024-05-21T01:59:59.999Z"))).isTrue();
    assertThat(daily.contains(Instant.parse("2024-05-21T02:00:00Z"))).isFalse();
    assertThat(daily.contains(Instant.parse("2024-05-20T23:59:59Z"))).isFalse();
    assertThat(daily.contains(Instant.parse("2024-05-21T12:00:00Z"))).isFalse();
  }

  @Test
  void closesAtIsTheSyncDeadlineAndNextOpeningIsMidnight() {
    LocalDate day = LocalDate.of(2024, 2, 29);
    PullWindow daily = PullWindow.daily();
    assertThat(daily.opensAt(day)).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    assertThat(daily.closesAt(day)).isEqualTo(Instant.parse("2024-02-29T02:00:00Z"));
    assertThat(daily.nextOpening(Instant.parse("2024-02-29T00:00:00Z")))
        .isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    assertThat(daily.nextOpening(Instant.parse("2024-02-29T00:00:01Z")))
        .isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    assertThat(daily.nextOpening(Instant.parse("2024-12-31T18:00:00Z")))
        .isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @Test
  void windowsAreValues() {
    assertThat(PullWindow.between(LocalTime.MIDNIGHT, LocalTime.of(2, 0)))
        .isEqualTo(PullWindow.daily());
    assertThat(PullWindow.daily().toString()).isEqualTo("PullWindow{daily 00:00–02:00 UTC}");
  }
}
