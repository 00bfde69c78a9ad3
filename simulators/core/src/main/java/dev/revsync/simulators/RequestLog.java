package dev.revsync.simulators;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every request a simulator served, in order, so tests can count calls. Secrets are masked before
 * they are logged ({@code Authorization}, token-endpoint bodies). Thread-safe.
 */
public final class RequestLog {

  /**
   * One request.
   *
   * @param at when it arrived (simulator clock)
   * @param method HTTP method
   * @param path the path, without the query
   * @param query the raw query string, or null
   * @param headers request headers, secrets masked
   * @param bodyBytes size of the request body
   * @param status the status answered
   * @param fault the fault injected, or null
   */
  public record Entry(
      Instant at,
      String method,
      String path,
      String query,
      Map<String, String> headers,
      long bodyBytes,
      int status,
      String fault) {}

  private final List<Entry> entries = new ArrayList<>();

  public synchronized void add(Entry entry) {
    entries.add(entry);
    notifyAll();
  }

  /**
   * Waits until at least {@code count} requests were logged (the server logs a request on its own
   * thread, possibly after the client gave up on it), at most {@code timeout}.
   *
   * @return true if they were, false on timeout
   */
  public synchronized boolean awaitCount(int count, java.time.Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (entries.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return false;
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  public synchronized int count() {
    return entries.size();
  }

  public synchronized int count(Predicate<Entry> matching) {
    return (int) entries.stream().filter(matching).count();
  }

  /** Requests whose path contains {@code fragment}. */
  public int count(String fragment) {
    return count(e -> e.path().contains(fragment));
  }

  public synchronized void clear() {
    entries.clear();
  }
}
