package dev.revsync.benchmarks;

import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.Connectors;
import dev.revsync.QuotaPolicy;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.simulators.Simulator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * What an idle tenant costs: the heap retained by N open connections of one connector — config,
 * budget ({@link QuotaPolicy} and its ledger), rate limiter, cached token, the connector and its
 * transport — each verified once so its token is cached. Live heap (after full collections) with
 * the N connections held, minus before, ÷ N; then each connection pulls a few hundred records and
 * the heap is measured again, so whatever grows with records pulled shows. A class histogram taken
 * before and after names what the bytes are.
 *
 * <p>Run it in a fresh JVM ({@link ForkedRunner}) for a figure of the client alone; in-process the
 * simulator's per-session state is counted too (a stricter figure).
 */
final class IdleConnections {
  /** The connectors, their object and the pull's style option. */
  enum Target {
    SALESFORCE("salesforce", "Contact", "Contact", "REST"),
    ELOQUA("eloqua", "Contact", "contacts", ""),
    DYNAMICS("dynamics", "contact", "contact", ""),
    HUBSPOT_CRM("hubspot-crm", "contacts", "contacts", ""),
    HUBSPOT_MAP("hubspot-map", "email_events", "email_events", ""),
    MARKETO("marketo", "Lead", "leads", ""),
    PARDOT("pardot", "Prospect", "prospects", "REST");

    final String system;
    final String object;
    final String simObject;
    final String style;

    Target(String system, String object, String simObject, String style) {
      this.system = system;
      this.object = object;
      this.simObject = simObject;
      this.style = style;
    }
  }

  /**
   * The connections' clock: job-polling waits skipped (the simulator's jobs are ready at once), so
   * pulling through hundreds of connections takes seconds; what is measured is heap, not time.
   */
  private static final SkipWaitsClock WAITS = new SkipWaitsClock(Clock.systemUTC());

  /** Records each connection pulls in the second measurement. */
  static final long RECORDS = 200;

  private IdleConnections() {}

  /**
   * A simulator for {@code t} on the real clock holding {@link #RECORDS} records, its account-wide
   * limits lifted (it serves many connections) and jobs ready at once.
   */
  static Simulator simulator(Target t) {
    NightFleet.Cohort c =
        new NightFleet.Cohort(
            "idle", t.system, t.object, t.style, 1, RECORDS, Duration.ZERO, NightFleet.BUDGET);
    return NightFleet.start(c, Clock.systemUTC(), 42, Duration.ZERO, Duration.ZERO);
  }

  /** Connections per connector in the benchmark (full mode). */
  static final int N = 1_000;

  /**
   * The benchmark: per connector, N idle connections in a fresh JVM, then each pulls {@link
   * #RECORDS} records, then again; a row each.
   */
  static void benchmark(Harness h) throws Exception {
    int n =
        switch (h.sizes.mode()) {
          case "smoke" -> 20;
          case "quick" -> 500;
          default -> N;
        };
    Report.Section s =
        h.report
            .section("3b. Idle connections: retained heap per tenant")
            .text(
                "Per connector, "
                    + Report.count(n)
                    + " connections opened and verified once (a token cached each) in a fresh JVM, "
                    + "each with its own config, QuotaPolicy and ledger, rate limiter, connector and transport. "
                    + "Live heap (after full collections) with them held, minus before, ÷ "
                    + Report.count(n)
                    + "; then each pulls "
                    + RECORDS
                    + " records and the heap is measured again, then pulls them again (what grows per record or "
                    + "per pull shows in the last column). One warm connection first, so shared singletons are "
                    + "not charged.")
            .columns(
                "connector",
                "idle (B per connection)",
                "after a pull",
                "a second pull adds",
                "largest classes, idle (bytes per connection × instances)");
    for (Target t : Target.values()) {
      try (Simulator sim = simulator(t)) {
        JobSpec spec =
            new JobSpec(JobSpec.Kind.IDLE)
                .set("target", t.name())
                .set("n", n)
                .set("pull", true)
                .set("histogram", true)
                .settings(sim.connectionSettings());
        Result r = h.runner.run(spec);
        double idle = r.get("idleBytesPerConnection");
        s.row(
            t.system,
            Report.count(idle),
            Report.count(r.get("pulledBytesPerConnection")),
            Report.count(r.get("secondPullGrowthPerConnection")),
            String.join(
                "; ",
                java.util.Arrays.asList(r.text("idleTopClasses").split("; "))
                    .subList(0, Math.min(6, r.text("idleTopClasses").split("; ").length))));
        h.check(
            "idle " + t.system + " connection ≤ 50 KiB",
            idle <= 50 * 1024 && r.get("pulledBytesPerConnection") <= 50 * 1024,
            Report.count(idle)
                + " B idle, "
                + Report.count(r.get("pulledBytesPerConnection"))
                + " B after a pull of "
                + RECORDS);
      }
    }
    s.note(
        "What the pull adds once is each connection's catalog (field lists and types resolved once per object) "
            + "and its per-operation meters; a second pull adds nothing of the kind, so nothing grows with records pulled.");
  }

