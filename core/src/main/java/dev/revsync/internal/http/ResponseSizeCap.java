package dev.revsync.internal.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;

/**
 * Caps the decoded size of every response body. An application interceptor, so it counts bytes
 * after OkHttp's transparent gzip: a small compressed body cannot expand without bound.
 */
public final class ResponseSizeCap implements Interceptor {
  private final long maxBytes;

  public ResponseSizeCap(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    ResponseBody body = response.body();
    long declared = body.contentLength();
    if (declared > maxBytes) {
      response.close();
      throw new ResponseTooLargeException(maxBytes, declared);
    }
    Source capped = new CappedSource(body.source(), maxBytes);
    return response
        .newBuilder()
        .body(ResponseBody.create(Okio.buffer(capped), body.contentType(), declared))
        .build();
  }

  /** The body grew past the cap: not retried, since the same request yields the same body. */
  public static final class ResponseTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    ResponseTooLargeException(long maxBytes, long declared) {
      super(
          "response body exceeds maxResponseBytes="
              + maxBytes
              + (declared > 0 ? " (Content-Length " + declared + ")" : ""));
    }

    /** True when {@code t} or one of its causes is a {@code ResponseTooLargeException}. */
    public static boolean in(Throwable t) {
      for (Throwable c = t; c != null; c = c.getCause()) {
        if (c instanceof ResponseTooLargeException) return true;
        if (c.getCause() == c) break;
      }
      return false;
    }
  }

  private static final class CappedSource extends ForwardingSource {
    private final long maxBytes;
    private long total;

    CappedSource(Source delegate, long maxBytes) {
      super(delegate);
      this.maxBytes = maxBytes;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      long read = super.read(sink, byteCount);
      if (read > 0) {
        total += read;
        if (total > maxBytes) throw new ResponseTooLargeException(maxBytes, -1);
      }
      return read;
    }
  }
}
