package dev.revsync.internal.store;

import dev.revsync.QuotaLedger;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.SubmittedWrite;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CheckpointStore} in memory: nothing survives the process. For tests and demos.
 * Thread-safe.
 */
public final class InMemoryCheckpointStore implements CheckpointStore {
  private final ConcurrentHashMap<List<String>, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, SubmittedWrite> writes = new ConcurrentHashMap<>();
  private final QuotaLedger ledger = QuotaLedger.inMemory();
  private final ConcurrentHashMap<List<String>, Limits> limits = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<List<String>, Figures> figures = new ConcurrentHashMap<>();

  @Override
  public Optional<Entry> load(String tenant, String connector, String object) {
    return Optional.ofNullable(entries.get(List.of(tenant, connector, object)));
  }

  @Override
  public void save(String tenant, String connector, String object, Entry entry) {
    entries.put(List.of(tenant, connector, object), entry);
  }

  @Override
  public void delete(String tenant, String connector, String object) {
    entries.remove(List.of(tenant, connector, object));
  }

  @Override
  public boolean durable() {
    return false;
  }

  @Override
  public QuotaLedger quotaLedger() {
    return ledger;
  }

  @Override
  public void saveWrite(SubmittedWrite write) {
    writes.put(write.id(), write);
  }

  @Override
  public Optional<SubmittedWrite> write(String id) {
    return Optional.ofNullable(writes.get(id));
  }

  @Override
  public List<SubmittedWrite> writes(String tenant, String connector) {
    return writes.values().stream()
        .filter(w -> w.tenant().equals(tenant) && w.connector().equals(connector))
        .sorted(Comparator.comparing(SubmittedWrite::submittedAt).thenComparing(SubmittedWrite::id))
        .toList();
  }

  @Override
  public void deleteWrite(String id) {
    writes.remove(id);
  }

  @Override
  public Optional<Limits> limits(String tenant, String connector) {
    return Optional.ofNullable(limits.get(List.of(tenant, connector)));
  }

  @Override
  public void saveLimits(String tenant, String connector, Limits saved) {
    limits.put(List.of(tenant, connector), java.util.Objects.requireNonNull(saved, "limits"));
  }

  @Override
  public Optional<Figures> figures(String tenant, String connector, String object) {
    return Optional.ofNullable(figures.get(List.of(tenant, connector, object)));
  }

  @Override
  public void saveFigures(String tenant, String connector, String object, Figures saved) {
    figures.put(
        List.of(tenant, connector, object), java.util.Objects.requireNonNull(saved, "figures"));
  }

  @Override
  public void close() {}
}
