package dev.revsync.simulators.dynamics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.Headers;

/**
 * The {@code Prefer} request header: several values, comma-separated or in several headers ({@code
 * odata.maxpagesize=N}, {@code odata.track-changes}, {@code odata.include-annotations="…"}, {@code
 * return=representation}, {@code odata.continue-on-error}). Immutable.
 */
record Prefer(
    int maxPageSize,
    boolean trackChanges,
    String annotations,
    boolean returnRepresentation,
    boolean continueOnError) {

  static final int MAX_PAGE = 5_000;

  static Prefer of(Headers headers) {
    int maxPage = -1;
    boolean track = false;
    String annotations = null;
    boolean representation = false;
    boolean continueOnError = false;
    for (String header : headers.values("Prefer")) {
      for (String raw : splitValues(header)) {
        String v = raw.trim();
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.startsWith("odata.maxpagesize=")) {
          try {
            maxPage =
                Integer.parseInt(
                    v.substring("odata.maxpagesize=".length()).replace("\"", "").trim());
          } catch (NumberFormatException e) {
            maxPage = -1;
          }
        } else if (lower.equals("odata.track-changes")) {
          track = true;
        } else if (lower.startsWith("odata.include-annotations=")) {
          annotations = v.substring("odata.include-annotations=".length()).replace("\"", "").trim();
        } else if (lower.equals("return=representation")) {
          representation = true;
        } else if (lower.equals("odata.continue-on-error")) {
          continueOnError = true;
        }
      }
    }
    return new Prefer(maxPage, track, annotations, representation, continueOnError);
  }

  /** The page size served: the preference capped at 5,000, or 5,000 without one. */
  int pageSize() {
    return maxPageSize <= 0 ? MAX_PAGE : Math.min(maxPageSize, MAX_PAGE);
  }

  boolean wantsAnnotation(String name) {
    if (annotations == null) return false;
    for (String a : annotations.split(",")) {
      String p = a.trim();
      if (p.equals("*") || p.equals(name)) return true;
      if (p.endsWith(".*") && name.startsWith(p.substring(0, p.length() - 1))) return true;
    }
    return false;
  }

  /** Splits on commas outside double quotes (an annotation list is quoted and holds commas). */
  private static List<String> splitValues(String header) {
    List<String> out = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '"') quoted = !quoted;
      else if (c == ',' && !quoted) {
        out.add(header.substring(start, i));
        start = i + 1;
      }
    }
    out.add(header.substring(start));
    return out;
  }
}
