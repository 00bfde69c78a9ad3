package dev.revsync.benchmarks;

import dev.revsync.simulators.RequestLog;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.simulators.dynamics.DynamicsSimulator;
import dev.revsync.simulators.eloqua.EloquaSimulator;
import dev.revsync.simulators.hubspot.HubSpotSimulator;
import dev.revsync.simulators.marketo.MarketoSimulator;
import dev.revsync.simulators.pardot.PardotSimulator;
import dev.revsync.simulators.salesforce.SalesforceSimulator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The night scenario's tenants, in cohorts: each cohort is many tenants of one connector and API
 * style with the same size, job preparation time and budget, all served by one simulator of that
 * vendor on the night's scaled clock.
 *
 * <p>One simulator stands in for every account of its cohort: tenants share its data and
 * credentials, but each is its own connection (its own id, budget, limiter, token and jobs). The
 * simulator's account-wide caps (daily API limits, concurrent requests, queued extracts, burst
 * windows) are therefore lifted — shared by a cohort they would throttle a thousand tenants as one
 * — and the per-connection caps are the connectors' own ({@code RateLimits}, job concurrency),
 * which stay in force.
 */
final class NightFleet {
  private NightFleet() {}

  /**
   * One cohort.
   *
   * @param name short label for the report
   * @param system the connector id
   * @param object the object as the connector names it
   * @param style the sync's {@code style} option ("" for the connector's default)
   * @param tenants how many tenants
   * @param records records each tenant pulls
   * @param preparation how long the vendor prepares a job (for job styles; else zero)
   * @param budget each tenant's daily call budget
   */
  record Cohort(
      String name,
      String system,
      String object,
      String style,
      int tenants,
      long records,
      Duration preparation,
      long budget) {
    boolean jobs() {
      return !preparation.isZero();
    }

    Cohort scaled(double tenantScale, double recordScale) {
      return new Cohort(
          name,
          system,
          object,
          style,
          Math.max(1, (int) Math.round(tenants * tenantScale)),
          Math.max(10, Math.round(records * recordScale)),
          preparation,
          budget);
    }
  }

  /** Budget of a tenant that has enough. */
  static final long BUDGET = 5_000;

  /**
   * The full night: 10,000 tenants over every connector, most small, a few with large backlogs
   * (10,000 records behind a 15–20 minute job), and a few whose budget cannot cover even a first
   * pull.
   */
  static List<Cohort> full() {
    return List.of(
        new Cohort("sf-rest", "salesforce", "Contact", "REST", 1_680, 50, Duration.ZERO, BUDGET),
        new Cohort(
            "sf-bulk", "salesforce", "Contact", "BATCH", 800, 200, Duration.ofMinutes(3), BUDGET),
        new Cohort(
            "sf-bulk-backlog",
            "salesforce",
            "Contact",
            "BATCH",
            5,
            10_000,
            Duration.ofMinutes(20),
            BUDGET),
        new Cohort("eloqua", "eloqua", "Contact", "", 1_400, 50, Duration.ofMinutes(1), BUDGET),
        new Cohort(
            "eloqua-backlog", "eloqua", "Contact", "", 5, 10_000, Duration.ofMinutes(15), BUDGET),
        new Cohort("dynamics", "dynamics", "contact", "", 1_500, 50, Duration.ZERO, BUDGET),
        new Cohort("hubspot-crm", "hubspot-crm", "contacts", "", 1_400, 50, Duration.ZERO, BUDGET),
        new Cohort(
            "hubspot-map", "hubspot-map", "email_events", "", 1_000, 20, Duration.ZERO, BUDGET),
        new Cohort("marketo", "marketo", "Lead", "", 1_000, 50, Duration.ZERO, BUDGET),
        new Cohort("pardot-rest", "pardot", "Prospect", "REST", 800, 50, Duration.ZERO, BUDGET),
        new Cohort(
            "pardot-export",
            "pardot",
            "Prospect",
            "BATCH",
            400,
            200,
            Duration.ofMinutes(6),
            BUDGET),
        // Budgets that cannot cover a first pull: they stop at the limit, never past it.
        new Cohort("sf-small-budget", "salesforce", "Contact", "REST", 5, 100, Duration.ZERO, 2),
        new Cohort(
            "eloqua-small-budget", "eloqua", "Contact", "", 5, 200, Duration.ofMinutes(1), 4));
  }

  /**
   * Starts the cohort's simulator on {@code clock}, answering every request after {@code
   * latencyMin..latencyMax} of that clock.
   */
  static Simulator start(
      Cohort c, Clock clock, long seed, Duration latencyMin, Duration latencyMax) {
    Simulator sim = simulator(c, clock, seed);
    sim.faults().latency(latencyMin, latencyMax);
    return sim;
  }

