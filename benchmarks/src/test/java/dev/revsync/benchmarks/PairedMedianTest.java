package dev.revsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark's ratios are medians of each run's own ratio, not ratios of medians. */
class PairedMedianTest {
  private static Result rate(double records, double seconds) {
    return new Result().put("records", records).put("seconds", seconds);
  }

  @Test
  void eachRunIsAPairAndTheMedianIsTakenOverThePairs() {
    // Run 1 on a fast spell of the host, run 2 on a slow one, run 3 in between: each run's
    // connector is 0.9 of its floor except run 3 (0.6).
    List<Result> connector = List.of(rate(900, 1), rate(450, 1), rate(480, 1));
    List<Result> floor = List.of(rate(1000, 1), rate(500, 1), rate(800, 1));

    double paired =
        PullBenchmarks.pairedMedian(connector, floor, r -> r.get("records") / r.get("seconds"));

    assertThat(paired).isCloseTo(0.9, within(1e-9));
    double ofMedians =
        Result.median(connector, "records") / Result.median(floor, "records"); // 480 / 800
    assertThat(ofMedians)
        .as("the ratio of medians pairs run 3's connector with run 3's floor")
        .isCloseTo(0.6, within(1e-9));
  }

  @Test
  void runsMissingOnOneSideAreLeftOut() {
    List<Result> cli = List.of(rate(100, 1), rate(300, 1));
    List<Result> library = List.of(rate(200, 1), rate(300, 1), rate(1, 1));

    assertThat(
            PullBenchmarks.pairedMedian(
                cli, library, i -> cli.get(i).get("records"), i -> library.get(i).get("records")))
        .as("median of 0.5 and 1.0")
        .isCloseTo(0.75, within(1e-9));
  }
}
