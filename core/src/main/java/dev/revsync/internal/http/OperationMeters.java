package dev.revsync.internal.http;

import dev.revsync.spi.CallMeter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * The open {@link CallMeter.Operation}s of one connection, per thread: the pipeline counts each
 * call for every operation open on the thread making it, next to the connection's own counter, and
 * bounds its calls by the earliest deadline among them. Counting per operation (instead of
 * differences of the connection's counter) keeps a sync's reported cost its own when other threads
 * use the same connection. Thread-safe.
 */
final class OperationMeters {
  /** Per thread, its open operations; no entry while none is open, so idle threads hold nothing. */
  @SuppressWarnings(
      "ThreadLocalUsage") // one per connection on purpose: operations are per connection
  private final ThreadLocal<List<Op>> open = new ThreadLocal<>();

  CallMeter.Operation start(Instant deadline) {
    Op op = new Op(deadline);
    bind(op);
    return op;
  }

  private void bind(Op op) {
    List<Op> ops = open.get();
    if (ops == null) {
      ops = new ArrayList<>(2);
      open.set(ops);
    }
    ops.add(op);
  }

  private void unbind(Op op) {
    List<Op> ops = open.get();
    if (ops == null) return;
    ops.remove(op);
    if (ops.isEmpty()) open.remove();
  }

  /** The earliest deadline of the operations open on this thread, or null. */
  Instant deadline() {
    List<Op> ops = open.get();
    if (ops == null) return null;
    Instant earliest = null;
    for (Op op : ops) {
      if (op.deadline != null && (earliest == null || op.deadline.isBefore(earliest)))
        earliest = op.deadline;
    }
    return earliest;
  }

  /** Counts one call for the operations open on this thread. */
  void record() {
    List<Op> ops = open.get();
    if (ops == null) return;
    for (int i = 0; i < ops.size(); i++) ops.get(i).calls.increment();
  }

  private final class Op implements CallMeter.Operation {
    final LongAdder calls = new LongAdder();
    final Instant deadline;

    Op(Instant deadline) {
      this.deadline = deadline;
    }

    @Override
    public long calls() {
      return calls.sum();
    }

    /**
     * Tasks count for this operation and for every other operation open on the thread that submits
     * them, as that thread's own calls would: a connector that fans a write out from inside the
     * batcher's operation counts its workers' calls for both.
     */
    @Override
    public Executor executor(Executor executor) {
      return task -> {
        List<Op> submitter = open.get();
        List<Op> ops = new ArrayList<>(submitter == null ? List.of() : submitter);
        if (!ops.contains(this)) ops.add(this);
        executor.execute(
            () -> {
              for (Op op : ops) bind(op);
              try {
                task.run();
              } finally {
                for (Op op : ops) unbind(op);
              }
            });
      };
    }

    @Override
    public void close() {
      unbind(this);
    }
  }
}
