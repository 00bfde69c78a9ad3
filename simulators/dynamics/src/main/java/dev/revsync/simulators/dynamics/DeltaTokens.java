package dev.revsync.simulators.dynamics;

import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Change-tracking tokens shaped like the service's ({@code <version>!<MM/dd/yyyy HH:mm:ss>}). A
 * token stands for "every change after this moment": its second, plus the exact record versions
 * already stamped with that second when it was issued (modification times have one-second
 * resolution, so changes later in the same second still count as after it; versions compare by
 * value, so a generated record regenerated later is still the same version). Tokens older than the
 * org's change-tracking retention, or unknown, are refused. Thread-safe.
 */
final class DeltaTokens {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** What a token stands for. */
  record Token(
      String value, String table, Instant second, Set<SimRecord> seenAtSecond, Instant issuedAt) {
    /**
     * Whether {@code r} changed after this token (it was not the version already stamped with the
     * token's second).
     */
    boolean isAfter(SimRecord r) {
      int c = r.modifiedAt().compareTo(second);
      return c > 0 || (c == 0 && !seenAtSecond.contains(r));
    }
  }

  private final Clock clock;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final AtomicLong version = new AtomicLong(919_000);
  private volatile Duration retention;

  DeltaTokens(Clock clock, Duration retention) {
    this.clock = clock;
    this.retention = retention;
  }

  /** Issues a token for {@code table} at the current second. */
  Token issue(String tableName, ObjectTable table) {
    Instant now = clock.instant();
    Instant second = now.truncatedTo(ChronoUnit.SECONDS);
    Set<SimRecord> seen = new HashSet<>();
    for (Iterator<SimRecord> it = table.scan(second.minusNanos(1), null, true); it.hasNext(); ) {
      SimRecord r = it.next();
      if (r.modifiedAt().isAfter(second)) break;
      seen.add(r);
    }
    // tokens past retention would only ever answer "expired": forget them so a long sandbox run
    // stays small
    tokens.values().removeIf(t -> !now.isBefore(t.issuedAt().plus(retention)));
    String value = version.incrementAndGet() + "!" + STAMP.format(second);
    Token token =
        new Token(value, tableName, second, java.util.Collections.unmodifiableSet(seen), now);
    tokens.put(value, token);
    return token;
  }

  /** The token, or null when unknown, issued for another table, or past retention. */
  Token find(String value, String tableName) {
    Token t = value == null ? null : tokens.get(value);
    if (t == null || !t.table().equals(tableName)) return null;
    if (!clock.instant().isBefore(t.issuedAt().plus(retention))) {
      tokens.remove(value);
      return null;
    }
    return t;
  }

  void retention(Duration retention) {
    this.retention = retention;
  }

  /** Forgets every token (as a retention cleanup would), so each one answers the expired error. */
  void expireAll() {
    tokens.clear();
  }

  /**
   * The token URL-encoded as the service writes it in a deltaLink: {@code
   * 919042%2108%2f22%2f2017%2008%3a10%3a44}.
   */
  static String urlEncoded(String token) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      switch (c) {
        case '!' -> b.append("%21");
        case '/' -> b.append("%2f");
        case ' ' -> b.append("%20");
        case ':' -> b.append("%3a");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
