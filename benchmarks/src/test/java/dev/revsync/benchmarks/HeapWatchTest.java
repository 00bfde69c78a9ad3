package dev.revsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapWatchTest {

  @Test
  void anArrayHeldAcrossTheFinalCollectionShowsInThePeakLiveHeap() {
    byte[] held;
    try (HeapWatch watch = HeapWatch.start()) {
      held = new byte[24 * 1024 * 1024];
      watch.finish();
      Result result = new Result();
      watch.report(result);

      assertThat(watch.collections()).isPositive();
      assertThat(watch.peakAfterFullGc()).isGreaterThanOrEqualTo(held.length);
      assertThat(watch.peakAfterGc()).isGreaterThanOrEqualTo(watch.peakAfterFullGc());
      assertThat(result.get("heapPeakLiveMiB")).isGreaterThanOrEqualTo(24.0);
    }
    assertThat(held).hasSize(24 * 1024 * 1024);
  }
}
