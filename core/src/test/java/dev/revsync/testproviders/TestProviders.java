package dev.revsync.testproviders;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;

/**
 * Providers registered in this module's test META-INF/services: good ones, a broken one, a
 * duplicate id.
 */
public final class TestProviders {
  private TestProviders() {}

  /** A provider that describes itself as {@code id}; opening is not needed by the tests. */
  abstract static class Describing implements ConnectorProvider {
    private final ConnectorDescriptor descriptor;

    Describing(String id) {
      this.descriptor =
          ConnectorDescriptor.builder(id, id)
              .apiStyles(Activity.LOGIN, ApiStyle.REST)
              .apiStyles(Activity.SYNC, ApiStyle.REST)
              .apiStyles(Activity.ENRICHMENT, ApiStyle.REST)
              .apiStyles(Activity.SCORE_EXPORT, ApiStyle.REST)
              .build();
    }

    @Override
    public ConnectorDescriptor descriptor() {
      return descriptor;
    }

    @Override
    public Connector open(ConnectionConfig config) {
      throw new UnsupportedOperationException("not opened in tests");
    }
  }

  /** Describes itself as {@code fake-crm}. */
  public static final class FakeCrm extends Describing {
    public FakeCrm() {
      super("fake-crm");
    }
  }

  /** Claims {@code fake-crm} too. */
  public static final class FakeCrmClash extends Describing {
    public FakeCrmClash() {
      super("fake-crm");
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
  public static final class FakeMap extends Describing {
    public FakeMap() {
      super("fake-map");
    }
  }
}
