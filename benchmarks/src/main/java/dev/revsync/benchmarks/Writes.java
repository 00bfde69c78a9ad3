package dev.revsync.benchmarks;

import static dev.revsync.benchmarks.Report.count;
import static dev.revsync.benchmarks.Report.num;

import dev.revsync.Activity;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.Connectors;
import dev.revsync.WriteItem;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.simulators.RequestLog;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.Simulator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario 4: a score export of N records through each connector's write path (Salesforce SOAP
 * update, 200 a call; Eloqua Bulk import, posts of up to 32 MB; HubSpot batch update, 100 a call),
 * against the live simulator.
 */
final class Writes {
  /** A connector's write path. */
  enum Target {
    SALESFORCE_SOAP("Salesforce SOAP update", "salesforce", "Contact", "Contact", 200),
    ELOQUA_IMPORT("Eloqua Bulk import", "eloqua", "Contact", "contacts", 0),
    DYNAMICS_BATCH("Dynamics 365 $batch PATCH", "dynamics", "contact", "contact", 1_000),
    MARKETO_SYNC_LEADS("Marketo sync leads", "marketo", "Lead", "leads", 300),
    HUBSPOT_BATCH("HubSpot batch update", "hubspot-crm", "contacts", "contacts", 100);

    final String label;
    final String system;
    final String object;
    final String simObject;

    /** Records per call at the API's maximum; 0 where a post's size (32 MB) is the limit. */
    final int maxBatch;

    Target(String label, String system, String object, String simObject, int maxBatch) {
      this.label = label;
      this.system = system;
      this.object = object;
      this.simObject = simObject;
      this.maxBatch = maxBatch;
    }

    Map<String, Object> values(int i) {
      return switch (this) {
        case SALESFORCE_SOAP ->
            Map.of("Score__c", (i % 10_000) / 100.0, "Score_Reason__c", "segment " + (i % 7));
        case ELOQUA_IMPORT ->
            Map.of(
                "C_Revsync_Score1", (long) (i % 100), "C_Revsync_Segment1", "segment-" + (i % 7));
        case DYNAMICS_BATCH ->
            Map.of("new_leadscore", (long) (i % 100), "new_enrichedtitle", "segment " + (i % 7));
        case MARKETO_SYNC_LEADS ->
            Map.of("revsyncScore", (long) (i % 100), "revsyncSegment", "segment-" + (i % 7));
        case HUBSPOT_BATCH ->
            Map.of(
                "annualrevenue",
                java.math.BigDecimal.valueOf(i % 10_000, 2),
                "jobtitle",
                "segment " + (i % 7));
      };
    }

    /** Whether a logged request carried records (a SOAP call; an import data post). */
    boolean isDataCall(RequestLog.Entry e) {
      if (!e.method().equals("POST")) return false;
      return switch (this) {
        case SALESFORCE_SOAP -> e.path().contains("/services/Soap/");
        case ELOQUA_IMPORT -> e.path().matches(".*/imports/\\d+/data");
        case DYNAMICS_BATCH -> e.path().endsWith("/$batch");
        case MARKETO_SYNC_LEADS -> e.path().equals("/rest/v1/leads.json");
        case HUBSPOT_BATCH -> e.path().endsWith("/batch/update");
      };
    }
  }

  /** Eloqua refuses import posts over 32 MB. */
  private static final long ELOQUA_MAX_POST = 32L * 1024 * 1024;

  private Writes() {}

  static void benchmark(Harness h) throws Exception {
    long n = h.sizes.writeRecords();
    Report.Section s =
        h.report
            .section("4. Writes: score export of " + count(n) + " records")
            .text(
                "Each connector's write path (WriteRequest SCORE_EXPORT, update by id) in a fresh -Xmx256m JVM against "
                    + "the live simulator (writes change its data, so they are not pre-rendered; the simulator's own parsing "
                    + "and storing is in the figure). Data calls: Salesforce SOAP `update` calls; Eloqua import data posts. "
                    + "Medians of "
                    + h.sizes.runs()
                    + " runs.")
            .columns(
                "write path",
                "N",
                "records/s",
                "succeeded",
                "calls",
                "data calls",
                "⌈N / max batch⌉",
                "calls − ⌈N / max batch⌉",
                "peak heap after GC (MiB)");
    for (Target t : Target.values()) {
      try {
        measure(h, t, n, s);
      } catch (Exception | AssertionError e) {
        e.printStackTrace();
        h.sanity("write measured (" + t.label + ")", false, String.valueOf(e));
      }
    }
    s.note("Marketo: sync leads (updateOnly on lookupField id), 300 leads a call.");
    s.note(
        "⌈N / max batch⌉: Salesforce 200 sObjects per SOAP call; Dynamics 1,000 operations per $batch; Eloqua rows per 32 MB post, from the bytes the "
            + "connector posted (one import sync stages up to 250 MB). Calls include token, discovery, definition, sync, "
            + "poll and log reads.");
  }

