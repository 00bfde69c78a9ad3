package dev.revsync.benchmarks;

import static dev.revsync.benchmarks.Report.count;
import static dev.revsync.benchmarks.Report.num;

import dev.revsync.simulators.RequestLog;
import dev.revsync.simulators.Simulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Scenario 8: Marketo lead pulls against the live simulator, one run each: bulk lead extract of N
 * leads (1,000,000 in full mode) — its calls must be create + enqueue + polls + one file, plus at
 * most three (token, describe) — and REST paging of 10,000 leads, ⌈N / 300⌉ + at most three. Each
 * pull runs in a fresh -Xmx256m JVM; the simulator writes the extract file in the harness JVM when
 * the job completes, which is not in the connector's time.
 */
final class MarketoBenchmarks {
  static final long PAGING_N = 10_000;

  private MarketoBenchmarks() {}

  static void run(Harness h) throws Exception {
    long extractN = h.sizes.mode().equals("full") ? 1_000_000 : h.sizes.pullRecords();
    Report.Section s =
        h.report
            .section("8. Marketo: leads by bulk extract and by REST paging")
            .text(
                "One FULL Lead sync per row in a fresh -Xmx256m JVM against the live Marketo simulator (leads updated "
                    + "within one 31-day window; extract jobs complete at once, the poll wait is skipped by the clock). One run "
                    + "each: the extract of a million leads takes most of a minute on this machine.")
            .columns(
                "pull",
                "N",
                "records/s",
                "seconds",
                "calls",
                "data calls",
                "formula",
                "calls − formula",
                "peak heap after GC (MiB)",
                "status");
    measure(h, s, "extract", extractN);
    measure(h, s, "paging", Math.min(PAGING_N, extractN));
    s.note(
        "Extract: data calls = create + enqueue + status polls + file downloads; the rest is the identity token and the "
            + "lead describe. Paging: data calls = ⌈N / 300⌉ id-range pages plus the empty range that ends the scan.");
  }

  private static void measure(Harness h, Report.Section s, String method, long n) {
    try (Simulator sim = Simulators.start("marketo", "leads", n, h.seed)) {
      Harness.log("Marketo " + method + " N=" + n);
      JobSpec spec =
          new JobSpec(JobSpec.Kind.PULL)
              .set("system", "marketo")
              .set("object", "Lead")
              .set("method", method)
              .settings(sim.connectionSettings());
      if (method.equals("extract")) {
        spec.set(
            "since",
            Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS).toString());
      }
      Result r = h.runner.run(spec);
      RequestLog log = sim.requestLog();
      long calls = log.count();
      long data;
      long formula;
      String formulaText;
      if (method.equals("extract")) {
        long polls = log.count("/status.json");
        long files = log.count("/file.json");
        data = log.count("/create.json") + log.count("/enqueue.json") + polls + files;
        formula = 2 + polls + 1;
        formulaText = "create + enqueue + " + polls + " polls + 1 file";
      } else {
        data = log.count("/rest/v1/leads.json");
        formula = (n + 299) / 300;
        formulaText = "⌈N/300⌉ = " + formula;
      }
      s.row(
          "Marketo " + method,
          count(n),
          count(r.get("records") / r.get("seconds")),
          num(r.get("seconds"), 1),
          count(calls),
          count(data),
          formulaText,
          count(calls - formula),
          num(r.get("heapPeakAfterGcMiB"), 1),
          r.text("status"));
      h.sanity(
          "records = N (Marketo " + method + ")",
          r.get("records") == n,
          count(r.get("records"))
              + " of "
              + count(n)
              + ", status "
              + r.text("status")
              + (r.has("failure") ? ", " + r.text("failure") : ""));
      h.check(
          "calls ≤ formula + 3 (Marketo " + method + ")",
          calls <= formula + 3 && calls >= formula,
          count(calls) + " calls, formula " + formulaText);
    } catch (Exception | AssertionError e) {
      e.printStackTrace();
      h.sanity("Marketo " + method + " pull measured", false, String.valueOf(e));
    }
  }
}
