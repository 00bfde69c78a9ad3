package dev.revsync.benchmarks;

import static dev.revsync.benchmarks.Report.count;
import static dev.revsync.benchmarks.Report.num;

import dev.revsync.pipeline.PullWindow;
import dev.revsync.simulators.ScaledClock;
import dev.revsync.simulators.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario "night": ten thousand tenants over every connector pulled by one {@link
 * dev.revsync.pipeline.DailyPipeline} through the 00:00–02:00 window, with every clock — the
 * pipeline's, the connections', the simulators' latency and job preparation — one {@link
 * ScaledClock}, so the two hours run in a few minutes and nothing is skipped. The simulators run in
 * this JVM; the pipeline in a fresh {@code -Xmx1g} one ({@link NightRun}).
 */
final class Night {
  /** Per-call latency of every simulator, on the scaled clock. */
  static final Duration LATENCY_MIN = Duration.ofMillis(100);

  static final Duration LATENCY_MAX = Duration.ofMillis(400);

  private Night() {}

  /** The sizes of one mode: cohorts, clock factor, the pipeline's concurrency. */
  record Plan(List<NightFleet.Cohort> cohorts, double factor, int concurrency, Duration lead) {
    int tenants() {
      return cohorts.stream().mapToInt(NightFleet.Cohort::tenants).sum();
    }
  }

  static Plan plan(String mode) {
    List<NightFleet.Cohort> full = NightFleet.full();
    return switch (mode) {
      case "smoke" ->
          new Plan(scale(full, 0.0, 0.1), 720, 20, Duration.ofSeconds(2).multipliedBy(720));
      case "quick" ->
          new Plan(scale(full, 0.2, 1.0), 72, 200, Duration.ofSeconds(15).multipliedBy(72));
      default -> new Plan(full, 24, 200, Duration.ofSeconds(25).multipliedBy(24));
    };
  }

  private static List<NightFleet.Cohort> scale(
      List<NightFleet.Cohort> cohorts, double tenants, double records) {
    return cohorts.stream().map(c -> c.scaled(tenants, records)).toList();
  }

  static void benchmark(Harness h, JobRunner runner) throws Exception {
    Plan plan = plan(h.sizes.mode());
    LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(1);
    PullWindow window = PullWindow.daily();
    Instant opens = window.opensAt(day);
    ScaledClock clock = ScaledClock.startingAt(opens.minus(plan.lead()), plan.factor());
    List<Simulator> sims = new ArrayList<>();
    try {
      JobSpec spec =
          new JobSpec(JobSpec.Kind.NIGHT)
              .set("clock", clock.spec())
              .set("day", day)
              .set("concurrency", plan.concurrency())
              .set("cohorts", plan.cohorts().size());
      for (int k = 0; k < plan.cohorts().size(); k++) {
        NightFleet.Cohort c = plan.cohorts().get(k);
        Simulator sim = NightFleet.start(c, clock, h.seed + k, LATENCY_MIN, LATENCY_MAX);
        sims.add(sim);
        String p = "cohort." + k + ".";
        spec.set(p + "name", c.name())
            .set(p + "system", c.system())
            .set(p + "object", c.object())
            .set(p + "style", c.style())
            .set(p + "tenants", c.tenants())
            .set(p + "budget", c.budget());
        sim.connectionSettings().forEach((key, v) -> spec.set(p + "setting." + key, v));
      }
      Harness.log(
          "night: "
              + count(plan.tenants())
              + " tenants in "
              + plan.cohorts().size()
              + " cohorts, clock ×"
              + num(plan.factor(), 0)
              + " (the window takes "
              + clock.toReal(window.length()).toSeconds()
              + " s), the window opens in "
              + Duration.between(clock.instant(), opens).toSeconds()
              + " s of the clock");
      Result r = runner.run(spec);
      report(h, plan, clock, sims, r);
    } finally {
      for (Simulator s : sims) s.close();
    }
  }

