package dev.revsync.kafka.internal;

/** The plugin's version as Connect reports it: the jar's, or "dev" when run from classes. */
public final class Version {
  private Version() {}

  public static String get() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }
}
