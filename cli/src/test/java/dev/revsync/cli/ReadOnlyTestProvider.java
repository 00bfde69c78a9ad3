package dev.revsync.cli;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;

/**
 * A read-only connector on the tests' class path, so {@code revsync systems} shows one. Never
 * opened.
 */
public final class ReadOnlyTestProvider implements ConnectorProvider {
  static final ConnectorDescriptor DESCRIPTOR =
      ConnectorDescriptor.builder("test-ledger", "Test ledger (read-only)")
          .apiStyles(Activity.LOGIN, ApiStyle.REST)
          .apiStyles(Activity.SYNC, ApiStyle.REST)
          .readOnly()
          .build();

  @Override
  public ConnectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public Connector open(ConnectionConfig config) {
    throw new UnsupportedOperationException("the test ledger is only listed, never opened");
  }
}
