package dev.revsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script ({@code src/main/dist/revsync}) run by {@code /bin/sh} against a stand-in
 * {@code java} that records its arguments and, asked to, writes the class-data archive as a JVM
 * does at exit: which flags each run gets, where the archive goes, and that the tool's exit status
 * comes through.
 */
class LauncherTest {
  @TempDir Path dir;
  private Path launcher;
  private Path javaHome;
  private Path cache;

  @BeforeEach
  void install() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
    Path dist = Files.createDirectories(dir.resolve("dist"));
    launcher = dist.resolve("revsync");
    Files.copy(Path.of("src/main/dist/revsync"), launcher);
    Files.writeString(dist.resolve("revsync.jar"), "not really a jar");
    javaHome = dir.resolve("jdk");
    Files.createDirectories(javaHome.resolve("lib"));
    Files.writeString(javaHome.resolve("lib/modules"), "the JVM's modules");
    Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
    // Records its arguments one per line; writes the archive it is told to write; exits with
    // the status the test asks for.
    Files.writeString(
        java,
        "#!/bin/sh\n"
            + "for a in \"$@\"; do echo \"$a\"; done >> \"$ARGS_LOG\"\n"
            + "echo --- >> \"$ARGS_LOG\"\n"
            + "for a in \"$@\"; do case $a in -XX:ArchiveClassesAtExit=*) "
            + "echo archive > \"${a#-XX:ArchiveClassesAtExit=}\" ;; esac; done\n"
            + "exit \"${EXIT_STATUS:-0}\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    cache = dir.resolve("cache");
  }

  @Test
  void firstRunOfACommandWritesItsArchiveAndLaterRunsMapIt() throws Exception {
    List<String> first = run(Map.of(), "sync", "--connection", "a.properties");
    assertThat(first).anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit="));
    assertThat(first).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile="));
    assertThat(first).contains("-Xmn64m", "-jar", "sync", "--connection", "a.properties");
    List<Path> archives = archives();
    assertThat(archives).hasSize(1);
    assertThat(archives.get(0).getFileName().toString())
        .startsWith("revsync-sync-")
        .endsWith(".jsa");

    List<String> second = run(Map.of(), "sync", "--connection", "a.properties");
    assertThat(second).contains("-XX:SharedArchiveFile=" + archives.get(0));
    assertThat(second).noneMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit="));

    // Another command gets an archive of its own classes.
    run(Map.of(), "--verbose", "verify", "--connection", "a.properties");
    assertThat(archives()).hasSize(2);
  }

  @Test
  void aNewJvmOrJarMakesANewArchive() throws Exception {
    run(Map.of(), "verify");
    Files.writeString(javaHome.resolve("lib/modules"), "an updated JVM's modules, longer");
    List<String> afterUpdate = run(Map.of(), "verify");
    assertThat(afterUpdate).anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit="));
    assertThat(archives()).hasSize(2);
  }

  @Test
  void offRunsWithoutAnArchiveAndOwnOptionsReplaceTheFlags() throws Exception {
    List<String> off = run(Map.of("REVSYNC_CDS", "off"), "sync");
    assertThat(off).noneMatch(a -> a.contains("Archive"));
    assertThat(Files.exists(cache)).isFalse();
    List<String> own = run(Map.of("REVSYNC_CDS", "off", "REVSYNC_JAVA_OPTS", "-Xmx1g"), "sync");
    assertThat(own).startsWith("-Xmx1g", "-jar");
  }

  @Test
  void theToolsExitStatusComesThroughOnTheRunThatWritesTheArchive() throws Exception {
    Result r = launch(Map.of("EXIT_STATUS", "4"), "sync");
    assertThat(r.status).isEqualTo(4);
    assertThat(archives()).hasSize(1); // written all the same: the classes were loaded
    assertThat(launch(Map.of("EXIT_STATUS", "3"), "sync").status).isEqualTo(3);
  }

  private record Result(int status, List<String> args) {}

  private List<String> run(Map<String, String> env, String... args) throws Exception {
    Result r = launch(env, args);
    assertThat(r.status).as("launcher exit status").isZero();
    return r.args;
  }

  private Result launch(Map<String, String> env, String... args) throws Exception {
    Path log = dir.resolve("args.log");
    Files.deleteIfExists(log);
    List<String> command = new ArrayList<>(List.of("/bin/sh", launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", javaHome.toString());
    pb.environment().put("XDG_CACHE_HOME", cache.toString());
    pb.environment().put("ARGS_LOG", log.toString());
    pb.environment().remove("REVSYNC_JAVA_OPTS");
    pb.environment().remove("REVSYNC_CDS");
    pb.environment().putAll(env);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
    List<String> logged = Files.exists(log) ? Files.readAllLines(log) : List.of();
    return new Result(p.exitValue(), logged.subList(0, Math.max(0, logged.indexOf("---"))));
  }

  private List<Path> archives() throws IOException {
    Path dirOfArchives = cache.resolve("revsync");
    if (!Files.isDirectory(dirOfArchives)) return List.of();
    try (Stream<Path> files = Files.list(dirOfArchives)) {
      return files.sorted().toList();
    }
  }
}
