package dev.revsync.internal.http;

import dev.revsync.spi.CallMeter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;

/**
 * The open {@link CallMeter.Operation}s of one connection, per thread: the pipeline counts each
 * call for every operation open on the thread making it, next to the connection's own counter,
 * and bounds its calls by the earliest deadline among them.
 * Counting per operation (instead of differences of the connection's counter) keeps a sync's
 * reported cost its own when other threads use the same connection. Thread-safe.
 */
final class OperationMeters {
  private final ThreadLocal<List<Op>> open = ThreadLocal.withInitial(ArrayList::new);

  CallMeter.Operation start(Instant deadline) {
    Op op = new Op(deadline);
    open.get().add(op);
    return op;
  }

  /** The earliest deadline of the operations open on this thread, or null. */
  Instant deadline() {
    Instant earliest = null;
    for (Op op : open.get()) {
      if (op.deadline != null && (earliest == null || op.deadline.isBefore(earliest))) earliest = op.deadline;
    }
    return earliest;
  }

  /** Counts one call for the operations open on this thread. */
  void record() {
    List<Op> ops = open.get();
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

    @Override
    public Executor executor(Executor executor) {
      return task -> executor.execute(() -> {
        List<Op> ops = open.get();
        ops.add(this);
        try {
          task.run();
        } finally {
          ops.remove(this);
        }
      });
    }

    @Override
    public void close() {
      open.get().remove(this);
    }
  }
}
