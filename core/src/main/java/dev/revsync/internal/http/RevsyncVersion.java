package dev.revsync.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This build's version, for the {@code User-Agent: revsync/<version>} every call sends. */
public final class RevsyncVersion {
  /**
   * Such as {@code 0.1.0}; {@code dev} when neither the build's resource nor the jar manifest names
   * one.
   */
  public static final String VALUE = read();

  /** {@code revsync/<version>}. */
  public static final String USER_AGENT = "revsync/" + VALUE;

  private RevsyncVersion() {}

  private static String read() {
    try (InputStream in = RevsyncVersion.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (!v.isBlank() && !v.startsWith("${")) return v.strip();
      }
    } catch (IOException e) {
      // fall through to the manifest: a missing version must not stop a connection
    }
    String manifest = RevsyncVersion.class.getPackage().getImplementationVersion();
    return manifest != null ? manifest : "dev";
  }
}
