package dev.revsync.marketo;

import java.util.List;

/** The objects the connector syncs, as {@code SyncRequest}s and {@code discover()} name them. */
final class MarketoObjects {
  static final String LEAD = "Lead";

  static final List<String> ALL = List.of(LEAD);

  private MarketoObjects() {}
}