  private static void measure(Harness h, Target t, long n, Report.Section s) throws Exception {
    List<Result> runs = new ArrayList<>();
    List<Double> calls = new ArrayList<>();
    List<Double> dataCalls = new ArrayList<>();
    long expected = 0;
    try (Simulator sim = Simulators.start(t.system, t.simObject, n, h.seed)) {
      List<String> ids =
          sim.store().table(t.simObject).stream(false).limit(n).map(SimRecord::id).toList();
      for (int run = 1; run <= h.sizes.runs(); run++) {
        sim.requestLog().clear();
        Harness.log(t.label + " N=" + n + " run " + run);
        Result r =
            h.runner.run(
                new JobSpec(JobSpec.Kind.WRITE)
                    .set("target", t.name())
                    .list("ids", ids)
                    .settings(sim.connectionSettings()));
        runs.add(r);
        List<RequestLog.Entry> log = sim.requestLog().entries();
        calls.add((double) log.size());
        long data = log.stream().filter(t::isDataCall).count();
        dataCalls.add((double) data);
        long posted =
            log.stream().filter(t::isDataCall).mapToLong(RequestLog.Entry::bodyBytes).sum();
        expected =
            t.maxBatch > 0
                ? (n + t.maxBatch - 1) / t.maxBatch
                : Math.max(1, (posted + ELOQUA_MAX_POST - 1) / ELOQUA_MAX_POST);
      }
    }
    double seconds = Result.median(runs, "seconds");
    double succeeded = Result.median(runs, "succeeded");
    double medianCalls = Result.medianOf(calls);
    double medianData = Result.medianOf(dataCalls);
    s.row(
        t.label,
        count(n),
        count(n / seconds),
        count(succeeded),
        count(medianCalls),
        count(medianData),
        count(expected),
        count(medianCalls - expected),
        num(Result.median(runs, "heapPeakAfterGcMiB"), 1));
    h.sanity(
        "every item written (" + t.label + ")",
        succeeded == n,
        count(succeeded)
            + " of "
            + count(n)
            + ", status "
            + runs.get(runs.size() - 1).text("status")
            + failure(runs.get(runs.size() - 1)));
    h.check(
        "write data calls = ⌈N / max batch⌉ (" + t.label + ")",
        medianData == expected,
        count(medianData)
            + " data calls, "
            + count(expected)
            + " expected; "
            + count(medianCalls)
            + " calls in all");
  }

  /** The run's failure, for the report: a FAILED write says why. */
  private static String failure(Result run) {
    String failure = run.text("failure");
    return failure == null || failure.isEmpty() ? "" : " (" + failure + ")";
  }

  /** The measured job: builds the items, then times {@link Connector#write}. */
  static Result run(JobSpec spec) throws Exception {
    Target t = Target.valueOf(spec.get("target"));
    List<String> ids = spec.list("ids");
    List<WriteItem> items = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) items.add(WriteItem.of(ids.get(i), t.values(i)));
    WriteRequest request =
        WriteRequest.builder(t.object, Activity.SCORE_EXPORT).items(items).build();
    SkipWaitsClock clock = new SkipWaitsClock(Clock.systemUTC());
    ConnectionConfig config =
        Configs.forSimulator(t.system, "bench/" + t.system + "/write", spec.settings(), clock)
            .build();
    Result result = new Result();
    try (HeapWatch heap = HeapWatch.start();
        Connector connector = Connectors.open(t.system, config)) {
      Jobs.Timer timer = Jobs.Timer.start();
      WriteResult written = connector.write(request);
      timer.stop(result);
      heap.finish();
      heap.report(result);
      if (written.failure() != null) {
        written.failure().printStackTrace();
        result.put("failure", String.valueOf(written.failure()));
      }
      result
          .put("status", written.status().name())
          .put("succeeded", written.succeeded())
          .put("failed", written.failures().size())
          .put("backlog", written.backlog().size())
          .put("callsReported", written.callsSpent())
          .put("waitSkippedSeconds", clock.skipped().toMillis() / 1000.0);
    }
    return result;
  }
}
