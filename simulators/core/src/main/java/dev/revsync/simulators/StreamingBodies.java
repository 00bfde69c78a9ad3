package dev.revsync.simulators;

import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Sink;
import okio.Timeout;

/**
 * Response bodies written while they are sent, so a simulator serves a 50 MB CSV page without
 * holding it in memory. Use {@link #ofLength} when the size is known up front (the {@code
 * Content-Length} is sent), {@link #chunked} when it is not.
 *
 * <pre>{@code
 * return StreamingBodies.chunked(new MockResponse.Builder().code(200)
 *     .setHeader("Content-Type", "text/csv"), sink -> {
 *   sink.writeUtf8("Id,Name\n");
 *   table.stream(false).forEach(r -> ...);
 * }).build();
 * }</pre>
 *
 * <p>Stateless and thread-safe; each body is written once, by the server thread sending it.
 */
public final class StreamingBodies {
  /** Writes a body's bytes. Called once per response, on the server's connection thread. */
  @FunctionalInterface
  public interface BodyWriter {
    void writeTo(BufferedSink sink) throws IOException;
  }

  private static final int CHUNK_SIZE = 64 * 1024;

  /**
   * A body that frames itself in chunks as it is written; {@link #content()} is the writer of the
   * bytes inside the framing (what the server compresses, say).
   */
  static final class ChunkedBody implements MockResponseBody {
    private final BodyWriter writer;

    ChunkedBody(BodyWriter writer) {
      this.writer = writer;
    }

    BodyWriter content() {
      return writer;
    }

    @Override
    public long getContentLength() {
      return -1;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      ChunkingSink chunking = new ChunkingSink(sink);
      BufferedSink buffered = Okio.buffer(chunking);
      writer.writeTo(buffered);
      buffered.flush();
      chunking.finish();
    }
  }

  private StreamingBodies() {}

  /** A body of exactly {@code contentLength} bytes produced by {@code writer}. */
  public static MockResponseBody ofLength(long contentLength, BodyWriter writer) {
    if (contentLength < 0)
      throw new IllegalArgumentException("contentLength must be >= 0: " + contentLength);
    return new MockResponseBody() {
      @Override
      public long getContentLength() {
        return contentLength;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        writer.writeTo(sink);
        sink.flush(); // the server does not flush the socket after the body
      }
    };
  }

  /**
   * Sets a body of unknown length on {@code builder}, sent with {@code Transfer-Encoding: chunked}
   * in chunks of 64 KiB; returns the builder.
   */
  public static MockResponse.Builder chunked(MockResponse.Builder builder, BodyWriter writer) {
    builder.body(new ChunkedBody(writer));
    // MockResponse.Builder.body() wrote "Content-Length: -1"; chunked framing replaces it
    builder.removeHeader("Content-Length");
    builder.setHeader("Transfer-Encoding", "chunked");
    return builder;
  }

  /** HTTP/1.1 chunk framing; the server itself appends the trailers and the final CRLF. */
  private static final class ChunkingSink implements Sink {
    private final BufferedSink out;
    private final Buffer pending = new Buffer();

    ChunkingSink(BufferedSink out) {
      this.out = out;
    }

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      pending.write(source, byteCount);
      while (pending.size() >= CHUNK_SIZE) writeChunk(CHUNK_SIZE);
    }

    private void writeChunk(long size) throws IOException {
      out.writeHexadecimalUnsignedLong(size).writeUtf8("\r\n");
      out.write(pending, size);
      out.writeUtf8("\r\n");
      out.emit();
    }

    @Override
    public void flush() throws IOException {
      if (pending.size() > 0) writeChunk(pending.size());
      out.flush();
    }

    void finish() throws IOException {
      flush();
      out.writeUtf8("0\r\n");
      out.flush();
    }

    @Override
    public Timeout timeout() {
      return out.timeout();
    }

    @Override
    public void close() {}
  }
}
