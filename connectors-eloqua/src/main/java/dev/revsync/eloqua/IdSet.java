package dev.revsync.eloqua;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.BitSet;
import java.util.function.LongConsumer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A set of Eloqua record ids (positive integers) small enough to live in a checkpoint: the ids as
 * runs of consecutive values, delta-encoded as variable-length integers, deflated and Base64url
 * encoded. Eloqua hands out ids in increasing order and deletes are sparse, so 200,000 contacts
 * with a few hundred deleted take a few kilobytes.
 *
 * <p>Not thread-safe while being built.
 */
final class IdSet {
  private final BitSet ids;

  private IdSet(BitSet ids) {
    this.ids = ids;
  }

  static IdSet empty() {
    return new IdSet(new BitSet());
  }

  /** Adds {@code id}; false when it is not an integer id this set can hold. */
  boolean add(String id) {
    try {
      long value = Long.parseLong(id.trim());
      if (value < 0 || value >= Integer.MAX_VALUE) return false;
      ids.set((int) value);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  boolean contains(long id) {
    return id >= 0 && id < Integer.MAX_VALUE && ids.get((int) id);
  }

  int size() {
    return ids.cardinality();
  }

  /**
   * Calls {@code action} with each id of this set that {@code other} lacks, in increasing order.
   */
  void forEachMissingFrom(IdSet other, LongConsumer action) {
    for (int i = ids.nextSetBit(0); i >= 0; i = ids.nextSetBit(i + 1)) {
      if (!other.ids.get(i)) action.accept(i);
    }
  }

  String encode() {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    int previousEnd = 0;
    for (int start = ids.nextSetBit(0); start >= 0; ) {
      int end = ids.nextClearBit(start);
      varint(raw, start - previousEnd);
      varint(raw, end - start);
      previousEnd = end;
      start = ids.nextSetBit(end);
    }
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    deflater.setInput(raw.toByteArray());
    deflater.finish();
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    while (!deflater.finished()) packed.write(chunk, 0, deflater.deflate(chunk));
    deflater.end();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(packed.toByteArray());
  }

  /**
   * Reads what {@link #encode()} wrote.
   *
   * @throws IllegalArgumentException when {@code encoded} is not such a string
   */
  static IdSet decode(String encoded) {
    byte[] packed = Base64.getUrlDecoder().decode(encoded);
    Inflater inflater = new Inflater();
    inflater.setInput(packed);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalArgumentException("truncated id set");
        }
        raw.write(chunk, 0, n);
      }
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("not an id set: " + e.getMessage(), e);
    } finally {
      inflater.end();
    }
    byte[] bytes = raw.toByteArray();
    BitSet ids = new BitSet();
    int[] pos = {0};
    long previousEnd = 0;
    while (pos[0] < bytes.length) {
      long start = previousEnd + readVarint(bytes, pos);
      long end = start + readVarint(bytes, pos);
      if (end > Integer.MAX_VALUE) throw new IllegalArgumentException("id out of range in id set");
      ids.set((int) start, (int) end);
      previousEnd = end;
    }
    return new IdSet(ids);
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static long readVarint(byte[] bytes, int[] pos) {
    long value = 0;
    int shift = 0;
    while (true) {
      if (pos[0] >= bytes.length || shift > 35)
        throw new IllegalArgumentException("malformed id set");
      int b = bytes[pos[0]++];
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) return value;
      shift += 7;
    }
  }
}