  private static void report(
      Harness h, Plan plan, ScaledClock clock, List<Simulator> sims, Result r) {
    Report.Section s =
        h.report
            .section(
                "10. The night: "
                    + count(plan.tenants())
                    + " tenants in the 00:00–02:00 window on one scaled clock")
            .text(
                count(plan.tenants())
                    + " tenants in "
                    + plan.cohorts().size()
                    + " cohorts over every connector, pulled by one DailyPipeline (concurrency "
                    + plan.concurrency()
                    + ") in a fresh -Xmx1g JVM. One clock runs "
                    + num(plan.factor(), 0)
                    + "× real time (the window takes "
                    + clock.toReal(Duration.ofHours(2)).toSeconds()
                    + " s): the pipeline's, every connection's, and the simulators' latency ("
                    + LATENCY_MIN.toMillis()
                    + "–"
                    + LATENCY_MAX.toMillis()
                    + " ms a call) and job preparation; every wait is waited, none skipped. "
                    + "Each cohort's tenants share one simulator (its data and credentials) but are "
                    + "each their own connection: id, budget, limiter, token, jobs.")
            .columns(
                "cohort",
                "connector",
                "style",
                "tenants",
                "records each",
                "job preparation",
                "budget",
                "finished / parked / backlog / failed",
                "records delivered",
                "server calls",
                "polls",
                "calls per tenant");
    long serverCalls = 0;
    long polls = 0;
    long expected = 0;
    long mustFinish = 0;
    long finished = 0;
    for (int k = 0; k < plan.cohorts().size(); k++) {
      NightFleet.Cohort c = plan.cohorts().get(k);
      Simulator sim = sims.get(k);
      long seen = sim.requestLog().count();
      long p = NightFleet.polls(c.system(), sim.requestLog());
      serverCalls += seen;
      polls += p;
      String outcome = r.has("cohort." + c.name()) ? r.text("cohort." + c.name()) : "0/0/0/0";
      long done = Long.parseLong(outcome.split("/")[0]);
      if (c.budget() >= NightFleet.BUDGET) {
        expected += c.tenants() * c.records();
        mustFinish += c.tenants();
        finished += done;
      }
      s.row(
          c.name(),
          c.system(),
          c.style().isEmpty() ? "default" : c.style(),
          count(c.tenants()),
          count(c.records()),
          c.jobs() ? c.preparation().toMinutes() + " min" : "—",
          count(c.budget()),
          outcome.replace("/", " / "),
          count(r.get("cohortRecords." + c.name())),
          count(seen),
          count(p),
          num(seen / (double) c.tenants(), 1));
    }
    s.note(
        "Job preparation is the simulator's time from a job's creation to its results (Salesforce Bulk 2.0 query, "
            + "Eloqua export sync, Pardot export); polls are GETs of a job's status, counted by the server.");
    s.note(
        "The simulators' account-wide caps (daily API limits, concurrent requests, burst windows) are lifted because "
            + "one simulator serves a whole cohort; each connection keeps its connector's own rate limits and job caps.");
    Report.Section totals =
        h.report
            .section("10a. The night: totals")
            .columns(
                "records in window",
                "of expected",
                "server calls",
                "polls",
                "tenants finished",
                "of those whose budget allows",
                "statuses",
                "pipeline ended at",
                "peak threads",
                "peak heap after GC (MiB)",
                "live heap start / middle / end (MiB)",
                "idle KiB per tenant",
                "budget overshoot (calls)",
                "wall s",
                "CPU s");
    totals.row(
        count(r.get("recordsInWindow")),
        count(expected),
        count(serverCalls),
        count(polls),
        count(r.get("tenants") - countNonFinished(r, plan)),
        count(finished) + " of " + count(mustFinish),
        r.text("statuses"),
        "00:" + num(r.get("endedMinutes"), 1) + " min",
        count(r.get("threadsPeak")),
        num(r.get("heapPeakAfterGcMiB"), 1),
        num(r.get("liveHeapStartMiB"), 1)
            + " / "
            + num(r.get("liveHeapMiddleMiB"), 1)
            + " / "
            + num(r.get("liveHeapEndMiB"), 1),
        num(r.get("idleBytesPerTenant") / 1024, 1),
        count(r.get("budgetOvershoot")),
        num(r.get("seconds"), 1),
        num(r.get("cpuSeconds"), 1));
    totals.note(
        "Live heap: heap in use after two System.gc() in the pipeline's JVM — when the window opens (every "
            + "connection built, none opened), at 01:00, and when the day is done (connections and store still held). "
            + "Idle KiB per tenant: the live heap at the opening minus before the connections were built, ÷ tenants.");
    totals.note(
        "Budget overshoot: the largest (calls counted in a tenant's ledger − its daily limit) over every tenant; "
            + "0 means no budget was exceeded by one call. Pipeline ended at: minutes of the clock after 00:00.");
    Report.Section over =
        h.report
            .section("10b. The night: the window over time (every 10 minutes of the clock)")
            .columns(
                "minute",
                "pulls running",
                "jobs parked",
                "records so far",
                "calls so far",
                "threads",
                "heap in use (MiB)");
    String samples = r.has("samples") ? r.text("samples") : "";
    for (String line : samples.split(";")) {
      if (line.isBlank()) continue;
      String[] f = line.split("\t");
      over.row(
          "00:" + f[0],
          count(Double.parseDouble(f[1])),
          count(Double.parseDouble(f[2])),
          count(Double.parseDouble(f[3])),
          count(Double.parseDouble(f[4])),
          count(Double.parseDouble(f[5])),
          num(Double.parseDouble(f[6]) / 1048576.0, 0));
    }
    over.note(
        "Pulls running hold a slot (a thread); a parked pull waits for its job on the pipeline's timer and holds "
            + "none. The column is read from the pipeline's listener (sync started − finished − parked + resumed).");
    if (r.has("plan")) over.note("The night's plan: `" + r.text("plan") + "`");
    if (r.has("planVersusActual")) over.note("`" + r.text("planVersusActual") + "`");
    if (r.has("parkedJobs"))
      over.note(
          count(r.get("parkedJobs"))
              + " pulls parked on a job ("
              + count(r.get("parks"))
              + " parks in all, at most "
              + count(r.get("peakParked"))
              + " at once); "
              + count(r.get("jobPolls"))
              + " job polls by the pipeline's report.");
    if (r.has("reportHead"))
      over.note("The pipeline's report (head):\n\n```\n" + r.text("reportHead") + "\n```");
    for (NightFleet.Cohort c : plan.cohorts()) {
      String failure = r.text("firstFailure." + c.name());
      if (failure != null) over.note("First non-finished tenant of " + c.name() + ": " + failure);
    }

    h.sanity(
        "night: no budget exceeded by one call",
        r.get("budgetOvershoot") <= 0,
        "largest overshoot "
            + count(r.get("budgetOvershoot"))
            + " calls"
            + (r.has("budgetOvershootTenant") ? " (" + r.text("budgetOvershootTenant") + ")" : ""));
    h.check(
        "night: every tenant whose budget allows finishes inside the window",
        finished == mustFinish,
        count(finished)
            + " of "
            + count(mustFinish)
            + " finished; "
            + count(r.get("recordsInWindow"))
            + " of "
            + count(expected)
            + " records inside the window");
    h.check(
        "night: peak heap ≤ 1 GiB",
        r.get("heapPeakAfterGcMiB") <= 1024,
        num(r.get("heapPeakAfterGcMiB"), 1) + " MiB after GC at the peak");
    h.check(
        "night: peak threads ≤ 300",
        r.get("threadsPeak") <= 300,
        count(r.get("threadsPeak"))
            + " threads; the most sampled: "
            + r.text("threadGroupsAtPeak"));
  }

  private static long countNonFinished(Result r, Plan plan) {
    long n = 0;
    for (NightFleet.Cohort c : plan.cohorts()) {
      if (!r.has("cohort." + c.name())) continue;
      String[] f = r.text("cohort." + c.name()).split("/");
      n += Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]);
    }
    return n;
  }
}
