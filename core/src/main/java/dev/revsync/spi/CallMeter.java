package dev.revsync.spi;

import java.util.concurrent.Executor;

/**
 * Counts a connection's calls; {@link Transport} is one. {@link SyncRun} and {@link WriteBatcher}
 * report what a sync or write cost from an {@link Operation} of their own, so calls other threads
 * make on the same connection at the same time are not counted in. Implementations are thread-safe:
 * calls are counted from every thread of the connection.
 */
public interface CallMeter {
  /** The connector id. */
  String system();

  /** Calls made so far by the whole connection (every attempt, token requests included). */
  long callsMade();

  /**
   * Starts counting the calls of one operation (a sync, a write, a verify): those the current
   * thread makes until {@link Operation#close()}, and those made by tasks run through {@link
   * Operation#executor(Executor)}. Operations nest: a call counts for every open one of its thread.
   *
   * <p>The default, for meters that cannot tell threads apart, counts the difference of {@link
   * #callsMade()}, which includes other threads' calls.
   *
   * @since 0.2
   */
  default Operation startOperation() {
    long before = callsMade();
    return new Operation() {
      @Override
      public long calls() {
        return callsMade() - before;
      }

      @Override
      public Executor executor(Executor executor) {
        return executor;
      }

      @Override
      public void close() {}
    };
  }

  /**
   * As {@link #startOperation()}, with the operation's deadline (null for none): a meter that is a
   * transport ends the operation's calls by it. The default ignores it.
   *
   * @since 0.2
   */
  default Operation startOperation(java.time.Instant deadline) {
    return startOperation();
  }

  /**
   * The calls of one operation, from {@link #startOperation()}. Belongs to the thread that started
   * it, which must close it; {@link #calls()} may be read from any thread.
   *
   * @since 0.2
   */
  interface Operation extends AutoCloseable {
    /** Calls made for this operation so far. */
    long calls();

    /**
     * An executor whose tasks count their calls to this operation too (for connectors that fan
     * out), and to every operation open on the submitting thread when a task is submitted.
     */
    Executor executor(Executor executor);

    /** Stops counting the thread's calls for this operation; {@link #calls()} stays readable. */
    @Override
    void close();
  }
}
