package dev.revsync.internal.pipeline;

import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;

/**
 * slf4j-simple with a working MDC (its own is a no-op), chosen with {@code
 * -Dslf4j.provider=dev.revsync.internal.pipeline.MdcTestProvider} in a child JVM only.
 */
public final class MdcTestProvider extends SimpleServiceProvider {
  private final MDCAdapter mdc = new BasicMDCAdapter();

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }
}
