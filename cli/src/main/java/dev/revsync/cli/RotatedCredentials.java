package dev.revsync.cli;

import dev.revsync.ConfigurationException;
import dev.revsync.CredentialListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Keeps credentials a system rotated (an OAuth refresh token that is replaced on every use, as
 * Eloqua's is) in the state directory, so the next run of the tool logs in with the new one; the
 * connection file keeps its {@code ${env:NAME}} reference and never holds a secret. Each file is
 * readable by its owner only and also records a hash of the configured value the rotation started
 * from: when the configured value changes (the user exported a new one), the stored one is stale
 * and ignored. Thread-safe: writes replace a file atomically.
 */
final class RotatedCredentials {
  private final Path dir;

  RotatedCredentials(Path stateDir) {
    this.dir = stateDir.resolve("credentials");
  }

  /**
   * The rotated value of {@code key}, if one was stored since {@code configured} was the configured
   * value.
   */
  Optional<String> current(String connectionId, String key, String configured) {
    Path file = file(connectionId, key);
    if (!Files.isRegularFile(file)) return Optional.empty();
    try {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      int newline = content.indexOf('\n');
      if (newline < 0 || !content.substring(0, newline).equals(sha256(configured)))
        return Optional.empty();
      return Optional.of(content.substring(newline + 1));
    } catch (IOException e) {
      throw new ConfigurationException(
          "revsync",
          "state " + dir,
          "cannot read a stored credential (" + e.getMessage() + ")",
          "Check the state directory's permissions, or delete "
              + file
              + " to use the configured value",
          e);
    }
  }

  /** A listener that stores each rotation, keyed to the value configured in the connection file. */
  CredentialListener listener(java.util.function.UnaryOperator<String> configuredValue) {
    return (connectionId, key, newValue) ->
        store(connectionId, key, configuredValue.apply(key), newValue);
  }

  private void store(String connectionId, String key, String configured, String newValue) {
    Path file = file(connectionId, key);
    try {
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, ".rotated-", ".tmp");
      try {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
          Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(temp, sha256(configured) + "\n" + newValue, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      // The system already replaced the old credential: say so loudly, the next run needs this one.
      throw new ConfigurationException(
          "revsync",
          "state " + dir,
          "cannot keep the credential '"
              + key
              + "' the system just rotated ("
              + e.getMessage()
              + "); the configured one no longer works",
          "Make the state directory writable, then get a new credential for " + connectionId,
          e);
    }
  }

  private Path file(String connectionId, String key) {
    // A hash: connection ids may hold any character, and the file name should not tell much.
    return dir.resolve(sha256(connectionId + "\n" + key));
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
