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
  private static final OkHttpClient CLIENT =
      new OkHttpClient.Builder()
          .followRedirects(false)
          .followSslRedirects(false)
          .retryOnConnectionFailure(false)
          .socketFactory(NoDelaySocketFactory.INSTANCE)
          .build();

  private SharedHttpClient() {}

  public static OkHttpClient get() {
    return CLIENT;
  }
}
