package dev.revsync.spring;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Debian's headless {@code chromium}, driven over the Chrome DevTools Protocol with OkHttp's
 * WebSocket (already on revsync's class path, so no Selenium, no chromedriver version to match):
 * navigate, evaluate script in the page, collect console errors and uncaught exceptions, capture a
 * screenshot. One page per instance. Not thread-safe.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final JsonAdapter<Map<String, Object>> JSON =
      new Moshi.Builder()
          .build()
          .adapter(Types.newParameterizedType(Map.class, String.class, Object.class));

  private final Process process;
  private final Path profile;
  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<Map<String, Object>>> pending =
      new ConcurrentHashMap<>();
  private final AtomicReference<CompletableFuture<Void>> load =
      new AtomicReference<>(new CompletableFuture<>());

  /** Console errors, uncaught exceptions and failed loads the page reported. */
  final List<String> errors = new CopyOnWriteArrayList<>();

  /** The chromium binary: {@code $CHROMIUM}, else Debian's. */
  static Path binary() {
    String configured = System.getenv("CHROMIUM");
    return Path.of(configured != null ? configured : "/usr/bin/chromium");
  }

  static boolean available() {
    return Files.isExecutable(binary());
  }

  HeadlessChromium(int width, int height) throws IOException, InterruptedException {
    profile = Files.createTempDirectory("revsync-chromium");
    process =
        new ProcessBuilder(
                binary().toString(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--hide-scrollbars",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    int port = devToolsPort();
    Map<String, Object> page = pageTarget(port);
    CompletableFuture<Void> open = new CompletableFuture<>();
    socket =
        http.newWebSocket(
            new Request.Builder().url((String) page.get("webSocketDebuggerUrl")).build(),
            new WebSocketListener() {
              @Override
              public void onOpen(WebSocket webSocket, Response response) {
                open.complete(null);
              }

              @Override
              public void onMessage(WebSocket webSocket, String text) {
                received(text);
              }

              @Override
              public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                open.completeExceptionally(t);
                pending.values().forEach(f -> f.completeExceptionally(t));
              }
            });
    try {
      open.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      close();
      throw new IOException("cannot open the DevTools socket: " + e, e);
    }
    call("Page.enable", Map.of());
    call("Runtime.enable", Map.of());
    call("Log.enable", Map.of());
  }

  /** Reads "DevTools listening on ws://127.0.0.1:PORT/..." from chromium's stderr. */
  private int devToolsPort() throws IOException {
    BufferedReader err =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = err.readLine()) != null) {
                  int at = line.indexOf("ws://127.0.0.1:");
                  if (at >= 0 && !port.isDone()) {
                    String rest = line.substring(at + "ws://127.0.0.1:".length());
                    port.complete(Integer.parseInt(rest.substring(0, rest.indexOf('/'))));
                  } else if (seen.length() < 4000) {
                    seen.append(line).append('\n');
                  }
                }
                port.completeExceptionally(
                    new IOException("chromium exited without a DevTools port:\n" + seen));
              } catch (IOException | RuntimeException e) {
                port.completeExceptionally(e);
              }
            },
            "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      return port.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      close();
      throw new IOException("chromium did not start: " + e, e);
    }
  }

  private Map<String, Object> pageTarget(int port) throws IOException {
    try (Response r =
        http.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/json/list").build())
            .execute()) {
      List<?> targets = new Moshi.Builder().build().adapter(List.class).fromJson(r.body().string());
      for (Object t : targets) {
        @SuppressWarnings("unchecked")
        Map<String, Object> target = (Map<String, Object>) t;
        if ("page".equals(target.get("type"))) return target;
      }
    }
    throw new IOException("chromium has no page target");
  }

  @SuppressWarnings("unchecked")
  private void received(String text) {
    Map<String, Object> message;
    try {
      message = JSON.fromJson(text);
    } catch (IOException e) {
      errors.add("unreadable DevTools message: " + e);
      return;
    }
    Object id = message.get("id");
    if (id != null) {
      CompletableFuture<Map<String, Object>> f = pending.remove(((Number) id).intValue());
      if (f == null) return;
      if (message.containsKey("error"))
        f.completeExceptionally(new IllegalStateException("DevTools: " + message.get("error")));
      else f.complete((Map<String, Object>) message.getOrDefault("result", Map.of()));
      return;
    }
    String method = (String) message.get("method");
    Map<String, Object> params = (Map<String, Object>) message.getOrDefault("params", Map.of());
    switch (String.valueOf(method)) {
      case "Page.loadEventFired" -> load.get().complete(null);
      case "Runtime.exceptionThrown" -> errors.add("uncaught: " + params.get("exceptionDetails"));
      case "Runtime.consoleAPICalled" -> {
        if ("error".equals(params.get("type")) || "assert".equals(params.get("type")))
          errors.add("console.error: " + params.get("args"));
      }
      case "Log.entryAdded" -> {
        Map<String, Object> entry = (Map<String, Object>) params.get("entry");
        if (entry != null && "error".equals(entry.get("level")))
          errors.add("log: " + entry.get("text") + " " + entry.get("url"));
      }
      default -> {}
    }
  }

  Map<String, Object> call(String method, Map<String, Object> params) {
    int id = ids.incrementAndGet();
    CompletableFuture<Map<String, Object>> result = new CompletableFuture<>();
    pending.put(id, result);
    Map<String, Object> message = Map.of("id", id, "method", method, "params", params);
    if (!socket.send(JSON.toJson(message)))
      throw new IllegalStateException("the DevTools socket is closed");
    try {
      return result.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("DevTools " + method + " failed: " + e, e);
    }
  }

  /** Opens {@code url} and waits for its load event. */
  void navigate(String url) {
    load.set(new CompletableFuture<>());
    call("Page.navigate", Map.of("url", url));
    awaitLoad();
  }

  /**
   * Runs {@code action} (script that submits a form, say) and waits for the next page's load event.
   */
  void andWaitForLoad(String action) {
    load.set(new CompletableFuture<>());
    evaluate(action);
    awaitLoad();
  }

  private void awaitLoad() {
    try {
      load.get().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the page did not load: " + e, e);
    }
  }

  /**
   * Evaluates {@code expression} in the page and returns its value (strings, numbers, booleans).
   */
  @SuppressWarnings("unchecked")
  Object evaluate(String expression) {
    Map<String, Object> r =
        call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (r.containsKey("exceptionDetails"))
      throw new IllegalStateException("script failed: " + r.get("exceptionDetails"));
    return ((Map<String, Object>) r.get("result")).get("value");
  }

  /** The text of the first element {@code selector} matches, or null. */
  String text(String selector) {
    Object v =
        evaluate(
            "(function(s){var e=document.querySelector(s);return e?e.innerText:null})("
                + new Moshi.Builder().build().adapter(String.class).toJson(selector)
                + ")");
    return v == null ? null : v.toString();
  }

  /** Captures the whole page as a PNG. */
  void screenshot(Path file) throws IOException {
    Map<String, Object> r =
        call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode((String) r.get("data")));
  }

  @Override
  public void close() {
    if (socket != null) socket.close(1000, "done");
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS))
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a leftover temporary profile is harmless
    }
  }
}
