package dev.revsync.simulators.dynamics;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Lower-case GUIDs as Dataverse writes them. Stateless. */
final class Guids {
  static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private Guids() {}

  /**
   * The id of generated record {@code index} of a table: the first group is the index, so ids sort
   * as strings in index order (what {@link dev.revsync.simulators.RecordFactory} asks), the rest is
   * a hash that makes neighbouring ids look unrelated.
   */
  static String record(int tableTag, long index) {
    long h = mix(tableTag * 0x9E3779B97F4A7C15L + index);
    return String.format(
        Locale.ROOT,
        "%08x-%04x-%04x-%04x-%012x",
        index & 0xffffffffL,
        tableTag & 0xffff,
        0x4000 | ((h >>> 48) & 0x0fff),
        0x8000 | ((h >>> 32) & 0x3fff),
        h & 0xffffffffffffL);
  }

  /** A stable GUID derived from a name (metadata ids, the organization, users). */
  static String named(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  static boolean isGuid(String s) {
    return s != null && GUID.matcher(s).matches();
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
