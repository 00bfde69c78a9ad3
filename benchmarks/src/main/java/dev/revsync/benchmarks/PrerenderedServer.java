package dev.revsync.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Okio;

/**
 * A simulator's answers, pre-rendered: in front of a live simulator, it first <em>records</em> a
 * client's whole conversation (each answer's status, headers and body, bodies on disk), then
 * <em>replays</em> it to later runs of the same client, so measured runs meet a server that only
 * copies bytes from the page cache to a socket. A simulator that generates each record on demand is
 * otherwise slower than the connector it serves.
 *
 * <p>The server is a plain blocking HTTP/1.1 socket server (a thread per connection, keep-alive,
 * {@code Content-Length} answers whose bodies go from the file to the socket with {@link
 * FileChannel#transferTo}), not a general-purpose mock server: it must serve several times faster
 * than the fastest client it measures, so the client, not the server, sets the rate.
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

  /**
   * A recorded answer: its head rendered once, and its body in memory when small (a HubSpot page of
   * 100 records) so a replay is one gathering write, else sent from its file.
   */
  private record Answer(
      int code, Headers headers, Path body, long length, ByteBuffer head, ByteBuffer small) {
    static Answer of(int code, Headers headers, Path body, long length) throws IOException {
      StringBuilder h =
          new StringBuilder(256)
              .append("HTTP/1.1 ")
              .append(code)
              .append(' ')
              .append(reason(code))
              .append("\r\n");
      for (int i = 0; i < headers.size(); i++) {
        h.append(headers.name(i)).append(": ").append(headers.value(i)).append("\r\n");
      }
      h.append("Content-Length: ").append(length).append("\r\n\r\n");
      ByteBuffer head =
          ByteBuffer.wrap(h.toString().getBytes(StandardCharsets.ISO_8859_1)).asReadOnlyBuffer();
      ByteBuffer small = null;
      if (length <= IN_MEMORY_LIMIT) {
        small = ByteBuffer.allocateDirect((int) length);
        small.put(Files.readAllBytes(body)).flip();
        small = small.asReadOnlyBuffer();
      }
      return new Answer(code, headers, body, length, head, small);
    }
  }

  /**
   * Bodies up to this size are replayed from memory: opening a file per answer cost more than
   * sending a small page.
   */
  private static final long IN_MEMORY_LIMIT = 1024 * 1024;

  /** One request off the wire. */
  @SuppressWarnings("ArrayRecordComponent") // a request as read, never compared or hashed
  private record Incoming(String method, String pathAndQuery, Headers headers, byte[] body) {}

  private static final long REWRITE_LIMIT = 256 * 1024;

  private static final String RESTART_PATH = "/__revsync-bench/restart";

  private final String upstream;
  private final ServerSocketChannel listener;
  private final ExecutorService connections =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "prerendered-connection");
            t.setDaemon(true);
            return t;
          });
  private final OkHttpClient client =
      new OkHttpClient.Builder()
          .followRedirects(false)
          .retryOnConnectionFailure(false)
          .readTimeout(Duration.ofMinutes(30))
          .callTimeout(Duration.ofHours(1))
          .build();
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
  private volatile boolean closed;

  private PrerenderedServer(String upstream) throws IOException {
    this.upstream = trim(upstream);
    this.dir = Files.createTempDirectory("revsync-prerendered-");
    this.listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 512);
    Thread acceptor = new Thread(this::acceptLoop, "prerendered-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SocketChannel socket = listener.accept();
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        connections.execute(() -> serveConnection(socket));
      } catch (IOException e) {
        if (!closed) Harness.log("prerendered server: accept failed: " + e);
      }
    }
  }

  /** Answers the requests of one keep-alive connection until the client closes it. */
  private void serveConnection(SocketChannel socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(Channels.newInputStream(socket), 16 * 1024);
      while (!closed) {
        Incoming request = readRequest(in);
        if (request == null) return;
        Answer answer;
        try {
          answer = answer(request);
        } catch (IOException | RuntimeException e) {
          answer = text(502, "prerendered server: " + e);
        }
        write(socket, answer);
      }
    } catch (IOException e) {
      // the client went away mid-answer (a timeout test, a cancelled run): nothing to do
    }
  }

  /** Starts in front of the simulator at {@code upstream} ({@code http://127.0.0.1:<port>}). */
  static PrerenderedServer start(String upstream) throws IOException {
    return new PrerenderedServer(upstream);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + listener.socket().getLocalPort();
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
    if (!recordings.containsKey(name))
      throw new IllegalStateException("nothing recorded as " + name);
    session = name;
    recording = false;
    cursor.clear();
    seen.clear();
  }

  /**
   * The URL a measured JVM calls between an unmeasured pass and its measured one: the replay starts
   * over (every answer from the first) and the requests seen so far are forgotten, so the measured
   * pass is served and counted exactly as a first one. Not a recorded request.
   */
  String restartUrl() {
    return baseUrl() + RESTART_PATH;
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

  private Answer answer(Incoming request) throws IOException {
    String pathAndQuery = request.pathAndQuery();
    if (pathAndQuery.equals(RESTART_PATH)) {
      synchronized (this) {
        cursor.clear();
        seen.clear();
      }
      return text(200, "replay restarted");
    }
    String key = request.method() + " " + pathAndQuery;
    synchronized (this) {
      seen.add(
          new Seen(
              request.method(),
              pathAndQuery,
              request.headers().get("Accept"),
              request.body().length));
    }
    Map<String, List<Answer>> conversation = recordings.get(session);
    if (recording) {
      Answer a = fetch(request, pathAndQuery);
      conversation.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
      return a;
    }
    List<Answer> answers = conversation.get(key);
    if (answers == null)
      return text(599, "prerendered server: '" + key + "' was not recorded in session " + session);
    // Concurrent clients replaying one conversation share the cursor: past the end, the last answer
    // repeats.
    int i = cursor.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
    long latency = latencyNanos;
    if (latency > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(latency); // a network and server's time before the headers
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    return answers.get(Math.min(i, answers.size() - 1));
  }

  private Answer fetch(Incoming request, String pathAndQuery) throws IOException {
    Request.Builder b = new Request.Builder().url(upstream + pathAndQuery);
    for (int i = 0; i < request.headers().size(); i++) {
      String name = request.headers().name(i).toLowerCase(Locale.ROOT);
      if (name.equals("host")
          || name.equals("content-length")
          || name.equals("transfer-encoding")
          || name.equals("connection")
          || name.equals("accept-encoding")) {
        continue;
      }
      b.addHeader(
          request.headers().name(i), request.headers().value(i).replace(baseUrl(), upstream));
    }
    RequestBody body = null;
    if (request.body().length > 0
        || (!request.method().equals("GET") && !request.method().equals("HEAD"))) {
      String type = request.headers().get("Content-Type");
      body = RequestBody.create(request.body(), type == null ? null : MediaType.parse(type));
    }
    b.method(request.method(), body);
    long t0 = System.nanoTime();
    try (Response response = client.newCall(b.build()).execute()) {
      Path file = Files.createTempFile(dir, "answer-", ".body");
      long length;
      try (BufferedSink out = Okio.buffer(Okio.sink(file))) {
        BufferedSource in = response.body().source();
        long declared = response.body().contentLength();
        if ((declared >= 0 && declared <= REWRITE_LIMIT)
            || (declared < 0 && !pathAndQuery.contains(dataFragment))) {
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
        if (name.equals("content-length")
            || name.equals("transfer-encoding")
            || name.equals("connection")) continue;
        headers.add(
            response.headers().name(i), response.headers().value(i).replace(upstream, baseUrl()));
      }
      return Answer.of(response.code(), headers.build(), file, length);
    }
  }

  /**
   * Reads one request (line, headers, body by Content-Length or chunks); null at the end of the
   * connection.
   */
  private static Incoming readRequest(InputStream in) throws IOException {
    String line = readLine(in);
    while (line != null && line.isEmpty()) line = readLine(in);
    if (line == null) return null;
    String[] parts = line.split(" ", 3);
    if (parts.length < 2) throw new IOException("not an HTTP request line: " + line);
    Headers.Builder headers = new Headers.Builder();
    for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
      int colon = h.indexOf(':');
      if (colon > 0) headers.add(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
    }
    Headers hs = headers.build();
    byte[] body;
    if ("chunked".equalsIgnoreCase(hs.get("Transfer-Encoding"))) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      for (int size = chunkSize(readLine(in)); size > 0; size = chunkSize(readLine(in))) {
        out.write(in.readNBytes(size));
        readLine(in);
      }
      for (String trailer = readLine(in);
          trailer != null && !trailer.isEmpty();
          trailer = readLine(in)) {
        // trailers are not used
      }
      body = out.toByteArray();
    } else {
      String length = hs.get("Content-Length");
      body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length.trim()));
    }
    return new Incoming(parts[0], parts[1], hs, body);
  }

  private static int chunkSize(String line) throws IOException {
    if (line == null) throw new IOException("the request body ended inside its chunks");
    int semicolon = line.indexOf(';');
    return Integer.parseInt((semicolon < 0 ? line : line.substring(0, semicolon)).trim(), 16);
  }

  /**
   * A line without its CRLF (or LF), in ISO-8859-1 as HTTP heads are; null at the end of the
   * stream.
   */
  private static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder(64);
    for (int c = in.read(); ; c = in.read()) {
      if (c < 0) return b.length() == 0 ? null : b.toString();
      if (c == '\n') break;
      b.append((char) c);
    }
    int end = b.length();
    if (end > 0 && b.charAt(end - 1) == '\r') b.setLength(end - 1);
    return b.toString();
  }

  /**
   * Writes an answer: a small one in one gathering write, else the head, then the body from its
   * file straight to the socket.
   */
  private static void write(SocketChannel socket, Answer a) throws IOException {
    ByteBuffer head = a.head().duplicate();
    if (a.small() != null) {
      ByteBuffer[] both = {head, a.small().duplicate()};
      while (both[1].hasRemaining()) socket.write(both);
      return;
    }
    while (head.hasRemaining()) socket.write(head);
    try (FileChannel body = FileChannel.open(a.body(), StandardOpenOption.READ)) {
      long sent = 0;
      while (sent < a.length()) sent += body.transferTo(sent, a.length() - sent, socket);
    }
  }

  private Answer text(int code, String message) throws IOException {
    Path file = Files.createTempFile(dir, "error-", ".body");
    Files.writeString(file, message, StandardCharsets.UTF_8);
    return Answer.of(
        code, Headers.of("Content-Type", "text/plain; charset=utf-8"), file, Files.size(file));
  }

  private static String reason(int code) {
    return switch (code) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 429 -> "Too Many Requests";
      case 502 -> "Bad Gateway";
      default -> "Status";
    };
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    connections.shutdownNow();
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
