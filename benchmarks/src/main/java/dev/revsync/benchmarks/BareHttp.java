package dev.revsync.benchmarks;

import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * Plain OkHttp, as a floor client uses it: no quota, no rate limiter, no retries, no classifier;
 * counts calls and response body bytes. Not thread-safe.
 */
final class BareHttp {
  /** Reads a successful response. */
  @FunctionalInterface
  interface Handler<T> {
    T handle(Response response, BufferedSource body) throws IOException;
  }

  private final OkHttpClient client =
      new OkHttpClient.Builder()
          .readTimeout(Duration.ofMinutes(5))
          .callTimeout(Duration.ofMinutes(30))
          .build();
  private long calls;
  private long bodyBytes;

  /** The {@code Authorization} header value, once logged in. */
  String authorization;

  /**
   * Executes {@code request} (with the authorization, if any) and hands the body, counted, to
   * {@code handler}.
   */
  <T> T call(Request request, Handler<T> handler) throws IOException {
    Request.Builder b = request.newBuilder();
    if (authorization != null && request.header("Authorization") == null)
      b.header("Authorization", authorization);
    calls++;
    try (Response response = client.newCall(b.build()).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException(
            request.method()
                + " "
                + request.url().encodedPath()
                + " answered "
                + response.code()
                + ": "
                + response.peekBody(500).string());
      }
      BufferedSource counted =
          Okio.buffer(
              new ForwardingSource(response.body().source()) {
                @Override
                public long read(Buffer sink, long byteCount) throws IOException {
                  long n = super.read(sink, byteCount);
                  if (n > 0) bodyBytes += n;
                  return n;
                }
              });
      return handler.handle(response, counted);
    }
  }

  long calls() {
    return calls;
  }

  long bodyBytes() {
    return bodyBytes;
  }

  /** Starts counting afresh (after the unmeasured login and discovery calls). */
  void resetCounts() {
    calls = 0;
    bodyBytes = 0;
  }
}
