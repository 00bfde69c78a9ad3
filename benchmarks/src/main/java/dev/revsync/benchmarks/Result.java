package dev.revsync.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The figures of one measured run: named numbers (and a few texts) in the order they were put. A
 * forked JVM writes its result to a file as properties; the harness reads it back. Not thread-safe.
 */
final class Result {
  private final Map<String, Object> values = new LinkedHashMap<>();

  Result put(String name, double value) {
    values.put(name, value);
    return this;
  }

  Result put(String name, String value) {
    values.put(name, value);
    return this;
  }

  /** Every figure of {@code other}, replacing any of the same name. */
  Result putAll(Result other) {
    values.putAll(other.values);
    return this;
  }

  /** The number named {@code name}; NaN when absent or not a number. */
  double get(String name) {
    Object v = values.get(name);
    return v instanceof Double ? (Double) v : Double.NaN;
  }

  String text(String name) {
    Object v = values.get(name);
    return v == null ? null : String.valueOf(v);
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  Map<String, Object> values() {
    return Collections.unmodifiableMap(values);
  }

  void write(Path file) throws IOException {
    Properties p = new Properties();
    values.forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "revsync benchmark result");
    }
  }

  static Result read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    Result result = new Result();
    List<String> names = new ArrayList<>(p.stringPropertyNames());
    Collections.sort(names);
    for (String name : names) {
      String raw = p.getProperty(name);
      try {
        result.put(name, Double.parseDouble(raw));
      } catch (NumberFormatException text) {
        result.put(name, raw);
      }
    }
    return result;
  }

  /** The median of {@code name} over {@code runs} (NaN when no run has it). */
  static double median(List<Result> runs, String name) {
    List<Double> xs = new ArrayList<>();
    for (Result r : runs) {
      double v = r.get(name);
      if (!Double.isNaN(v)) xs.add(v);
    }
    if (xs.isEmpty()) return Double.NaN;
    Collections.sort(xs);
    int n = xs.size();
    return n % 2 == 1 ? xs.get(n / 2) : (xs.get(n / 2 - 1) + xs.get(n / 2)) / 2;
  }

  /** The median of {@code xs} (NaN when empty). */
  static double medianOf(List<Double> xs) {
    List<Result> rs = new ArrayList<>();
    for (double x : xs) rs.add(new Result().put("x", x));
    return median(rs, "x");
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
