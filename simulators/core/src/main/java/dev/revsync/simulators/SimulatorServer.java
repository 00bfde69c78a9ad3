package dev.revsync.simulators;

import dev.revsync.spi.Sleeper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Sink;
import okio.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server on 127.0.0.1 that a system simulator plugs its {@link SimHandler} into. It logs
 * every request, applies the {@link FaultPlan} before the handler runs (or to its response:
 * truncation, dropped connection, delay), and renders injected 429/5xx with the system's own error
 * body through a {@link FaultRenderer}. Usable outside JUnit (the CLI's sandbox runs it).
 *
 * <p>Per request: the fault plan decides; a 429/500/503 fault is rendered without running the
 * handler; otherwise the handler answers and a body fault alters its response: {@code
 * DROP_MID_BODY} sends about half the body and closes the socket, {@code TRUNCATED_BODY} withholds
 * the end of the body (the {@code Content-Length} promises more, or the final chunk never comes)
 * and closes the socket, {@code SLOW_RESPONSE} holds the headers back for {@link
 * FaultPlan#slowResponseDelay()}, {@code ENDLESS_BODY} sends all but the end of the body and then
 * spaces until the client gives up, {@code DRIP_FEED} sends the body a byte per {@link
 * FaultPlan#dripInterval()}, {@code MALFORMED_BODY} replaces the body with garbage, and {@code
 * HUGE_PAGE} is left to the handler ({@link #currentFault()}). A handler that throws answers 500.
 * The log entry is written before the response is sent, with secrets masked.
 *
 * <p>Every simulator compresses its responses when the client sends {@code Accept-Encoding: gzip}
 * (as Salesforce, Eloqua and the others do), before any body fault is applied to the compressed
 * stream; OkHttp asks for it by default, so revsync's transport reads compressed bodies.
 *
 * <p>Thread-safe: the server answers concurrent connections, so handlers must be thread-safe.
 */
public final class SimulatorServer implements AutoCloseable {

  /** Renders an injected HTTP fault the way the system would answer it. */
  @FunctionalInterface
  public interface FaultRenderer {
    MockResponse render(FaultPlan.Fault fault, int status, long retryAfterSeconds);
  }

  /** A generic JSON error body; a 429 or 503 carries {@code Retry-After}. */
  public static final FaultRenderer GENERIC_JSON_FAULTS =
      (fault, status, retryAfterSeconds) -> {
        MockResponse.Builder b =
            new MockResponse.Builder()
                .code(status)
                .setHeader("Content-Type", "application/json")
                .body(
                    "{\"error\":\""
                        + fault.name().toLowerCase(Locale.ROOT)
                        + "\",\"message\":\"injected fault\"}");
        if (status == 429 || status == 503) b.setHeader("Retry-After", retryAfterSeconds);
        return b.build();
      };

  private static final Logger LOG = LoggerFactory.getLogger(SimulatorServer.class);
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(authorization|token|secret|password|passwd|pwd|api[-_]?key|apikey|session|cookie|credential|assertion"
              + "|signature|private[-_]?key).*");
  private static final Pattern SECRET_QUERY_NAME =
      Pattern.compile("(?i)(code|sig|key|" + SECRET_NAME.pattern() + ")");
  static final String MASK = "***";

  /**
   * Bytes of an unknown-length body that a body fault holds back, so even a short chunked body is
   * cut before its end.
   */
  private static final int HOLD_BACK = 5;

  private static final long DROP_AFTER_BYTES_UNKNOWN_LENGTH = 8 * 1024;

  /** What {@code MALFORMED_BODY} sends: no JSON, no XML, and an unterminated quoted CSV field. */
  static final String GARBAGE =
      "<html><head><title>502 Proxy Error</title></head><body>upstream said \"";

  private static final ThreadLocal<FaultPlan.Fault> CURRENT_FAULT = new ThreadLocal<>();

  private final String system;
  private final MockWebServer server;
  private final FaultPlan faults;
  private final RequestLog log;

  private SimulatorServer(String system, MockWebServer server, FaultPlan faults, RequestLog log) {
    this.system = system;
    this.server = server;
    this.faults = faults;
    this.log = log;
  }

  /**
   * Starts a server on 127.0.0.1 at a free port; the request log is stamped with the system clock.
   */
  public static SimulatorServer start(
      String system, SimHandler handler, FaultPlan faults, FaultRenderer renderer, RequestLog log) {
    return start(system, handler, faults, renderer, log, Clock.systemUTC());
  }

  /**
   * Starts a server on 127.0.0.1 at a free port; the request log is stamped with {@code clock}
   * (pass the simulator's {@link SimulatedClock}). A null renderer means {@link
   * #GENERIC_JSON_FAULTS}.
   */
  public static SimulatorServer start(
      String system,
      SimHandler handler,
      FaultPlan faults,
      FaultRenderer renderer,
      RequestLog log,
      Clock clock) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(clock, "clock");
    FaultRenderer faultRenderer = renderer == null ? GENERIC_JSON_FAULTS : renderer;
    MockWebServer server = new MockWebServer();
    server.setServerSocketFactory(NoDelayServerSocketFactory.INSTANCE);
    SimulatorServer sim = new SimulatorServer(system, server, faults, log);
    server.setDispatcher(sim.new SimDispatcher(handler, faultRenderer, clock));
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start the " + system + " simulator on 127.0.0.1", e);
    }
    return sim;
  }

  /**
   * The fault planned for the request this thread's handler is answering, or null: how a handler
   * learns of the faults it renders itself ({@link FaultPlan.Fault#HUGE_PAGE}).
   */
  public static FaultPlan.Fault currentFault() {
    return CURRENT_FAULT.get();
  }

  /** {@code http://127.0.0.1:<port>} without a trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getPort();
  }

  public int port() {
    return server.getPort();
  }

  public RequestLog requestLog() {
    return log;
  }

  public FaultPlan faults() {
    return faults;
  }

  public String system() {
    return system;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (RuntimeException e) {
      LOG.debug("closing the {} simulator failed", system, e);
    }
  }

  @Override
  public String toString() {
    return "SimulatorServer{" + system + " at " + baseUrl() + "}";
  }

  private final class SimDispatcher extends Dispatcher {
    private final SimHandler handler;
    private final FaultRenderer renderer;
    private final Clock clock;
    private final Sleeper sleeper;

    SimDispatcher(SimHandler handler, FaultRenderer renderer, Clock clock) {
      this.handler = handler;
      this.renderer = renderer;
      this.clock = clock;
      this.sleeper = Sleeper.forClock(clock);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      Duration latency = faults.drawLatency();
      if (!latency.isZero()) sleeper.sleep(latency);
      Instant at = clock.instant();
      String path = request.getUrl().encodedPath();
      FaultPlan.Fault fault = faults.decide(path);
      MockResponse response;
      if (fault != null && fault.replacesResponse()) {
        response = renderer.render(fault, fault.status(), faults.retryAfter().toSeconds());
      } else {
        response = answer(request, fault);
        if (acceptsGzip(request)
            && fault != FaultPlan.Fault.ENDLESS_BODY
            && fault != FaultPlan.Fault.MALFORMED_BODY) {
          // Body faults then cut or slow the compressed stream, as a proxy between them would.
          response = gzip(response);
        }
        if (fault != null) response = applyBodyFault(response, fault);
      }
      response = withStandardReason(response);
      log.add(
          new RequestLog.Entry(
              at,
              request.getMethod(),
              path,
              maskQuery(request.getUrl().encodedQuery()),
              maskHeaders(request.getHeaders()),
              request.getBodySize(),
              response.getCode(),
              fault == null ? null : fault.name()));
      // MockWebServer queues every request for takeRequest(); drain it so a long sandbox run keeps
      // no request bodies
      while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
        // discard
      }
      return response;
    }

    private MockResponse answer(RecordedRequest request, FaultPlan.Fault fault)
        throws InterruptedException {
      CURRENT_FAULT.set(fault);
      try {
        return handler.handle(request);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        LOG.warn(
            "{} simulator failed on {} {}",
            system,
            request.getMethod(),
            request.getUrl().encodedPath(),
            e);
        return new MockResponse.Builder()
            .code(500)
            .setHeader("Content-Type", "application/json")
            .body(
                "{\"error\":\"simulator_error\",\"message\":\""
                    + jsonEscape(String.valueOf(e))
                    + "\"}")
            .build();
      } finally {
        CURRENT_FAULT.remove();
      }
    }

    private MockResponse applyBodyFault(MockResponse response, FaultPlan.Fault fault) {
      MockResponse.Builder b = response.newBuilder();
      switch (fault) {
        case SLOW_RESPONSE:
          return b.headersDelay(faults.slowResponseDelay().toNanos(), TimeUnit.NANOSECONDS).build();
        case HUGE_PAGE:
          return response; // the handler rendered it
        case DRIP_FEED:
          return b.throttleBody(1, faults.dripInterval().toNanos(), TimeUnit.NANOSECONDS).build();
        case MALFORMED_BODY:
          // A 204 cannot carry a body: the garbage comes with a 200.
          return b.code(
                  response.getCode() == 204 || response.getCode() == 205 ? 200 : response.getCode())
              .body(GARBAGE)
              .build();
        case ENDLESS_BODY:
          return endless(response).build();
        default:
          break;
      }
      MockResponseBody body = response.getBody();
      if (body == null) body = StreamingBodies.ofLength(0, sink -> {});
      long length = body.getContentLength();
      long cutAfter;
      int holdBack;
      if (length >= 0) {
        cutAfter =
            fault == FaultPlan.Fault.DROP_MID_BODY ? length / 2 : length - Math.max(1, length / 10);
        holdBack = 0;
      } else {
        cutAfter =
            fault == FaultPlan.Fault.DROP_MID_BODY
                ? DROP_AFTER_BYTES_UNKNOWN_LENGTH
                : Long.MAX_VALUE;
        holdBack = HOLD_BACK;
      }
      b.body(new CutBody(body, Math.max(0, cutAfter), holdBack));
      if (length < 0)
        b.removeHeader("Content-Length"); // keep the chunked framing the handler chose
      return b.onResponseEnd(new SocketEffect.CloseSocket(true, false, false)).build();
    }
  }

  /** The reason phrases of RFC 9110 (and 6585's 429) for the statuses the systems answer with. */
  private static final Map<Integer, String> REASONS =
      Map.ofEntries(
          Map.entry(200, "OK"),
          Map.entry(201, "Created"),
          Map.entry(202, "Accepted"),
          Map.entry(204, "No Content"),
          Map.entry(206, "Partial Content"),
          Map.entry(301, "Moved Permanently"),
          Map.entry(302, "Found"),
          Map.entry(303, "See Other"),
          Map.entry(304, "Not Modified"),
          Map.entry(307, "Temporary Redirect"),
          Map.entry(308, "Permanent Redirect"),
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(406, "Not Acceptable"),
          Map.entry(409, "Conflict"),
          Map.entry(410, "Gone"),
          Map.entry(411, "Length Required"),
          Map.entry(412, "Precondition Failed"),
          Map.entry(413, "Content Too Large"),
          Map.entry(414, "URI Too Long"),
          Map.entry(415, "Unsupported Media Type"),
          Map.entry(416, "Range Not Satisfiable"),
          Map.entry(422, "Unprocessable Content"),
          Map.entry(429, "Too Many Requests"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(501, "Not Implemented"),
          Map.entry(502, "Bad Gateway"),
          Map.entry(503, "Service Unavailable"),
          Map.entry(504, "Gateway Timeout"));

  /**
   * What MockWebServer's {@code code(int)} writes for a whole class of statuses; a handler's own
   * phrase is kept.
   */
  private static final Pattern GENERIC_REASON =
      Pattern.compile(
          "HTTP/1\\.1 \\d{3} (Informational|OK|Redirection|Client Error|Server Error|Mock Response)");

  /**
   * The response with its status line's standard reason phrase ("404 Not Found", not "404 Client
   * Error").
   */
  static MockResponse withStandardReason(MockResponse response) {
    String reason = REASONS.get(response.getCode());
    if (reason == null || !GENERIC_REASON.matcher(response.getStatus()).matches()) return response;
    String status = "HTTP/1.1 " + response.getCode() + " " + reason;
    return status.equals(response.getStatus())
        ? response
        : response.newBuilder().status(status).build();
  }

  /**
   * Whether the client asked for a gzip-compressed response ({@code Accept-Encoding: gzip}, not
   * {@code q=0}).
   */
  static boolean acceptsGzip(RecordedRequest request) {
    String accept = request.getHeaders().get("Accept-Encoding");
    if (accept == null) return false;
    for (String coding : accept.split(",")) {
      String[] parts = coding.trim().split(";");
      if (!parts[0].trim().equalsIgnoreCase("gzip")) continue;
      return parts.length < 2 || !parts[1].replace(" ", "").matches("q=0(\\.0*)?");
    }
    return false;
  }

  /**
   * The handler's response compressed as the systems do when asked: {@code Content-Encoding: gzip},
   * streamed in chunks (the compressed length is not known up front). Left alone: no body, an empty
   * one, or one the handler already encoded.
   */
  static MockResponse gzip(MockResponse response) {
    MockResponseBody body = response.getBody();
    if (body == null
        || body.getContentLength() == 0
        || response.getHeaders().get("Content-Encoding") != null
        || response.getCode() == 204
        || response.getCode() == 304) {
      return response;
    }
    StreamingBodies.BodyWriter content;
    if (body instanceof StreamingBodies.ChunkedBody chunked) {
      content = chunked.content(); // the bytes inside its chunk framing
    } else if (body.getContentLength() > 0) {
      content = body::writeTo;
    } else {
      return response; // framed some other way: sent as it is
    }
    MockResponse.Builder b =
        response
            .newBuilder()
            .removeHeader("Content-Length")
            .setHeader("Content-Encoding", "gzip")
            .setHeader("Vary", "Accept-Encoding");
    return StreamingBodies.chunked(
            b,
            sink -> {
              // The chunked framing must outlive the gzip trailer: closing the gzip sink only
              // flushes it.
              Sink keepOpen =
                  new okio.ForwardingSink(sink) {
                    @Override
                    public void close() throws IOException {
                      flush();
                    }
                  };
              try (BufferedSink gz = Okio.buffer(new okio.GzipSink(keepOpen))) {
                content.writeTo(gz);
              }
            })
        .build();
  }

  /** The handler's body without its last bytes, then spaces until the client stops reading. */
  private static MockResponse.Builder endless(MockResponse response) {
    MockResponseBody body = response.getBody();
    MockResponse.Builder b = response.newBuilder().removeHeader("Content-Length");
    return StreamingBodies.chunked(
            b,
            sink -> {
              if (body != null) new CutBody(body, Long.MAX_VALUE, HOLD_BACK).writeTo(sink);
              okio.ByteString spaces = okio.ByteString.encodeUtf8(" ".repeat(8 * 1024));
              while (true) { // ends when the client closes the connection: the write fails
                sink.write(spaces);
                sink.emit();
              }
            })
        .onResponseEnd(new SocketEffect.CloseSocket(true, false, false));
  }

  /** Sends at most {@code cutAfter} bytes of a body and never its last {@code holdBack} bytes. */
  private static final class CutBody implements MockResponseBody {
    private final MockResponseBody delegate;
    private final long cutAfter;
    private final int holdBack;

    CutBody(MockResponseBody delegate, long cutAfter, int holdBack) {
      this.delegate = delegate;
      this.cutAfter = cutAfter;
      this.holdBack = holdBack;
    }

    @Override
    public long getContentLength() {
      return delegate.getContentLength();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      CuttingSink cutting = new CuttingSink(sink, cutAfter, holdBack);
      BufferedSink buffered = Okio.buffer(cutting);
      try {
        delegate.writeTo(buffered);
        buffered.flush();
      } catch (CutShort expected) {
        // the rest of the body is deliberately not produced
      }
      sink.flush();
    }
  }

  private static final class CutShort extends IOException {
    CutShort() {
      super("body cut by an injected fault");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // control flow, not an error
    }
  }

  private static final class CuttingSink implements Sink {
    private final BufferedSink out;
    private final long cutAfter;
    private final int holdBack;
    private final Buffer held = new Buffer();
    private long sent;

    CuttingSink(BufferedSink out, long cutAfter, int holdBack) {
      this.out = out;
      this.cutAfter = cutAfter;
      this.holdBack = holdBack;
    }

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      held.write(source, byteCount);
      long sendable = Math.min(held.size() - holdBack, cutAfter - sent);
      if (sendable > 0) {
        out.write(held, sendable);
        sent += sendable;
        out.flush();
      }
      if (sent >= cutAfter) throw new CutShort();
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public Timeout timeout() {
      return out.timeout();
    }

    @Override
    public void close() {}
  }

  static Map<String, String> maskHeaders(okhttp3.Headers headers) {
    Map<String, String> masked = new LinkedHashMap<>();
    for (String name : headers.names()) {
      String value = String.join(", ", headers.values(name));
      masked.put(name, SECRET_NAME.matcher(name).matches() ? MASK : value);
    }
    return masked;
  }

  static String maskQuery(String encodedQuery) {
    if (encodedQuery == null || encodedQuery.isEmpty()) return encodedQuery;
    StringBuilder b = new StringBuilder(encodedQuery.length());
    for (String pair : encodedQuery.split("&", -1)) {
      if (b.length() > 0) b.append('&');
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (eq >= 0 && SECRET_QUERY_NAME.matcher(name).matches())
        b.append(name).append('=').append(MASK);
      else b.append(pair);
    }
    return b.toString();
  }

  private static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      else b.append(c);
    }
    return b.toString();
  }
}
