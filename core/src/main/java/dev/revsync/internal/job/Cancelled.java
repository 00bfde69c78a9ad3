package dev.revsync.internal.job;

/**
 * The host cancelled the sync (or interrupted its thread): the stop signal {@link
 * dev.revsync.spi.SyncRun} turns into {@code CANCELLED}. Unchecked so it passes through connector
 * code untouched; never reaches a host.
 */
public final class Cancelled extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public Cancelled(String why) {
    super(why, null, false, false);
  }
}
