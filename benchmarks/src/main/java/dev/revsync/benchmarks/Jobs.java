package dev.revsync.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.Connectors;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import okhttp3.HttpUrl;

/**
 * The measured jobs. Each runs in the JVM it is given (forked by {@link ForkedRunner}, or the
 * test's own), times only the part a host would wait for, and reports wall time, CPU time, records,
 * calls and heap.
 */
final class Jobs {
  private Jobs() {}

  static Result run(JobSpec spec) throws Exception {
    return switch (spec.kind()) {
      case PULL -> pull(spec);
      case FLOOR -> floor(spec);
      case REPLAY -> replay(spec);
      case WRITE -> Writes.run(spec);
      case TENANTS -> Tenants.run(spec);
      case NIGHT -> NightRun.run(spec);
      case IDLE -> IdleConnections.run(spec);
    };
  }

  /**
   * A connector sync (FULL, every field) into a {@link CountingSink}. With {@code warmUps} = k, the
   * same sync runs k times first in this JVM (the first one's time kept as {@code coldSeconds} and
   * {@code coldCpuSeconds}), the replay restarting before each later pass ({@code restartUrl}), so
   * the measured pass is what a long-lived host JVM spends on it.
   */
  static Result pull(JobSpec spec) throws Exception {
    Result result = new Result();
    try (HeapWatch heap = HeapWatch.start()) {
      passes(spec, result, pass -> pullOnce(spec, pass));
      heap.finish();
      heap.report(result);
    }
    return result;
  }

  private static Result pullOnce(JobSpec spec, Result result) throws Exception {
    String system = spec.get("system");
    String fixed = spec.get("fixedClock", "");
    SkipWaitsClock clock =
        new SkipWaitsClock(
            fixed.isEmpty()
                ? Clock.systemUTC()
                : Clock.fixed(java.time.Instant.parse(fixed), java.time.ZoneOffset.UTC));
    ConnectionConfig config =
        Configs.forSimulator(system, "bench/" + system, spec.settings(), clock).build();
    SyncRequest.Builder request = SyncRequest.builder(spec.get("object")).mode(SyncMode.FULL);
    String style = spec.get("style", "");
    if (!style.isEmpty()) request.option("style", style);
    for (String option : List.of("method", "since")) {
      String value = spec.get(option, "");
      if (!value.isEmpty()) request.option(option, value);
    }
    CountingSink sink = new CountingSink();
    try (Connector connector = Connectors.open(system, config)) {
      Timer timer = Timer.start();
      SyncResult sync = connector.sync(request.build(), sink);
      timer.stop(result);
      if (sync.failure() != null) {
        sync.failure().printStackTrace();
        result.put("failure", String.valueOf(sync.failure()));
      }
      result
          .put("status", sync.status().name())
          .put("records", sink.records())
          .put("deletes", sink.deletes())
          .put("checkpoints", sink.checkpoints())
          .put("fieldsPerRecord", sink.fieldsPerRecord())
          .put("callsReported", sync.callsSpent())
          .put("waitSkippedSeconds", clock.skipped().toMillis() / 1000.0)
          .put("threadsPeak", threads().getPeakThreadCount());
    }
    return result;
  }

  /**
   * A job spec's flag: the job runs each pass when told on its standard input and answers {@link
   * #PASS_DONE} on its standard output ({@link ForkedRunner#start}).
   */
  static final String PACED = "paced";

  /** A paced job's answer after each pass. */
  static final String PASS_DONE = "revsync-bench: pass done";

  /** One pass of a measured job, its figures put into the result it is given. */
  @FunctionalInterface
  private interface Pass {
    Result run(Result into) throws Exception;
  }

