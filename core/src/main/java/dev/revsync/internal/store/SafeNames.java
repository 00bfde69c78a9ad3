package dev.revsync.internal.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns ids (tenants, connectors, objects, connection ids) into file names that are safe and
 * distinct on every file system: lower-case letters, digits, '-' and '_' stay; an upper-case letter
 * becomes '^' and its lower case (so case-insensitive file systems keep "Lead" and "lead" apart);
 * anything else becomes %XX per UTF-8 byte. Long names are cut and suffixed with a hash.
 */
final class SafeNames {
  private static final int MAX = 150;

  private SafeNames() {}

  static String encode(String id) {
    if (id.isEmpty()) return "%";
    StringBuilder out = new StringBuilder();
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
        out.append(c);
      } else if (c >= 'A' && c <= 'Z') {
        out.append('^').append(Character.toLowerCase(c));
      } else {
        out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    if (out.length() <= MAX) return out.toString();
    return out.substring(0, MAX - 33) + "~" + sha256(id).substring(0, 32);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
