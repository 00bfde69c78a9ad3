package dev.revsync.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;

/**
 * A simulator's answers, pre-rendered: in front of a live simulator, it first <em>records</em> a
 * client's whole conversation (each answer's status, headers and body, bodies on disk), then
 * <em>replays</em> it to later runs of the same client, so measured runs meet a server that only
 * copies bytes from the page cache to a socket. A simulator that generates each record on demand
 * is otherwise slower than the connector it serves.
 *
 * <p>Recordings are kept per session name (one for the connector, one for the floor), keyed by
 * method, path and query, in order: a key asked for twice gets its answers in the order recorded.
 * Request bodies are not part of the key (a connector's export name may hold the time), so a
 * replayed client must make the same requests in the same order, which a deterministic client
 * against identical answers does. The live simulator's origin is rewritten to this server's in
 * small bodies and headers (token and discovery answers), so clients stay on this server.
 *
 * <p>Thread-safe for one session at a time.
 */
final class PrerenderedServer implements AutoCloseable {
  /** One request as this server saw it. */
  record Seen(String method, String pathAndQuery, String accept, long bodyBytes) {}

  private record Answer(int code, Headers headers, Path body, long length) {}

  private static final long REWRITE_LIMIT = 256 * 1024;

  private final String upstream;
  private final MockWebServer server = new MockWebServer();
  private final OkHttpClient client = new OkHttpClient.Builder().followRedirects(false).retryOnConnectionFailure(false)
      .readTimeout(Duration.ofMinutes(30)).callTimeout(Duration.ofHours(1)).build();
  private final Path dir;
  private final Map<String, Map<String, List<Answer>>> recordings = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> cursor = new ConcurrentHashMap<>();
  private final List<Seen> seen = new ArrayList<>();
  private final AtomicLong upstreamNanos = new AtomicLong();
  private final AtomicLong upstreamDataBytes = new AtomicLong();
  private volatile String session;
  private volatile boolean recording;
  private volatile String dataFragment = "\u0000";
  private volatile long latencyNanos;

