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
import dev.revsync.WriteRequest;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The part of a REST connector that is the same for every vendor, so a connector writes only what
 * its vendor does differently: the descriptor, usage and close come from the {@link Transport};
 * {@link #get} and {@link #send} make calls below the base URL; {@link #requireObject} and {@link
 * #requireWrite} refuse what the connector does not offer; {@link #pull} runs a {@link CursorPager}
 * inside a {@link SyncRun}; {@link #verified} fills a {@link VerifyResult} with the system's usage
 * as last reported.
 *
 * <p>Subclasses are thread-safe when their own state is: everything here is.
 */
public abstract class RestConnector implements Connector {
  private static final MediaType JSON = MediaType.get("application/json");

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
    return get(activity, baseUrl.resolve(path), handler);
  }

  /**
   * {@code GET} of {@code url} (built from {@link #baseUrl} with query parameters, say), through
   * the transport.
   */
  protected <T> T get(Activity activity, HttpUrl url, ResponseHandler<T> handler) {
    return transport.execute(
        activity, ApiStyle.REST, new Request.Builder().url(url).build(), handler);
  }

  /**
   * {@code method} ({@code POST}, {@code PATCH}, {@code PUT}) of {@code path} resolved against the
   * base URL with {@code json} ({@link Json#toJson} of maps, lists and scalars) as the body.
   */
  protected <T> T send(
      Activity activity, String method, String path, Object json, ResponseHandler<T> handler) {
    Request request =
        new Request.Builder()
            .url(baseUrl.resolve(path))
            .method(method, RequestBody.create(Json.toJson(json), JSON))
            .build();
    return transport.execute(activity, ApiStyle.REST, request, handler);
  }

  /**
   * Refuses an object the descriptor does not list.
   *
   * @throws ConfigurationException naming the objects there are
   */
  protected void requireObject(String object, String call) {
    if (!descriptor().objects().contains(object)) {
      throw new ConfigurationException(
          descriptor().id(),
          call + " " + object,
          descriptor().displayName() + " has no object '" + object + "'",
          "Use one of " + descriptor().objects(),
          null);
    }
  }

  /**
   * Refuses a write to an object the descriptor does not list, or with an operation the vendor does
   * not offer.
   *
   * @throws ConfigurationException naming the objects or operations there are
   */
  protected void requireWrite(WriteRequest request, WriteRequest.Operation... supported) {
    if (!descriptor().writes())
      Connector.super.write(request); // the read-only refusal, which throws
    requireObject(request.object(), "write");
    if (!List.of(supported).contains(request.operation())) {
      throw new ConfigurationException(
          descriptor().id(),
          "write " + request.object(),
          descriptor().displayName()
              + " does not "
              + request.operation().name().toLowerCase(Locale.ROOT)
              + " "
              + request.object(),
          "Use one of " + List.of(supported),
          null);
    }
  }

  /**
   * Runs {@code pager} with {@code fetcher} as the sync of a listed object, on the connection's
   * clock.
   */
  protected SyncResult pull(
      SyncRequest request, RecordSink sink, CursorPager pager, CursorPager.Fetcher fetcher) {
    requireObject(request.object(), "sync");
    return SyncRun.run(
        transport, transport.config().clock(), request, sink, run -> pager.pull(run, fetcher));
  }

  /**
   * Runs {@code body} as the sync of a listed object, on the connection's clock: for a pull that
   * first needs something of its own (the object's schema for a {@link RecordShape}, read inside
   * the run so its calls count under the sync), then pages with {@link CursorPager}.
   */
  protected SyncResult run(SyncRequest request, RecordSink sink, SyncRun.Body body) {
    requireObject(request.object(), "sync");
    return SyncRun.run(transport, transport.config().clock(), request, sink, body);
  }

  /**
   * What {@code verify()} learned, with the base URL, the system's own usage as last reported and
   * the calls {@code operation} spent ({@link Transport#startOperation()} opened when verify began:
   * only this thread's calls count, not those of syncs running beside it). {@code permissions} are
   * as the system reported them (null for none), each as its text.
   */
  protected VerifyResult verified(
      String organizationId,
      String user,
      Collection<?> permissions,
      CallMeter.Operation operation) {
    return verified(organizationId, user, permissions, Map.of(), operation);
  }

  /**
   * {@link #verified(String, String, Collection, CallMeter.Operation)} with vendor-specific {@code
   * details}.
   */
  protected VerifyResult verified(
      String organizationId,
      String user,
      Collection<?> permissions,
      Map<String, String> details,
      CallMeter.Operation operation) {
    List<String> granted =
        permissions == null ? List.of() : permissions.stream().map(String::valueOf).toList();
    OptionalLong limit =
        transport.systemUsage().map(SystemUsage::limit).orElse(OptionalLong.empty());
    OptionalLong remaining =
        transport
            .systemUsage()
            .map(u -> OptionalLong.of(u.remaining()))
            .orElse(OptionalLong.empty());
    return VerifyResult.builder(descriptor().id())
        .organizationId(organizationId)
        .user(user)
        .baseUrl(baseUrl.toString())
        .permissions(granted)
        .systemDailyLimit(limit)
        .systemRemaining(remaining)
        .details(details)
        .callsSpent(operation.calls())
        .build();
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
    return getClass().getSimpleName()
        + "{"
        + transport.config().connectionId()
        + " "
        + baseUrl
        + "}";
  }
}
