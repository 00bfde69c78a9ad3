package dev.revsync.internal.http;

import okhttp3.OkHttpClient;

/**
 * The one OkHttp client of the process: every connection derives its own with {@link
 * OkHttpClient#newBuilder()} (its timeouts, the body cap), sharing this one's connection pool and
 * dispatcher.
 *
 * <p>Redirects are off (the pipeline follows same-origin ones itself, counting each) and so are
 * OkHttp's silent retries on connection failure: every request on the wire must pass the quota.
 * Sockets are opened with Nagle's algorithm off ({@link NoDelaySocketFactory}).
 */
public final class SharedHttpClient {
  /**
   * Built on first use, not in a static initializer: its TLS set-up (the JDK's trust store, about
   * 0.1 s) is then paid only by a process that connects, and a thread can build it ahead of need
   * ({@code revsync}'s start does) without a failure there becoming every later caller's {@code
   * NoClassDefFoundError}: a failed build is tried again by the next caller.
   */
  private static OkHttpClient client;

  private SharedHttpClient() {}

  public static synchronized OkHttpClient get() {
    if (client == null) {
      client =
          new OkHttpClient.Builder()
              .followRedirects(false)
              .followSslRedirects(false)
              .retryOnConnectionFailure(false)
              .socketFactory(NoDelaySocketFactory.INSTANCE)
              .build();
    }
    return client;
  }
}
