package dev.revsync.spi;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import okio.BufferedSource;

/**
 * Streams the rows of a CSV body (a Salesforce Bulk API 2.0 result chunk, an Eloqua CSV page)
 * on FastCSV, mapping each row onto the header row: one row in memory at a time, however large
 * the body.
 *
 * <p>Empty versus null: an unquoted empty field is {@code null}, a quoted empty field
 * ({@code ""}) is the empty string, unless {@link Builder#quotedEmptyAsNull(boolean)} says a
 * system cannot tell them apart. Line endings LF, CRLF and CR are all accepted; a UTF-8 byte-order
 * mark is skipped; empty lines are skipped.
 *
 * <p>A row whose field count differs from the header's, a quote left open at the end of the
 * body (a truncated body), or other malformed quoting raises {@link dev.revsync.ProtocolException}
 * naming the system, the call and the line. A failure of the underlying stream propagates as
 * its {@link IOException}. Truncation that falls exactly between two fields or rows leaves no mark
 * in CSV: compare {@link #rows()} with the count the system announces where it does (Salesforce's
 * {@code Sforce-NumberOfRecords}).
 *
 * <pre>{@code
 * try (CsvRows rows = CsvRows.builder().delimiter(',').open(response.body().byteStream(), "salesforce", call)) {
 *   for (Map<String, String> row = rows.next(); row != null; row = rows.next()) {
 *     run.emit(toRecord(row));
 *   }
 * }
 * }</pre>
 *
 * <p>Not thread-safe.
 */
public final class CsvRows implements Closeable {

  private CsvRows() {
    throw new UnsupportedOperationException();
  }

  /** A reader with the defaults: comma, {@code "} quotes, quoted empty kept as {@code ""}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Opens {@code body} with the defaults ({@link #builder()}). */
  public static CsvRows open(InputStream body, String system, String call) throws IOException {
    return builder().open(body, system, call);
  }

  /** The header row's column names, in order; empty for an empty body. */
  public List<String> header() {
    throw new UnsupportedOperationException();
  }

  /**
   * The next row as column name → value in header order (null values for unquoted empty
   * fields), or null after the last row. The map is new for each row.
   *
   * @throws dev.revsync.ProtocolException if the row is malformed or the body truncated
   * @throws IOException if reading the stream fails
   */
  public Map<String, String> next() throws IOException {
    throw new UnsupportedOperationException();
  }

  /** The line on which the last row returned by {@link #next()} started (the header is line 1). */
  public long line() {
    throw new UnsupportedOperationException();
  }

  /** Data rows returned so far (the header not counted). */
  public long rows() {
    throw new UnsupportedOperationException();
  }

  /** Closes the underlying stream. */
  @Override
  public void close() throws IOException {
    throw new UnsupportedOperationException();
  }

  /** Configures a {@link CsvRows}. Not thread-safe; reusable. */
  public static final class Builder {
    private Builder() {}

    /** The column delimiter; comma by default (Salesforce COMMA/TAB/PIPE/SEMICOLON/CARET/BACKQUOTE map to , \t | ; ^ `). */
    public Builder delimiter(char delimiter) {
      throw new UnsupportedOperationException();
    }

    /** Reads a quoted empty field ({@code ""}) as null too, for systems that write null that way. Default false. */
    public Builder quotedEmptyAsNull(boolean quotedEmptyAsNull) {
      throw new UnsupportedOperationException();
    }

    /**
     * Starts reading {@code body} (UTF-8) and consumes its header row.
     *
     * @throws dev.revsync.ProtocolException if the header row is malformed
     * @throws IOException if reading the stream fails
     */
    public CsvRows open(InputStream body, String system, String call) throws IOException {
      throw new UnsupportedOperationException();
    }

    /** {@link #open(InputStream, String, String)} on an okio source. */
    public CsvRows open(BufferedSource body, String system, String call) throws IOException {
      return open(body.inputStream(), system, call);
    }
  }
}
