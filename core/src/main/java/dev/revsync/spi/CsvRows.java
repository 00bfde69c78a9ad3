package dev.revsync.spi;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.RecordType;
import dev.revsync.FieldType;
import dev.revsync.ProtocolException;
import dev.revsync.internal.format.TailTrackingInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import okio.BufferedSource;

/**
 * Streams the rows of a CSV body (a Salesforce Bulk API 2.0 result chunk, an Eloqua CSV page) on
 * FastCSV, mapping each row onto the header row: one row in memory at a time, however large the
 * body.
 *
 * <p>Empty versus null: an unquoted empty field is {@code null}, a quoted empty field ({@code ""})
 * is the empty string, unless {@link Builder#quotedEmptyAsNull(boolean)} says a system cannot tell
 * them apart. Line endings LF, CRLF and CR are all accepted; a UTF-8 byte-order mark is skipped;
 * empty lines are skipped (so in a one-column CSV a row holding only a null value is skipped too).
 *
 * <p>A row whose field count differs from the header's, a quote left open at the end of the body (a
 * truncated body), or other malformed quoting raises {@link dev.revsync.ProtocolException} naming
 * the system, the call and the line. A failure of the underlying stream propagates as its {@link
 * IOException}. Truncation that falls exactly between two fields or rows, or right after the first
 * quote of a doubled {@code ""} inside a quoted field, leaves no mark in CSV: compare {@link
 * #rows()} with the count the system announces where it does (Salesforce's {@code
 * Sforce-NumberOfRecords}).
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
  private static final String ACTION =
      "The system sent a broken CSV body; retry the sync, and if it keeps happening report this message to the system's support";

  private final String system;
  private final String call;
  private final TailTrackingInputStream input;
  private final RowHandler handler;
  private final CsvReader<String[]> reader;
  private final CloseableIterator<String[]> iterator;
  private List<String> header = List.of();

  /** The header as an array, for filling each row's map. */
  private String[] columns = new String[0];

  private long line;
  private long rows;
  private boolean ended;

  private CsvRows(Builder builder, InputStream body, String system, String call)
      throws IOException {
    this.system = Objects.requireNonNull(system, "system");
    this.call = call;
    this.input = new TailTrackingInputStream(Objects.requireNonNull(body, "body"), '"');
    this.handler = new RowHandler(builder.quotedEmptyAsNull);
    // Field counts are checked here against the header, with the line in the message.
    this.reader =
        CsvReader.builder()
            .fieldSeparator(builder.delimiter)
            .quoteCharacter('"')
            .skipEmptyLines(true)
            .allowExtraFields(true)
            .allowMissingFields(true)
            .detectBomHeader(true)
            .build(handler, input, StandardCharsets.UTF_8);
    this.iterator = reader.iterator();
    String[] first = fetch() ? handler.row() : null;
    if (first != null) {
      Set<String> seen = new HashSet<>();
      for (String column : first) {
        if (column == null || column.isEmpty()) {
          throw malformed(
              line, "the header row has an empty column name: " + Arrays.toString(first));
        }
        if (!seen.add(column)) {
          throw malformed(line, "the header row names column '" + column + "' twice");
        }
      }
      columns = first.clone();
      header = Collections.unmodifiableList(Arrays.asList(columns.clone()));
    }
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
    return header;
  }

  /**
   * The next row as column name → value in header order (null values for unquoted empty fields), or
   * null after the last row. The map is new for each row.
   *
   * @throws dev.revsync.ProtocolException if the row is malformed or the body truncated
   * @throws IOException if reading the stream fails
   */
  public Map<String, String> next() throws IOException {
    if (!nextCells()) return null;
    String[] fields = handler.fields;
    Map<String, String> row = new LinkedHashMap<>(columns.length * 4 / 3 + 1);
    for (int i = 0; i < columns.length; i++) row.put(columns[i], fields[i]);
    return row;
  }

  /**
   * The next row's values in header order (null for unquoted empty fields), or null after the last
   * row: {@link #next()} without a map, for mapping the header onto a {@link RecordShape} once
   * ({@link RecordShape#columns(List)}). The array is new for each row.
   *
   * @throws dev.revsync.ProtocolException if the row is malformed or the body truncated
   * @throws IOException if reading the stream fails
   */
  public String[] nextRow() throws IOException {
    return nextCells() ? handler.row() : null;
  }

  /**
   * The next row's values put into {@code values} at the position {@code slots} gives for each
   * column ({@link RecordShape#columns(List)}; -1 leaves a column out), the other positions left as
   * they are; false after the last row. {@link #nextRow()} without an array of its own per row, for
   * a reader that makes its record's array anyway.
   *
   * @throws IllegalArgumentException if {@code slots} does not have one position per column
   * @throws dev.revsync.ProtocolException if the row is malformed or the body truncated
   * @throws IOException if reading the stream fails
   */
  public boolean nextRow(Object[] values, int[] slots) throws IOException {
    return nextRow(values, slots, null);
  }

  /**
   * {@link #nextRow(Object[], int[])} with the values of the slots {@code types} gives a boolean,
   * integer, decimal, date or datetime type read straight from the parser's characters, without
   * making each cell's string first: a {@link Boolean}, {@link Long}, {@link java.math.BigDecimal},
   * {@link java.time.LocalDate} or {@link java.time.Instant} equal to what {@link Values#bool},
   * {@link Values#integer}, {@link Values#decimal}, {@link Values#date} and {@link
   * Values#instant(String)} (no offset: UTC) give for the cell's text. A cell in a spelling those
   * read only through the JDK's parsers, or not at all, is left as its text for the caller's
   * conversion to read or name. {@code types} is indexed by slot; null, a null entry or another
   * type means text.
   *
   * @throws IllegalArgumentException if {@code slots} does not have one position per column
   * @throws dev.revsync.ProtocolException if the row is malformed or the body truncated
   * @throws IOException if reading the stream fails
   */
  public boolean nextRow(Object[] values, int[] slots, FieldType[] types) throws IOException {
    if (slots.length != columns.length)
      throw new IllegalArgumentException(
          slots.length + " slots for the " + columns.length + " columns " + header);
    handler.into(values, slots, types);
    try {
      return nextCells();
    } finally {
      handler.into(null, null, null);
    }
  }

  /** Reads the next data row into the handler's cells, checked against the header. */
  private boolean nextCells() throws IOException {
    if (header.isEmpty() || !fetch()) return false;
    int count = handler.count;
    if (count != columns.length) {
      throw malformed(
          line,
          "the row has "
              + count
              + " fields but the header has "
              + columns.length
              + (count < columns.length ? " (a truncated body or an unescaped line break?)" : ""));
    }
    rows++;
    return true;
  }

  /** The line on which the last row returned by {@link #next()} started (the header is line 1). */
  public long line() {
    return line;
  }

  /** Data rows returned so far (the header not counted). */
  public long rows() {
    return rows;
  }

  /** Closes the underlying stream. */
  @Override
  public void close() throws IOException {
    reader.close();
  }

  /** Reads the next row into the handler's cells; false at the end. */
  private boolean fetch() throws IOException {
    if (ended) return false;
    try {
      if (!iterator.hasNext()) {
        ended = true;
        if (handler.lastFieldQuoted
            && !input.closedQuotedField(handler.lastTrailingQuotes, handler.lastAllQuotes)) {
          throw truncated(handler.lastLine);
        }
        return false;
      }
      iterator.next();
      line = handler.lastLine;
      return true;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (CsvParseException e) {
      if (e.getCause() instanceof IOException) throw (IOException) e.getCause();
      String detail =
          e.getCause() != null && e.getCause().getMessage() != null
              ? e.getCause().getMessage()
              : e.getMessage();
      throw new ProtocolException(
          system,
          call,
          "malformed CSV: " + e.getMessage() + (detail.equals(e.getMessage()) ? "" : ": " + detail),
          ACTION,
          e);
    }
  }

  private ProtocolException malformed(long atLine, String what) {
    return new ProtocolException(
        system, call, "malformed CSV at line " + atLine + ": " + what, ACTION, null);
  }

  private ProtocolException truncated(long atLine) {
    return new ProtocolException(
        system,
        call,
        "truncated: the CSV body ended inside a quoted field of the row"
            + " starting at line "
            + atLine,
        ACTION,
        null);
  }

  /**
   * Reads each data row's cells into one array it reuses (the caller copies them out before the
   * next row), or straight into a caller's values ({@link #into}), telling quoted from unquoted
   * empty fields.
   */
  private static final class RowHandler extends AbstractBaseCsvCallbackHandler<String[]> {
    private final boolean quotedEmptyAsNull;
    private final CellView view = new CellView();
    String[] fields = new String[32];
    int count;
    private boolean quoted;
    private Object[] values;
    private int[] slots;
    private FieldType[] types;
    boolean lastFieldQuoted;
    int lastTrailingQuotes;
    boolean lastAllQuotes;
    long lastLine;

    RowHandler(boolean quotedEmptyAsNull) {
      this.quotedEmptyAsNull = quotedEmptyAsNull;
    }

    /** The next rows' cells go into {@code values} at {@code slots}; all null for the own array. */
    void into(Object[] values, int[] slots, FieldType[] types) {
      this.values = values;
      this.slots = slots;
      this.types = types;
    }

    @Override
    protected void handleBegin(long startingLineNumber) {
      count = 0;
    }

    @Override
    protected void handleField(int index, char[] buffer, int offset, int length, boolean quoted) {
      count = index + 1;
      this.quoted = quoted;
      if (quoted) {
        // What the truncation check at the end needs of a last field: its trailing quotes.
        int trailing = 0;
        while (trailing < length && buffer[offset + length - 1 - trailing] == '"') trailing++;
        lastTrailingQuotes = trailing;
        lastAllQuotes = trailing == length;
      }
      if (values != null) {
        // A row longer than the header writes nothing past it: its count is checked after.
        if (index < slots.length && slots[index] >= 0)
          values[slots[index]] = cell(slots[index], buffer, offset, length, quoted);
        return;
      }
      if (index >= fields.length)
        fields = Arrays.copyOf(fields, Math.max(index + 1, fields.length * 2));
      fields[index] =
          length > 0
              ? new String(buffer, offset, length)
              : quoted && !quotedEmptyAsNull ? "" : null;
    }

    private Object cell(int slot, char[] buffer, int offset, int length, boolean quoted) {
      if (length == 0) return quoted && !quotedEmptyAsNull ? "" : null;
      FieldType type = types == null ? null : types[slot];
      if (type != null) {
        // The usual spellings read by hand, as Values reads them; null leaves the rest to the text.
        CellView cell = view.of(buffer, offset, length);
        Object value =
            switch (type) {
              case BOOLEAN -> Values.commonBool(cell);
              case INTEGER -> Values.commonInteger(cell);
              case DECIMAL -> Values.commonDecimal(cell);
              case DATE -> Values.commonDate(cell);
              case DATETIME -> Values.commonInstant(cell, ZoneOffset.UTC);
              default -> null;
            };
        if (value != null) return value;
      }
      return new String(buffer, offset, length);
    }

    @Override
    protected String[] buildRecord() {
      if (getRecordType() != RecordType.DATA) return null;
      lastLine = getStartingLineNumber();
      lastFieldQuoted = quoted;
      return fields; // FastCSV wants a record per row; the cells are read from it in place
    }

    /** The last row's cells, in an array of their own. */
    String[] row() {
      return Arrays.copyOf(fields, count);
    }
  }

  /** A cell's characters in the parser's buffer, as Values reads them; reused for every cell. */
  private static final class CellView implements CharSequence {
    private char[] buffer;
    private int offset;
    private int length;

    CellView of(char[] buffer, int offset, int length) {
      this.buffer = buffer;
      this.offset = offset;
      this.length = length;
      return this;
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public char charAt(int index) {
      if (index < 0 || index >= length) throw new IndexOutOfBoundsException(index);
      return buffer[offset + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return toString().substring(start, end);
    }

    @Override
    public String toString() {
      return new String(buffer, offset, length);
    }
  }

  /** Configures a {@link CsvRows}. Not thread-safe; reusable. */
  public static final class Builder {
    private char delimiter = ',';
    private boolean quotedEmptyAsNull;

    private Builder() {}

    /**
     * The column delimiter; comma by default (Salesforce COMMA/TAB/PIPE/SEMICOLON/CARET/BACKQUOTE
     * map to , \t | ; ^ `).
     */
    public Builder delimiter(char delimiter) {
      if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
        throw new IllegalArgumentException(
            "a CSV delimiter cannot be a quote or a line break: '" + delimiter + "'");
      }
      this.delimiter = delimiter;
      return this;
    }

    /**
     * Reads a quoted empty field ({@code ""}) as null too, for systems that write null that way.
     * Default false.
     */
    public Builder quotedEmptyAsNull(boolean quotedEmptyAsNull) {
      this.quotedEmptyAsNull = quotedEmptyAsNull;
      return this;
    }

    /**
     * Starts reading {@code body} (UTF-8) and consumes its header row.
     *
     * @throws dev.revsync.ProtocolException if the header row is malformed
     * @throws IOException if reading the stream fails
     */
    public CsvRows open(InputStream body, String system, String call) throws IOException {
      return new CsvRows(this, body, system, call);
    }

    /** {@link #open(InputStream, String, String)} on an okio source. */
    public CsvRows open(BufferedSource body, String system, String call) throws IOException {
      return open(body.inputStream(), system, call);
    }
  }
}
