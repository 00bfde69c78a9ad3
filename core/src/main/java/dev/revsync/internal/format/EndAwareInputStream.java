package dev.revsync.internal.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers whether the stream reported its end, so a parse error can be told apart as truncation.
 */
public final class EndAwareInputStream extends FilterInputStream {
  private boolean ended;

  public EndAwareInputStream(InputStream in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b < 0) ended = true;
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n < 0) ended = true;
    return n;
  }

  /** True once a read returned end of stream. */
  public boolean ended() {
    return ended;
  }
}