  /**
   * Runs {@code pass} {@code warmUps} + {@code measuredPasses} (default 1) times (see {@link
   * #pull}); the fastest measured pass's figures go into {@code result} (a measured pass that
   * failed is the one reported), the first pass's time as {@code coldSeconds}/{@code
   * coldCpuSeconds}.
   */
  private static void passes(JobSpec spec, Result result, Pass pass) throws Exception {
    int warmUps = (int) spec.number("warmUps", 0);
    int measured = Math.max(1, (int) spec.number("measuredPasses", 1));
    boolean paced = spec.flag(PACED);
    java.io.BufferedReader go =
        paced
            ? new java.io.BufferedReader(
                new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
            : null;
    Result cold = null;
    Result best = null;
    for (int i = 0; i < warmUps + measured; i++) {
      if (paced) {
        // The harness serves the pass's replay from its start before it says go.
        if (go.readLine() == null) throw new IllegalStateException("the harness left");
      } else if (i > 0) {
        restartReplay(spec.get("restartUrl"));
      }
      Result figures = pass.run(new Result());
      if (paced) {
        System.out.println(PASS_DONE);
        System.out.flush();
      }
      if (i == 0) cold = figures;
      if (i < warmUps) {
        if (figures.has("failure"))
          throw new IllegalStateException("an unmeasured pass failed: " + figures.text("failure"));
        continue;
      }
      if (figures.has("failure")) {
        best = figures;
        break;
      }
      if (best == null || figures.get("seconds") < best.get("seconds")) best = figures;
    }
    result
        .putAll(best)
        .put("measuredPasses", measured)
        .put("coldSeconds", cold.get("seconds"))
        .put("coldCpuSeconds", cold.get("cpuSeconds"))
        .put("coldRecords", cold.get("records"));
  }

  private static void restartReplay(String url) throws IOException {
    java.net.HttpURLConnection connection =
        (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
    try {
      if (connection.getResponseCode() != 200)
        throw new IOException("replay restart answered " + connection.getResponseCode());
    } finally {
      connection.disconnect();
    }
  }

  /**
   * The floor: the same pages with bare OkHttp, parsed into nothing; login and discovery not
   * measured. Passes as in {@link #pull}.
   */
  static Result floor(JobSpec spec) throws Exception {
    BareHttp http = new BareHttp();
    Result result = new Result();
    try (HeapWatch heap = HeapWatch.start()) {
      passes(spec, result, pass -> floorOnce(spec, http, pass));
      heap.finish();
      heap.report(result);
    }
    return result;
  }

  private static Result floorOnce(JobSpec spec, BareHttp http, Result result) throws Exception {
    String system = spec.get("system");
    Map<String, String> settings = spec.settings();
    String object = spec.get("object");
    // Log-in and discovery first, unmeasured; then the measured pull.
    FloorPull pull =
        switch (system) {
          case SalesforceFloor.SYSTEM -> {
            SalesforceFloor floor = new SalesforceFloor(http, settings);
            floor.login(settings);
            String version = spec.get("apiVersion");
            if (spec.get("style").equals("REST")) {
              yield new FloorPull(
                  () -> floor.rest(spec.get("firstRequest")),
                  floor::records,
                  floor::fieldsPerRecord);
            }
            List<String> select = floor.selectAll(version, object, true);
            boolean queryAll = select.stream().anyMatch("IsDeleted"::equalsIgnoreCase);
            String soql = "SELECT " + String.join(", ", select) + " FROM " + object;
            int maxRecords = (int) spec.number("maxRecords");
            yield new FloorPull(
                () -> floor.bulk(version, soql, queryAll, maxRecords),
                floor::records,
                floor::fieldsPerRecord);
          }
          case EloquaFloor.SYSTEM -> {
            EloquaFloor floor = new EloquaFloor(http, settings);
            floor.login(settings);
            Map<String, String> fields = floor.exportFields(object);
            int pageSize = (int) spec.number("pageSize");
            yield new FloorPull(
                () -> floor.export(object, fields, pageSize),
                floor::records,
                floor::fieldsPerRecord);
          }
          case PardotFloor.SYSTEM -> {
            PardotFloor floor = new PardotFloor(http, settings);
            floor.login(settings);
            yield new FloorPull(
                () -> floor.rest(spec.get("firstRequest")), floor::records, floor::fieldsPerRecord);
          }
          case DynamicsFloor.SYSTEM -> {
            DynamicsFloor floor = new DynamicsFloor(http, settings);
            floor.login(settings);
            yield new FloorPull(
                () -> floor.pages(spec.get("firstRequest")),
                floor::records,
                floor::fieldsPerRecord);
          }
          case HubSpotFloor.SYSTEM -> {
            HubSpotFloor floor = new HubSpotFloor(http, settings);
            yield new FloorPull(
                () -> floor.list(spec.get("firstRequest")), floor::records, floor::fieldsPerRecord);
          }
          default -> throw new IllegalArgumentException("no floor client for " + system);
        };
    http.resetCounts();
    Timer timer = Timer.start();
    pull.measured().run();
    timer.stop(result);
    return result
        .put("records", pull.records().getAsLong())
        .put("fieldsPerRecord", pull.fieldsPerRecord().getAsInt())
        .put("calls", http.calls())
        .put("bodyBytes", http.bodyBytes());
  }

  /** A floor client ready to pull: the measured part, and what it counted. */
  private record FloorPull(IoAction measured, LongSupplier records, IntSupplier fieldsPerRecord) {}

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }

  /**
   * The simulator alone: the data requests a floor run made, replayed by a plain-socket client
   * ({@link SocketReplay}), bodies read and dropped. Each entry of {@code requests} is {@code
   * pathAndQuery \t Accept}. The floor's client logs in first, so the requests carry what it sends.
   */
  static Result replay(JobSpec spec) throws Exception {
    String system = spec.get("system");
    Map<String, String> settings = spec.settings();
    BareHttp http = new BareHttp();
    switch (system) {
      case SalesforceFloor.SYSTEM -> new SalesforceFloor(http, settings).login(settings);
      case EloquaFloor.SYSTEM -> new EloquaFloor(http, settings).login(settings);
      case PardotFloor.SYSTEM -> new PardotFloor(http, settings).login(settings);
      case DynamicsFloor.SYSTEM -> new DynamicsFloor(http, settings).login(settings);
      case HubSpotFloor.SYSTEM -> new HubSpotFloor(http, settings);
      default -> throw new IllegalArgumentException("no client for " + system);
    }
    // Logged paths are from the server's root.
    HttpUrl server = HttpUrl.get(settings.getOrDefault("baseUrl", settings.get("loginUrl")));
    List<String> requests = spec.list("requests");
    try (SocketReplay replay = new SocketReplay(server.host(), server.port())) {
      // The server's capacity, not a cold client's: a first pass (untimed) warms the JIT of both,
      // then the faster of two timed passes, as the pulls are measured.
      replayOnce(replay, http.authorization, requests);
      Result best = null;
      for (int pass = 0; pass < 2; pass++) {
        replay.resetCounts();
        Result result = new Result();
        Timer timer = Timer.start();
        replayOnce(replay, http.authorization, requests);
        timer.stop(result);
        result.put("calls", replay.calls()).put("bodyBytes", replay.bodyBytes());
        if (best == null || result.get("seconds") < best.get("seconds")) best = result;
      }
      return best;
    }
  }

  private static void replayOnce(SocketReplay replay, String authorization, List<String> requests)
      throws IOException {
    for (String entry : requests) {
      String[] parts = entry.split("\t", -1);
      replay.get(parts[0], parts.length > 1 ? parts[1] : null, authorization);
    }
  }

  static ThreadMXBean threads() {
    return ManagementFactory.getThreadMXBean();
  }

  /** Wall and process CPU time of the measured part. */
  static final class Timer {
    private final long wall0 = System.nanoTime();
    private final long cpu0 = cpuNanos();

    static Timer start() {
      return new Timer();
    }

    void stop(Result result) {
      result.put("seconds", (System.nanoTime() - wall0) / 1e9);
      result.put("cpuSeconds", (cpuNanos() - cpu0) / 1e9);
    }

    private static long cpuNanos() {
      return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }
  }
}
