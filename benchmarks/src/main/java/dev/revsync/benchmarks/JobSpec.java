package dev.revsync.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What one measured run does, handed from the harness to the (usually forked) JVM that runs it: the
 * job kind and its parameters, and the simulator's connection settings under {@code setting.*}.
 * Travels as a properties file, so test credentials never show in a process list. Not thread-safe.
 */
final class JobSpec {
  /** The kinds of job {@link Jobs} runs. */
  enum Kind {
    /** A connector sync into a counting sink. */
    PULL,
    /** The same pages fetched with bare OkHttp and parsed into nothing. */
    FLOOR,
    /**
     * Recorded data requests replayed by a plain-socket client, bodies dropped (the simulator
     * alone).
     */
    REPLAY,
    /** A connector write. */
    WRITE,
    /** Many connections pulled by the daily pipeline. */
    TENANTS,
    /** The night scenario: every connector's tenants through the window on a scaled clock. */
    NIGHT,
    /** Retained heap per idle connection of one connector. */
    IDLE
  }

  private final Properties props = new Properties();

  JobSpec(Kind kind) {
    props.setProperty("kind", kind.name());
  }

  private JobSpec() {}

  Kind kind() {
    return Kind.valueOf(props.getProperty("kind"));
  }

  JobSpec set(String key, Object value) {
    props.setProperty(key, String.valueOf(Objects.requireNonNull(value, key)));
    return this;
  }

  String get(String key) {
    String v = props.getProperty(key);
    if (v == null) throw new IllegalArgumentException("job spec lacks '" + key + "'");
    return v;
  }

  String get(String key, String fallback) {
    return props.getProperty(key, fallback);
  }

  long number(String key) {
    return Long.parseLong(get(key));
  }

  long number(String key, long fallback) {
    String v = props.getProperty(key);
    return v == null ? fallback : Long.parseLong(v);
  }

  boolean flag(String key) {
    return Boolean.parseBoolean(props.getProperty(key, "false"));
  }

  /** Every key. */
  java.util.Set<String> keys() {
    return props.stringPropertyNames();
  }

  /** Puts a simulator's connection settings (base URL and credentials). */
  JobSpec settings(Map<String, String> settings) {
    settings.forEach((k, v) -> props.setProperty("setting." + k, v));
    return this;
  }

  Map<String, String> settings() {
    Map<String, String> s = new TreeMap<>();
    for (String name : props.stringPropertyNames()) {
      if (name.startsWith("setting."))
        s.put(name.substring("setting.".length()), props.getProperty(name));
    }
    return s;
  }

  /** Puts a list under {@code key.0}, {@code key.1}, ... */
  JobSpec list(String key, List<String> values) {
    props.setProperty(key + ".count", String.valueOf(values.size()));
    for (int i = 0; i < values.size(); i++) props.setProperty(key + "." + i, values.get(i));
    return this;
  }

  List<String> list(String key) {
    int n = Integer.parseInt(props.getProperty(key + ".count", "0"));
    List<String> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) values.add(props.getProperty(key + "." + i));
    return values;
  }

  void write(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      props.store(w, "revsync benchmark job");
    }
  }

  static JobSpec read(Path file) throws IOException {
    JobSpec spec = new JobSpec();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      spec.props.load(r);
    }
    return spec;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("JobSpec{").append(props.getProperty("kind"));
    for (String name : new TreeMap<>(props).keySet().stream().map(String::valueOf).toList()) {
      if (name.equals("kind") || name.startsWith("setting."))
        continue; // settings hold test secrets
      if (name.matches(".*\\.\\d+")) continue;
      b.append(' ').append(name).append('=').append(props.getProperty(name));
    }
    return b.append('}').toString();
  }
}