  /** The measured job: {@code system}, {@code n}, the simulator's settings. */
  static Result run(JobSpec spec) throws Exception {
    Target t = Target.valueOf(spec.get("target"));
    int n = (int) spec.number("n");
    return measure(t, spec.settings(), n, spec.flag("pull"), spec.flag("histogram"));
  }

  static Result measure(
      Target t, Map<String, String> settings, int n, boolean pull, boolean histogram)
      throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    Result result = new Result();
    // Warm up: one connection through the same path, so class loading and shared singletons
    // (the shared OkHttp client, Moshi adapters) are not charged to the N.
    List<Connector> warm = open(t, settings, 1, "warm");
    if (pull) pull(t, warm);
    Map<String, long[]> before = histogram ? histogram() : Map.of();
    long heap0 = NightRun.liveHeap(memory);
    List<Connector> connections = open(t, settings, n, "idle");
    long heap1 = NightRun.liveHeap(memory);
    result.put("idleBytesPerConnection", (heap1 - heap0) / (double) n);
    if (histogram) result.put("idleTopClasses", top(before, histogram(), n));
    if (pull) {
      long records = pull(t, connections);
      long heap2 = NightRun.liveHeap(memory);
      result.put("pulledBytesPerConnection", (heap2 - heap0) / (double) n);
      result.put("recordsPerConnection", records / (double) n);
      if (histogram) result.put("pulledTopClasses", top(before, histogram(), n));
      // A second pull of the same records: what a connection keeps per record or per pull shows as
      // growth; what it keeps once (its catalog, its meters) does not.
      pull(t, connections);
      long heap3 = NightRun.liveHeap(memory);
      result.put("secondPullGrowthPerConnection", (heap3 - heap2) / (double) n);
    }
    result.put("n", n);
    for (Connector c : connections) c.close();
    for (Connector c : warm) c.close();
    return result;
  }

  private static List<Connector> open(
      Target t, Map<String, String> settings, int n, String prefix) {
    List<Connector> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ConnectionConfig config =
          Configs.forSimulator(
                  t.system,
                  prefix + "-" + i + "/" + t.system,
                  NightFleet.forTenant(
                      t.system, i + (prefix.equals("warm") ? 500_000 : 0), settings),
                  WAITS,
                  false)
              .quotaPolicy(QuotaPolicy.builder().dailyLimit(5_000).writeReserve(500).build())
              .build();
      Connector c = Connectors.open(t.system, config);
      c.verify();
      out.add(c);
    }
    return out;
  }

  private static long pull(Target t, List<Connector> connections) {
    long records = 0;
    for (Connector c : connections) {
      SyncRequest.Builder request = SyncRequest.builder(t.object).mode(SyncMode.FULL);
      if (!t.style.isEmpty()) request.option("style", t.style);
      CountingSink sink = new CountingSink();
      SyncResult r = c.sync(request.build(), sink);
      if (r.status() != SyncResult.Status.COMPLETED)
        throw new IllegalStateException(
            t.system + " pull ended " + r.status() + ": " + r.failure(), r.failure());
      records += sink.records();
    }
    return records;
  }

  /** Instances and bytes by class, from {@code GC.class_histogram} (which collects first). */
  static Map<String, long[]> histogram() throws Exception {
    String text =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    Map<String, long[]> out = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 4 || !f[0].endsWith(":")) continue;
      out.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
    }
    return out;
  }

  /**
   * The ten classes that grew most, as {@code class bytes-per-connection instances-per-connection}.
   */
  static String top(Map<String, long[]> before, Map<String, long[]> after, int n) {
    List<Map.Entry<String, long[]>> grown = new ArrayList<>();
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      long[] b = before.getOrDefault(e.getKey(), new long[2]);
      long[] d = {e.getValue()[0] - b[0], e.getValue()[1] - b[1]};
      if (d[1] > 0) grown.add(Map.entry(e.getKey(), d));
    }
    grown.sort(
        Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed());
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, long[]> e : grown.subList(0, Math.min(12, grown.size()))) {
      if (s.length() > 0) s.append("; ");
      s.append(e.getKey())
          .append(' ')
          .append(e.getValue()[1] / n)
          .append(" B ×")
          .append(String.format(java.util.Locale.ROOT, "%.1f", e.getValue()[0] / (double) n));
    }
    return s.toString();
  }
}
