package dev.revsync.testproviders;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;

/** Providers registered in this module's test META-INF/services: good ones, a broken one, a duplicate id. */
public final class TestProviders {
  private TestProviders() {}

  static ConnectorDescriptor descriptor(String id) {
    return ConnectorDescriptor.builder(id, id)
        .apiStyles(Activity.LOGIN, ApiStyle.REST)
        .apiStyles(Activity.SYNC, ApiStyle.REST)
        .apiStyles(Activity.ENRICHMENT, ApiStyle.REST)
        .apiStyles(Activity.SCORE_EXPORT, ApiStyle.REST)
        .build();
  }

  /** Describes itself as {@code fake-crm}; opening is not needed by the tests. */
  public static final class FakeCrm implements ConnectorProvider {
    @Override
    public ConnectorDescriptor descriptor() {
      return TestProviders.descriptor("fake-crm");
    }

    @Override
    public Connector open(ConnectionConfig config) {
      throw new UnsupportedOperationException("not opened in tests");
    }
  }

  /** Claims {@code fake-crm} too. */
  public static final class FakeCrmClash implements ConnectorProvider {
    @Override
    public ConnectorDescriptor descriptor() {
      return TestProviders.descriptor("fake-crm");
    }

    @Override
    public Connector open(ConnectionConfig config) {
      throw new UnsupportedOperationException("not opened in tests");
    }
  }

  /** Fails in its constructor, as a provider with a missing dependency would. */
  public static final class Broken implements ConnectorProvider {
    public Broken() {
      throw new IllegalStateException("missing dependency com.example:vendor-sdk");
    }

    @Override
    public ConnectorDescriptor descriptor() {
      throw new AssertionError("never constructed");
    }

    @Override
    public Connector open(ConnectionConfig config) {
      throw new AssertionError("never constructed");
    }
  }

  /** Listed after the broken one: must still load. */
  public static final class FakeMap implements ConnectorProvider {
    @Override
    public ConnectorDescriptor descriptor() {
      return TestProviders.descriptor("fake-map");
    }

    @Override
    public Connector open(ConnectionConfig config) {
      throw new UnsupportedOperationException("not opened in tests");
    }
  }
}
