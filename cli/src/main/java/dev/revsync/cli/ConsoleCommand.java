package dev.revsync.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.revsync.ConfigurationException;
import dev.revsync.pipeline.Budgets;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.SettingsConsole;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Serves the integration settings page ({@link SettingsConsole}) for the connections a {@code
 * pipeline --connections} file lists, on 127.0.0.1 only: the limits a customer sets there are saved
 * in {@code --state} and used by the next {@code revsync pipeline} run with that state.
 */
@Command(
    name = "console",
    description = "Serve the integration settings page on 127.0.0.1 (limits per connection).")
final class ConsoleCommand implements Runnable {
  private static final int MAX_FORM_BYTES = 16 * 1024;

  @Spec CommandSpec spec;
  @ParentCommand RevsyncCli cli;

  @Option(
      names = "--connections",
      required = true,
      paramLabel = "FILE",
      description = "Lines of '<tenant> <connection file>', as for pipeline.")
  Path connections;

  @Option(
      names = "--state",
      defaultValue = "revsync-state",
      description = "Checkpoint store directory (limits are saved there).")
  Path state;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "Port on 127.0.0.1; 0 picks a free one.")
  int port;

  @Option(
      names = "--no-wait",
      description = "Check the page answers, then stop (for scripts and tests).")
  boolean noWait;

  @Override
  public void run() {
    PrintWriter o = spec.commandLine().getOut();
    PipelineCommand reader = new PipelineCommand();
    reader.cli = cli;
    reader.connections = connections;
    try (CheckpointStore store = CheckpointStore.files(state);
        DailyPipeline pipeline =
            DailyPipeline.builder()
                .store(store)
                .clock(cli.clock)
                .sinks(
                    (connection, object) -> {
                      throw new IllegalStateException("the console pulls nothing");
                    })
                .connections(reader.read(store, cli.clock))
                .build()) {
      Budgets budgets = Budgets.of(pipeline, store);
      budgets.restore();
      SettingsConsole console = SettingsConsole.of(budgets, pipeline, "/");
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
      server.createContext("/", exchange -> handle(console, exchange));
      server.start();
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
      try {
        o.println(
            "revsync console: "
                + url
                + " ("
                + pipeline.connections().size()
                + " connection(s), limits saved in "
                + state.toAbsolutePath()
                + ")"
                + (noWait ? "" : "; Ctrl-C to stop"));
        o.flush();
        if (noWait) {
          HttpResponse<String> r =
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(URI.create(url)).build(),
                      HttpResponse.BodyHandlers.ofString());
          o.println("checked: HTTP " + r.statusCode() + ", " + r.body().length() + " characters");
        } else {
          CountDownLatch stop = new CountDownLatch(1);
          Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
          stop.await();
        }
      } finally {
        server.stop(0);
      }
    } catch (IOException e) {
      throw new ConfigurationException(
          "revsync",
          "console --port " + port,
          "cannot serve: " + e,
          "Pick another port, or 0 for a free one",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void handle(SettingsConsole console, HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals("/")) {
        send(
            exchange,
            404,
            "text/plain; charset=utf-8",
            "not found".getBytes(StandardCharsets.UTF_8),
            Map.of());
        return;
      }
      String cookie = cookie(exchange.getRequestHeaders().getFirst("Cookie"));
      SettingsConsole.Response r;
      switch (exchange.getRequestMethod()) {
        case "GET" -> r = console.page(cookie);
        case "POST" -> {
          byte[] body = readBounded(exchange.getRequestBody());
          if (body == null) {
            send(
                exchange,
                413,
                "text/plain; charset=utf-8",
                "form too large".getBytes(StandardCharsets.UTF_8),
                Map.of());
            return;
          }
          r = console.submit(form(new String(body, StandardCharsets.UTF_8)), cookie);
        }
        default -> {
          send(
              exchange,
              405,
              "text/plain; charset=utf-8",
              "GET or POST".getBytes(StandardCharsets.UTF_8),
              Map.of("Allow", "GET, POST"));
          return;
        }
      }
      send(exchange, r.status(), r.headers().get("Content-Type"), r.bytes(), r.headers());
    }
  }

  private static void send(
      HttpExchange exchange, int status, String type, byte[] body, Map<String, String> headers)
      throws IOException {
    headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
    return body.length > MAX_FORM_BYTES ? null : body;
  }

  static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.putIfAbsent(k, v);
    }
    return form;
  }

  static String cookie(String header) {
    if (header == null) return null;
    for (String part : header.split(";")) {
      String p = part.strip();
      if (p.startsWith(SettingsConsole.CSRF_COOKIE + "="))
        return p.substring(SettingsConsole.CSRF_COOKIE.length() + 1);
    }
    return null;
  }
}
