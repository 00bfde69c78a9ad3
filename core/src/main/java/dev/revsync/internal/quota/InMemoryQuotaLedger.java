package dev.revsync.internal.quota;

import dev.revsync.QuotaLedger;
import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts in memory; days before the newest one seen are dropped. Thread-safe. */
public final class InMemoryQuotaLedger implements QuotaLedger {
  private final ConcurrentHashMap<Key, AtomicLong> counts = new ConcurrentHashMap<>();
  private volatile LocalDate newestDay = LocalDate.MIN;

  @Override
  public boolean tryIncrement(String connectionId, LocalDate day, long ceiling) {
    if (day.isAfter(newestDay)) {
      newestDay = day;
      counts.keySet().removeIf(k -> k.day.isBefore(day));
    }
    AtomicLong count = counts.computeIfAbsent(new Key(connectionId, day), k -> new AtomicLong());
    while (true) {
      long current = count.get();
      if (current >= ceiling) return false;
      if (count.compareAndSet(current, current + 1)) return true;
    }
  }

  @Override
  public boolean durable() {
    return false;
  }

  @Override
  public long spent(String connectionId, LocalDate day) {
    AtomicLong count = counts.get(new Key(connectionId, day));
    return count == null ? 0 : count.get();
  }

  private record Key(String connectionId, LocalDate day) {}
}
