package dev.revsync.simulators.salesforce;

/**
 * Salesforce record ids: a 3-character key prefix, a 12-character body and the 3-character
 * case-safe suffix. Bodies are fixed-width base 62 in the ASCII order {@code 0-9A-Za-z}, so ids of
 * one prefix sort as strings in index order.
 */
final class SfIds {
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

  /** Stands for the pod and reserved characters of a real id. */
  private static final String POD = "RO";

  private SfIds() {}

  /** The 18-character id of record {@code index} (from 0) with key prefix {@code prefix}. */
  static String of(String prefix, long index) {
    if (prefix.length() != 3)
      throw new IllegalArgumentException("key prefix must have 3 characters: " + prefix);
    if (index < 0) throw new IllegalArgumentException("negative index " + index);
    // built in one array: ids are made for every generated record, so this is a hot path
    char[] id = new char[18];
    prefix.getChars(0, 3, id, 0);
    id[3] = POD.charAt(0);
    id[4] = POD.charAt(1);
    long v = index + 1;
    for (int i = 14; i >= 5; i--) {
      id[i] = BASE62.charAt((int) (v % 62));
      v /= 62;
    }
    if (v != 0) throw new IllegalArgumentException("index too large: " + index);
    suffix(id);
    return new String(id);
  }

  /** The index encoded in an id made by {@link #of}, or -1 if it is not such an id. */
  static long indexOf(String id) {
    if (id == null || (id.length() != 15 && id.length() != 18)) return -1;
    if (!id.startsWith(POD, 3)) return -1;
    long v = 0;
    for (int i = 5; i < 15; i++) {
      int d = BASE62.indexOf(id.charAt(i));
      if (d < 0) return -1;
      v = v * 62 + d;
    }
    return v - 1;
  }

  /** Adds the case-safe suffix to a 15-character id. */
  static String to18(String id15) {
    if (id15.length() != 15) throw new IllegalArgumentException("not a 15-character id: " + id15);
    char[] id = new char[18];
    id15.getChars(0, 15, id, 0);
    suffix(id);
    return new String(id);
  }

  /** Fills positions 15..17: per 5-character chunk, a bit for each upper-case letter. */
  private static void suffix(char[] id) {
    for (int chunk = 0; chunk < 3; chunk++) {
      int bits = 0;
      for (int i = 0; i < 5; i++) {
        char c = id[chunk * 5 + i];
        if (c >= 'A' && c <= 'Z') bits |= 1 << i;
      }
      id[15 + chunk] = SUFFIX_CHARS.charAt(bits);
    }
  }

  /**
   * The 18-character form of a 15- or 18-character id, or null if it is not well formed (wrong
   * length, characters outside base 62, or an 18-character id whose suffix does not match).
   */
  static String normalize(String id) {
    if (id == null) return null;
    String s = id.trim();
    if (s.length() != 15 && s.length() != 18) return null;
    for (int i = 0; i < 15; i++) {
      if (BASE62.indexOf(s.charAt(i)) < 0) return null;
    }
    String full = to18(s.substring(0, 15));
    if (s.length() == 18 && !full.equalsIgnoreCase(s)) return null;
    return full;
  }

  static String prefix(String id) {
    return id == null || id.length() < 3 ? "" : id.substring(0, 3);
  }
}
