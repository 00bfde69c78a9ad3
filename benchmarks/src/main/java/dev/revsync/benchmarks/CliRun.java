package dev.revsync.benchmarks;

import dev.revsync.ConfigKey;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.Connectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a user runs: {@code revsync sync --full} of one object to JSON Lines, the whole process
 * timed from its start to its exit (JVM start, login, discovery, the pull, the file), with the JVM
 * flags of the launcher script ({@code cli/src/main/dist/revsync}), the output on tmpfs where there
 * is one. CPU time and peak resident size come from {@code /usr/bin/time} where present. The CLI
 * runs through {@link WaitlessCli}: its job-polling waits are skipped as the library pull's are, so
 * both figures are the client's own time (the waits skipped are reported apart). Not thread-safe.
 */
final class CliRun {
  static final Path LAUNCHER = Path.of("cli/src/main/dist/revsync");
  private static final Pattern DEFAULT_FLAGS = Pattern.compile("\\$\\{REVSYNC_JAVA_OPTS:-([^}]*)}");
  private static final Pattern SUMMARY = Pattern.compile(": (\\w+), (\\d+) records");
  private static final Pattern SKIPPED =
      Pattern.compile(Pattern.quote(WaitlessCli.SKIPPED) + "([0-9.]+) s");
  private static final Path TIME = Path.of("/usr/bin/time");

  private CliRun() {}

  /**
   * The launcher's default JVM flags, read from the script so the benchmark runs what users run.
   */
  static List<String> launcherFlags() throws IOException {
    Matcher m = DEFAULT_FLAGS.matcher(Files.readString(LAUNCHER, StandardCharsets.UTF_8));
    if (!m.find())
      throw new IllegalStateException(LAUNCHER + " has no ${REVSYNC_JAVA_OPTS:-...} default");
    return Arrays.asList(m.group(1).trim().split("\\s+"));
  }

  private static String classPath;

