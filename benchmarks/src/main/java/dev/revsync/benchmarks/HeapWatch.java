package dev.revsync.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the heap through GC notifications: the largest heap in use right after any collection
 * (what a process must keep live, plus garbage the collector has not reclaimed yet) and the largest
 * after a full collection (the live set). {@link #finish()} forces a last full collection so a
 * short run reports at least one.
 *
 * <p>Thread-safe: notifications arrive on a JMX thread.
 */
final class HeapWatch implements AutoCloseable {
  private final Set<String> heapPools = new HashSet<>();
  private final AtomicLong peakAfterGc = new AtomicLong();
  private final AtomicLong peakAfterFullGc = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final AtomicLong fullCollections = new AtomicLong();
  private final AtomicLong pauseMillis = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onNotification;

  private HeapWatch() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) heapPools.add(pool.getName());
    }
  }

  /** Starts listening to every collector of this JVM. */
  static HeapWatch start() {
    HeapWatch watch = new HeapWatch();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter) {
        NotificationEmitter emitter = (NotificationEmitter) gc;
        emitter.addNotificationListener(watch.listener, null, null);
        watch.emitters.add(emitter);
      }
    }
    return watch;
  }

  private void onNotification(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) return;
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool :
        info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(pool.getKey())) used += pool.getValue().getUsed();
    }
    peakAfterGc.accumulateAndGet(used, Math::max);
    pauseMillis.addAndGet(info.getGcInfo().getDuration());
    collections.incrementAndGet();
    // "end of major GC": a full collection (System.gc(), or G1/Serial/Parallel old-generation
    // collections).
    if (info.getGcAction().contains("major")) {
      peakAfterFullGc.accumulateAndGet(used, Math::max);
      fullCollections.incrementAndGet();
    }
  }

  /**
   * Forces a full collection and waits (at most 5 s) until its notification arrived, so the figures
   * include it.
   */
  void finish() {
    long before = fullCollections.get();
    System.gc();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (fullCollections.get() == before && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The largest heap in use after any collection, in bytes. */
  long peakAfterGc() {
    return peakAfterGc.get();
  }

  /** The largest heap in use after a full collection (the live set), in bytes. */
  long peakAfterFullGc() {
    return peakAfterFullGc.get();
  }

  long collections() {
    return collections.get();
  }

  long pauseMillis() {
    return pauseMillis.get();
  }

  /** Adds the heap figures to {@code result}. */
  void report(Result result) {
    result.put("heapPeakAfterGcMiB", peakAfterGc() / 1048576.0);
    result.put("heapPeakLiveMiB", peakAfterFullGc() / 1048576.0);
    result.put("gcCount", collections());
    result.put("gcPauseMs", pauseMillis());
  }

  @Override
  public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ignored) {
        // already gone
      }
    }
  }
}
