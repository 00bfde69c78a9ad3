package dev.revsync.internal.auth;

import dev.revsync.Activity;
import dev.revsync.AuthenticationException;
import dev.revsync.ProtocolException;
import dev.revsync.spi.AccessToken;
import dev.revsync.spi.TokenContext;
import dev.revsync.spi.TokenProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Holds one connection's current token and fetches a new one single-flight: one fetch at a time,
 * however many threads need a token, and one refresh however many calls meet an expired one ({@link
 * #invalidate} is a compare-and-set on the token the call used). A token is reused until shortly
 * before it expires (60 s, or half its lifetime if shorter). When a fetch is refused, the threads
 * that queued behind it get the same refusal instead of asking again.
 *
 * <p>Thread-safe.
 */
public final class TokenManager {
  static final Duration EXPIRY_SKEW = Duration.ofSeconds(60);

  private final String system;
  private final TokenProvider provider;
  private final Function<Activity, TokenContext> contexts;
  private final Clock clock;
  private final ReentrantLock fetchLock = new ReentrantLock();
  private final AtomicReference<Held> current = new AtomicReference<>();
  private volatile long
      fetchCount; // written only under fetchLock; volatile for token()'s unlocked read
  private AuthenticationException lastRefusal; // guarded by fetchLock

  /**
   * @param contexts the token context for a fetch triggered by a call of the given activity
   */
  public TokenManager(
      String system,
      TokenProvider provider,
      Function<Activity, TokenContext> contexts,
      Clock clock) {
    this.system = system;
    this.provider = provider;
    this.contexts = contexts;
    this.clock = clock;
  }

  /** The current token, fetching one (a counted call for {@code activity}) when none is fresh. */
  @SuppressWarnings("NonAtomicVolatileUpdate") // fetchCount++ runs under fetchLock
  public AccessToken token(Activity activity) {
    Held held = current.get();
    if (held != null && held.freshAt(clock.instant())) return held.token;
    long seen = fetchCount;
    fetchLock.lock();
    try {
      held = current.get();
      if (held != null && held.freshAt(clock.instant())) return held.token;
      if (fetchCount != seen && lastRefusal != null) {
        // The fetch we queued behind was refused; asking again at once would be refused too.
        throw lastRefusal;
      }
      AccessToken token;
      try {
        token = provider.fetch(contexts.apply(activity));
        lastRefusal = null;
      } catch (AuthenticationException e) {
        lastRefusal = e;
        throw e;
      } finally {
        fetchCount++;
      }
      if (token == null) {
        throw new ProtocolException(
            system,
            null,
            "the token provider " + provider.getClass().getName() + " returned no token",
            "Fix the connector's token provider",
            null);
      }
      current.set(new Held(token, clock.instant()));
      return token;
    } finally {
      fetchLock.unlock();
    }
  }

  /**
   * Drops {@code used} so the next call fetches a new token; a no-op when another thread already
   * replaced it.
   *
   * @return true if this call dropped it
   */
  @SuppressWarnings("ReferenceEquality") // the very token the caller used, not an equal one
  public boolean invalidate(AccessToken used) {
    Held held = current.get();
    return held != null && held.token == used && current.compareAndSet(held, null);
  }

  /** The token held now, fresh or not; null if none. */
  public AccessToken peek() {
    Held held = current.get();
    return held == null ? null : held.token;
  }

  private static final class Held {
    final AccessToken token;
    final Instant refreshAt;

    Held(AccessToken token, Instant fetchedAt) {
      this.token = token;
      Instant expiresAt = token.expiresAt();
      if (expiresAt == null) {
        refreshAt = null;
      } else {
        Duration lifetime = Duration.between(fetchedAt, expiresAt);
        Duration skew =
            lifetime.dividedBy(2).compareTo(EXPIRY_SKEW) < 0 ? lifetime.dividedBy(2) : EXPIRY_SKEW;
        refreshAt = expiresAt.minus(skew.isNegative() ? Duration.ZERO : skew);
      }
    }

    boolean freshAt(Instant now) {
      return refreshAt == null || now.isBefore(refreshAt);
    }
  }
}
