package dev.revsync.internal.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers how many quote characters ended the stream (line breaks at the very end ignored), so a
 * CSV reader can tell a quote left open by a truncated body from one that was closed: FastCSV
 * accepts an unterminated quoted field at end of input without a word.
 */
public final class TailTrackingInputStream extends FilterInputStream {
  private final int quote;
  private int quoteRun;
  private boolean lineBreakSinceRun;

  public TailTrackingInputStream(InputStream in, char quote) {
    super(in);
    if (quote > 0x7f) throw new IllegalArgumentException("quote must be ASCII: " + quote);
    this.quote = quote;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) track(b);
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) track(buffer, offset, n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Only BOM detection skips, at the start; bytes skipped are not quotes or line breaks.
    long skipped = super.skip(n);
    if (skipped > 0) {
      quoteRun = 0;
      lineBreakSinceRun = false;
    }
    return skipped;
  }

  /**
   * {@link #track(int)} for each byte, but only the tail decides: a byte that is neither a quote
   * nor a line break resets the state, so tracking starts after the last such byte.
   */
  private void track(byte[] buffer, int offset, int n) {
    int end = offset + n;
    int start = end;
    while (start > offset && isQuoteOrLineBreak(buffer[start - 1] & 0xff)) start--;
    if (start > offset) {
      quoteRun = 0;
      lineBreakSinceRun = false;
    }
    for (int i = start; i < end; i++) track(buffer[i] & 0xff);
  }

  private boolean isQuoteOrLineBreak(int b) {
    return b == quote || b == '\n' || b == '\r';
  }

  private void track(int b) {
    if (b == '\n' || b == '\r') {
      lineBreakSinceRun = true;
    } else if (b == quote) {
      if (lineBreakSinceRun) quoteRun = 0;
      lineBreakSinceRun = false;
      quoteRun++;
    } else {
      quoteRun = 0;
      lineBreakSinceRun = false;
    }
  }

  /** The number of quote characters at the end of what was read, trailing line breaks ignored. */
  public int trailingQuotes() {
    return quoteRun;
  }

  /**
   * Whether a last field read as quoted, whose value ends in {@code trailingQuotes} quotes ({@code
   * allQuotes}: nothing else), was closed before the end: a closed field ends in {@code "} + value
   * with quotes doubled + {@code "}, which fixes how many quotes end the input; an open one ends
   * one quote short of that count's parity.
   */
  public boolean closedQuotedField(int trailingQuotes, boolean allQuotes) {
    int expected = allQuotes ? 2 * trailingQuotes + 2 : 2 * trailingQuotes + 1;
    return quoteRun == expected;
  }
}
