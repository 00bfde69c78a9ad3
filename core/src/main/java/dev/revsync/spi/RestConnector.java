package dev.revsync.spi;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigurationException;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.RecordSink;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.Usage;
import dev.revsync.VerifyResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The part of a REST connector that is the same for every vendor, so a connector writes only what
 * its vendor does differently: the descriptor, usage and close come from the {@link Transport};
 * {@link #get} makes a GET below the base URL; {@link #requireObject} refuses an object the
 * descriptor does not list; {@link #pull} runs a {@link CursorPager} inside a {@link SyncRun};
 * {@link #verified} fills a {@link VerifyResult} with the system's usage as last reported.
 *
 * <p>Subclasses are thread-safe when their own state is: everything here is.
 */
public abstract class RestConnector implements Connector {
  protected final Transport transport;
  protected final HttpUrl baseUrl;

  protected RestConnector(Transport transport, HttpUrl baseUrl) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
  }

  @Override
  public ConnectorDescriptor descriptor() {
    return transport.descriptor();
  }

  /** {@code GET} of {@code path} resolved against the base URL, through the transport. */
  protected <T> T get(Activity activity, String path, ResponseHandler<T> handler) {
    return transport.execute(activity, ApiStyle.REST, new Request.Builder().url(baseUrl.resolve(path)).build(), handler);
  }

  /**
   * Refuses an object the descriptor does not list.
   *
   * @throws ConfigurationException naming the objects there are
   */
  protected void requireObject(String object, String call) {
    if (!descriptor().objects().contains(object)) {
      throw new ConfigurationException(descriptor().id(), call + " " + object, descriptor().displayName()
          + " has no object '" + object + "'", "Use one of " + descriptor().objects(), null);
    }
  }

  /** Runs {@code pager} with {@code fetcher} as the sync of a listed object, on the connection's clock. */
  protected SyncResult pull(SyncRequest request, RecordSink sink, CursorPager pager, CursorPager.Fetcher fetcher) {
    requireObject(request.object(), "sync");
    return SyncRun.run(transport, transport.config().clock(), request, sink, run -> pager.pull(run, fetcher));
  }

  /**
   * What {@code verify()} learned, with the base URL, the system's own usage as last reported and
   * the calls spent since {@code callsBefore} ({@link Transport#callsMade()} when it started).
   */
  protected VerifyResult verified(String organizationId, String user, List<String> permissions,
      Map<String, String> details, long callsBefore) {
    OptionalLong limit = transport.systemUsage().map(SystemUsage::limit).orElse(OptionalLong.empty());
    OptionalLong remaining = transport.systemUsage().map(u -> OptionalLong.of(u.remaining())).orElse(OptionalLong.empty());
    return new VerifyResult(descriptor().id(), organizationId, user, baseUrl.toString(), permissions, limit, remaining,
        details, transport.callsMade() - callsBefore);
  }

  @Override
  public Usage usage() {
    return transport.usage();
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{" + transport.config().connectionId() + " " + baseUrl + "}";
  }
}
