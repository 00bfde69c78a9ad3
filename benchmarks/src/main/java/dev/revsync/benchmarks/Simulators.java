package dev.revsync.benchmarks;

import dev.revsync.simulators.RequestLog;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.simulators.SimulatorProvider;
import dev.revsync.simulators.eloqua.EloquaSimulator;
import dev.revsync.simulators.hubspot.HubSpotSimulator;
import dev.revsync.simulators.marketo.MarketoSimulator;
import dev.revsync.simulators.salesforce.SalesforceSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Starts simulators by system id (found with {@link ServiceLoader}) and reads their request logs.
 */
final class Simulators {
  private Simulators() {}

  /**
   * Starts {@code system}'s simulator on the real clock holding {@code records} records of {@code
   * object}, set for measuring: data that does not change by itself during a run and jobs that are
   * ready at once (a benchmark measures the client, not a simulated server-side wait).
   */
  static Simulator start(String system, String object, long records, long seed) {
    SimulatorOptions options =
        new SimulatorOptions(seed, Clock.systemUTC(), Map.of(object, records));
    if (system.equals("salesforce")) {
      return SalesforceSimulator.builder()
          .seed(seed)
          .clock(options.clock())
          .recordCounts(options.recordCounts())
          .bulkJobTiming(Duration.ZERO, Duration.ZERO, 1)
          .start();
    }
    if (system.equals("eloqua")) {
      return EloquaSimulator.builder()
          .options(options)
          .changesPerHour(0)
          .syncTiming(Duration.ZERO, Duration.ZERO, Duration.ZERO)
          .start();
    }
    if (system.equals("hubspot-crm")) {
      // the portal's burst, search and daily limits are lifted: the benchmark measures the client
      return HubSpotSimulator.builder()
          .seed(seed)
          .clock(options.clock())
          .records(object, records)
          .burstLimit(Integer.MAX_VALUE)
          .searchLimit(Integer.MAX_VALUE)
          .dailyLimit(Long.MAX_VALUE)
          .start();
    }
    if (system.equals("marketo")) {
      // every lead updated within one 31-day extract window; extract jobs complete at once; the
      // 100-calls-per-20-s limit lifted: the connector's waits are skipped on its clock, not on the
      // simulator's, so a kept limit would refuse a skipped-wait burst (606)
      return MarketoSimulator.builder()
          .options(options)
          .rateLimit(Integer.MAX_VALUE, Duration.ofSeconds(20))
          .span(Duration.ofDays(29))
          .extractTiming(Duration.ZERO, Duration.ZERO)
          .extractBytesPerDay(Long.MAX_VALUE)
          .start();
    }
    for (SimulatorProvider provider : ServiceLoader.load(SimulatorProvider.class)) {
      if (provider.system().equals(system)) {
        return provider.start(options);
      }
    }
    throw new IllegalStateException("no simulator for '" + system + "' on the class path");
  }

  /**
   * The logged requests whose path contains {@code fragment}, as {@code pathAndQuery \t Accept} for
   * a replay.
   */
  static List<String> replayable(RequestLog log, String fragment) {
    List<String> out = new ArrayList<>();
    for (RequestLog.Entry e : log.entries()) {
      if (!e.method().equals("GET") || !e.path().contains(fragment)) continue;
      out.add(pathAndQuery(e) + "\t" + header(e, "Accept"));
    }
    return out;
  }

  private static String pathAndQuery(RequestLog.Entry e) {
    return e.path() + (e.query() == null || e.query().isEmpty() ? "" : "?" + e.query());
  }

  private static String header(RequestLog.Entry e, String name) {
    for (Map.Entry<String, String> h : e.headers().entrySet()) {
      if (h.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
        return h.getValue();
    }
    return "";
  }
}