  private PrerenderedServer(String upstream) throws IOException {
    this.upstream = trim(upstream);
    this.dir = Files.createTempDirectory("revsync-prerendered-");
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        try {
          return answer(request);
        } catch (IOException e) {
          return new MockResponse.Builder().code(502).body("prerendered server: " + e).build();
        } finally {
          while (server.takeRequest(0, TimeUnit.NANOSECONDS) != null) {
            // MockWebServer queues every request; keep none
          }
        }
      }
    });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  /** Starts in front of the simulator at {@code upstream} ({@code http://127.0.0.1:<port>}). */
  static PrerenderedServer start(String upstream) throws IOException {
    return new PrerenderedServer(upstream);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** The simulator's settings with its origin replaced by this server's. */
  Map<String, String> rewrite(Map<String, String> settings) {
    Map<String, String> out = new LinkedHashMap<>();
    settings.forEach((k, v) -> out.put(k, v == null ? null : v.replace(upstream, baseUrl())));
    return out;
  }

  /** Records a new conversation under {@code name}, replacing any earlier one. */
  synchronized void record(String name, String dataFragment) {
    session = name;
    recording = true;
    this.dataFragment = dataFragment;
    recordings.put(name, new ConcurrentHashMap<>());
    cursor.clear();
    upstreamNanos.set(0);
    upstreamDataBytes.set(0);
    seen.clear();
  }

  /** Replays the conversation recorded under {@code name} from its start. */
  synchronized void replay(String name) {
    if (!recordings.containsKey(name)) throw new IllegalStateException("nothing recorded as " + name);
    session = name;
    recording = false;
    cursor.clear();
    seen.clear();
  }

  /** Holds every replayed answer's headers back this long, as a network and server would. */
  void latency(Duration latency) {
    this.latencyNanos = latency.toNanos();
  }

  /** The requests of the current session so far. */
  synchronized List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** Time the live simulator took to answer the data requests of the last recording. */
  double upstreamDataSeconds() {
    return upstreamNanos.get() / 1e9;
  }

  /** Body bytes of the data answers of the last recording. */
  long upstreamDataBytes() {
    return upstreamDataBytes.get();
  }

  private MockResponse answer(RecordedRequest request) throws IOException {
    String pathAndQuery = request.getUrl().encodedPath()
        + (request.getUrl().encodedQuery() == null ? "" : "?" + request.getUrl().encodedQuery());
    String key = request.getMethod() + " " + pathAndQuery;
    synchronized (this) {
      seen.add(new Seen(request.getMethod(), pathAndQuery, request.getHeaders().get("Accept"), request.getBodySize()));
    }
    Map<String, List<Answer>> conversation = recordings.get(session);
    if (recording) {
      Answer a = fetch(request, pathAndQuery);
      conversation.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
      return serve(a);
    }
    List<Answer> answers = conversation.get(key);
    if (answers == null) {
      return new MockResponse.Builder().code(599).body("prerendered server: '" + key + "' was not recorded in session "
          + session).build();
    }
    // Concurrent clients replaying one conversation share the cursor: past the end, the last answer repeats.
    int i = cursor.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
    MockResponse answer = serve(answers.get(Math.min(i, answers.size() - 1)));
    long latency = latencyNanos;
    return latency == 0 ? answer : answer.newBuilder().headersDelay(latency, TimeUnit.NANOSECONDS).build();
  }

  private Answer fetch(RecordedRequest request, String pathAndQuery) throws IOException {
    Request.Builder b = new Request.Builder().url(upstream + pathAndQuery);
    for (int i = 0; i < request.getHeaders().size(); i++) {
      String name = request.getHeaders().name(i).toLowerCase(Locale.ROOT);
      if (name.equals("host") || name.equals("content-length") || name.equals("transfer-encoding")
          || name.equals("connection") || name.equals("accept-encoding")) {
        continue;
      }
      b.addHeader(request.getHeaders().name(i), request.getHeaders().value(i).replace(baseUrl(), upstream));
    }
    RequestBody body = null;
    if (request.getBody() != null && (request.getBodySize() > 0 || !request.getMethod().equals("GET"))) {
      String type = request.getHeaders().get("Content-Type");
      body = RequestBody.create(request.getBody() == null ? okio.ByteString.EMPTY : request.getBody(),
          type == null ? null : MediaType.parse(type));
    }
    b.method(request.getMethod(), body);
    long t0 = System.nanoTime();
    try (Response response = client.newCall(b.build()).execute()) {
      Path file = Files.createTempFile(dir, "answer-", ".body");
      long length;
      try (BufferedSink out = Okio.buffer(Okio.sink(file))) {
        BufferedSource in = response.body().source();
        long declared = response.body().contentLength();
        if ((declared >= 0 && declared <= REWRITE_LIMIT) || (declared < 0 && !pathAndQuery.contains(dataFragment))) {
          String text = in.readUtf8();
          out.writeUtf8(text.replace(upstream, baseUrl()));
        } else {
          out.writeAll(in);
        }
      }
      length = Files.size(file);
      if (pathAndQuery.contains(dataFragment)) {
        upstreamNanos.addAndGet(System.nanoTime() - t0);
        upstreamDataBytes.addAndGet(length);
      }
      Headers.Builder headers = new Headers.Builder();
      for (int i = 0; i < response.headers().size(); i++) {
        String name = response.headers().name(i).toLowerCase(Locale.ROOT);
        if (name.equals("content-length") || name.equals("transfer-encoding") || name.equals("connection")) continue;
        headers.add(response.headers().name(i), response.headers().value(i).replace(upstream, baseUrl()));
      }
      return new Answer(response.code(), headers.build(), file, length);
    }
  }

  private static MockResponse serve(Answer a) {
    MockResponse.Builder b = new MockResponse.Builder().code(a.code()).headers(a.headers());
    b.body(new MockResponseBody() {
      @Override
      public long getContentLength() {
        return a.length();
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        try (Source in = Okio.source(a.body())) {
          sink.writeAll(in);
        }
        sink.flush();
      }
    });
    return b.build();
  }

  @Override
  public void close() {
    server.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String trim(String url) {
    String u = url.trim();
    while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
    return u;
  }
}