  private static Simulator simulator(Cohort c, Clock clock, long seed) {
    Duration prep = c.preparation();
    return switch (c.system()) {
      case "salesforce" ->
          SalesforceSimulator.builder()
              .seed(seed)
              .clock(clock)
              .records("Contact", c.records())
              .bulkJobTiming(prep.dividedBy(4), prep, 1)
              .dailyApiRequests(1_000_000_000L)
              .dailyBulkQueryJobs(1_000_000_000L)
              .start();
      case "eloqua" ->
          EloquaSimulator.builder()
              .options(new SimulatorOptions(seed, clock, Map.of("contacts", c.records())))
              .changesPerHour(0)
              // Each OAuth refresh rotates Eloqua's refresh token, which a cohort cannot share:
              // its tenants sign in with Basic credentials (one call fewer each, no token call).
              .authFlow(EloquaSimulator.AuthFlow.BASIC)
              .syncTiming(prep.dividedBy(4), prep.minus(prep.dividedBy(4)), Duration.ZERO)
              .start();
      case "dynamics" ->
          DynamicsSimulator.builder()
              .seed(seed)
              .clock(clock)
              .records("contact", c.records())
              .changesPerHour(0)
              .dailyEntitlement(1_000_000_000L)
              .limits(
                  new DynamicsSimulator.Limits(
                      1_000_000_000,
                      Long.MAX_VALUE / 4,
                      100_000,
                      Duration.ofMinutes(5),
                      20,
                      5,
                      Duration.ofSeconds(1),
                      4))
              .start();
      case "hubspot-crm", "hubspot-map" ->
          HubSpotSimulator.builder()
              .system(c.system())
              .seed(seed)
              .clock(clock)
              .records(c.object(), c.records())
              .burstLimit(Integer.MAX_VALUE)
              .oauthBurstLimit(Integer.MAX_VALUE)
              .searchLimit(Integer.MAX_VALUE)
              .dailyLimit(Long.MAX_VALUE)
              .start();
      case "marketo" ->
          MarketoSimulator.builder()
              .options(new SimulatorOptions(seed, clock, Map.of("leads", c.records())))
              .leads(c.records())
              .span(Duration.ofDays(29))
              .changesPerHour(0)
              .dailyQuota(1_000_000_000L)
              .rateLimit(1_000_000_000, Duration.ofSeconds(20))
              .maxConcurrent(100_000)
              .extractSlots(100_000, 100_000)
              .extractBytesPerDay(Long.MAX_VALUE)
              .start();
      case "pardot" -> {
        PardotSimulator p =
            PardotSimulator.builder()
                .seed(seed)
                .clock(clock)
                .changesPerHour(0)
                .records("prospects", c.records())
                .start();
        p.setDailyLimit(1_000_000_000L);
        p.setConcurrencyLimit(100_000);
        p.setExportTiming(prep.dividedBy(4), prep.minus(prep.dividedBy(4)));
        yield p;
      }
      default -> throw new IllegalArgumentException("no night cohort for " + c.system());
    };
  }

  /**
   * {@code settings} for tenant number {@code i} of a cohort: where a connector keys its limits by
   * the customer's account (HubSpot's portal, Marketo's subscription), each tenant gets an account
   * of its own, as distinct customers have — sharing one would throttle the whole cohort as one
   * account.
   */
  static Map<String, String> forTenant(String system, int i, Map<String, String> settings) {
    Map<String, String> s = new java.util.TreeMap<>(settings);
    if (system.startsWith("hubspot-")) s.put("portalId", String.valueOf(10_000_000 + i));
    // The simulator's email events span the 30 days before it starts, its oldest seven stamped
    // exactly 30 days back; a first pull's default 30-day look-back, taken minutes later, rightly
    // leaves those out (7 of 20 per tenant). One day more takes in everything the night expects.
    if (system.equals("hubspot-map")) s.put("eventsLookbackDays", "31");
    if (system.equals("marketo"))
      s.put(
          "munchkinId", String.format(java.util.Locale.ROOT, "%03d-NGT-%03d", i / 1000, i % 1000));
    return s;
  }

  /** Job status requests (polls) by the path each vendor polls. */
  private static final Map<String, Pattern> POLLS =
      Map.of(
          "salesforce", Pattern.compile(".*/jobs/query/[^/]+$"),
          "eloqua", Pattern.compile(".*/syncs/\\d+$"),
          "pardot", Pattern.compile(".*/exports/\\d+$"),
          "marketo", Pattern.compile(".*/export/[^/]+/status\\.json$"));

  /** How many of the logged requests were GETs of a job's status. */
  static long polls(String system, RequestLog log) {
    Pattern p = POLLS.get(system);
    if (p == null) return 0;
    long n = 0;
    for (RequestLog.Entry e : log.entries()) {
      if (e.method().equals("GET") && p.matcher(e.path()).matches()) n++;
    }
    return n;
  }
}