  /**
   * The harness's class path with each directory packed into a jar, once: the launcher runs a jar,
   * and a class-data archive cannot be made over directories.
   */
  private static synchronized String classPath() throws IOException {
    if (classPath != null) return classPath;
    Path jars = Files.createTempDirectory("revsync-cli-classpath-");
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      if (!Files.isDirectory(p)) {
        entries.add(entry);
        continue;
      }
      Path jar = jars.resolve("dir-" + n++ + ".jar");
      try (java.util.jar.JarOutputStream out =
              new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
          Stream<Path> files = Files.walk(p)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
          out.putNextEntry(
              new java.util.jar.JarEntry(p.relativize(f).toString().replace('\\', '/')));
          Files.copy(f, out);
          out.closeEntry();
        }
      }
      jar.toFile().deleteOnExit();
      entries.add(jar.toString());
    }
    jars.toFile().deleteOnExit();
    classPath = String.join(java.io.File.pathSeparator, entries);
    return classPath;
  }

  /** The launcher's flags for using or writing a class-data archive, its messages off. */
  private static final List<String> QUIET_SHARING =
      List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

  /**
   * Runs {@code revsync sync} of {@code t} once, unmeasured, writing the class-data archive its
   * later runs map, as the launcher's first run of a command does (see {@code
   * cli/src/main/dist/revsync}); returns the flags those runs take to use it. The caller serves the
   * run as it serves a measured one.
   */
  static List<String> classDataSharing(PullTarget t, Map<String, String> settings)
      throws Exception {
    Path archive = Files.createTempFile("revsync-cli-" + t.name(), ".jsa");
    Files.delete(archive); // the JVM writes it at exit
    archive.toFile().deleteOnExit();
    List<String> make = new ArrayList<>(QUIET_SHARING);
    make.add("-XX:ArchiveClassesAtExit=" + archive);
    run(t, settings, make);
    if (!Files.exists(archive))
      return List.of(); // a JVM without dynamic archives: none, as the launcher
    List<String> use = new ArrayList<>(QUIET_SHARING);
    use.add("-XX:SharedArchiveFile=" + archive);
    return use;
  }

  /**
   * Runs {@code revsync sync} of {@code t}'s object against {@code settings} (a simulator's, or a
   * pre-rendered server's) and reports seconds, cpuSeconds, rssMiB, records, status, bytes and
   * waitSkippedSeconds.
   */
  static Result run(PullTarget t, Map<String, String> settings, List<String> extraFlags)
      throws Exception {
    Path shm = Path.of("/dev/shm");
    Path dir =
        Files.isDirectory(shm) && Files.isWritable(shm)
            ? Files.createTempDirectory(shm, "revsync-cli-")
            : Files.createTempDirectory("revsync-cli-");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command(t, connectionFile(t, settings, dir), dir, extraFlags))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("out.log").toFile());
      for (Map.Entry<String, String> e : secrets(t, settings).entrySet())
        pb.environment().put(e.getKey(), e.getValue());
      long t0 = System.nanoTime();
      Process p = pb.start();
      if (!p.waitFor(3600, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("revsync sync ran over an hour");
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      String out = Files.readString(dir.resolve("out.log"), StandardCharsets.UTF_8);
      Matcher m = SUMMARY.matcher(out);
      if (p.exitValue() != 0 || !m.find()) {
        throw new IllegalStateException("revsync sync exited " + p.exitValue() + ":\n" + out);
      }
      Result r =
          new Result()
              .put("seconds", seconds)
              .put("status", m.group(1))
              .put("records", Long.parseLong(m.group(2)))
              .put("bytes", Files.size(dir.resolve("out").resolve(t.object + ".jsonl")));
      Matcher skipped = SKIPPED.matcher(out);
      r.put("waitSkippedSeconds", skipped.find() ? Double.parseDouble(skipped.group(1)) : 0);
      Path time = dir.resolve("time.txt");
      if (Files.exists(time)) {
        String[] f = Files.readString(time, StandardCharsets.UTF_8).trim().split("\\s+");
        r.put("cpuSeconds", Double.parseDouble(f[1]) + Double.parseDouble(f[2]))
            .put("rssMiB", Double.parseDouble(f[3]) / 1024);
      }
      return r;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static List<String> command(
      PullTarget t, Path connection, Path dir, List<String> extraFlags) throws IOException {
    List<String> c = new ArrayList<>();
    if (Files.isExecutable(TIME))
      c.addAll(
          List.of(TIME.toString(), "-f", "%e %U %S %M", "-o", dir.resolve("time.txt").toString()));
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.addAll(launcherFlags());
    c.addAll(extraFlags);
    if (t.fixedClock() != null) c.add("-D" + WaitlessCli.FIXED_CLOCK + "=" + t.fixedClock());
    c.addAll(
        List.of(
            "-cp",
            classPath(),
            WaitlessCli.class.getName(),
            "sync",
            "--connection",
            connection.toString(),
            "--state",
            dir.resolve("state").toString(),
            "--object",
            t.object,
            "--out",
            dir.resolve("out").toString(),
            "--full",
            "--no-progress"));
    if (!t.style.isEmpty()) c.addAll(List.of("--style", t.style));
    return c;
  }

  /** A connection file as a user writes one: secrets as environment references. */
  private static Path connectionFile(PullTarget t, Map<String, String> settings, Path dir)
      throws IOException {
    ConnectorDescriptor d = descriptor(t);
    StringBuilder b =
        new StringBuilder("connector=" + t.system + "\nconnectionId=bench/" + t.system + "\n");
    for (Map.Entry<String, String> e : settings.entrySet()) {
      boolean secret = d.configKey(e.getKey()).map(ConfigKey::secret).orElse(false);
      b.append(e.getKey())
          .append('=')
          .append(secret ? "${env:" + env(e.getKey()) + "}" : escape(e.getValue()))
          .append('\n');
    }
    Configs.measuringSettings(t.system)
        .forEach((k, v) -> b.append(k).append('=').append(escape(v)).append('\n'));
    Path file = dir.resolve("connection.properties");
    Files.writeString(file, b, StandardCharsets.UTF_8);
    return file;
  }

  private static Map<String, String> secrets(PullTarget t, Map<String, String> settings) {
    ConnectorDescriptor d = descriptor(t);
    Map<String, String> env = new java.util.HashMap<>();
    settings.forEach(
        (k, v) -> {
          if (d.configKey(k).map(ConfigKey::secret).orElse(false)) env.put(env(k), v);
        });
    return env;
  }

  private static ConnectorDescriptor descriptor(PullTarget t) {
    return Connectors.provider(t.system).orElseThrow().descriptor();
  }

  private static String env(String key) {
    return "REVSYNC_BENCH_" + key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\");
  }
}
