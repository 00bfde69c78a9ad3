package dev.revsync.benchmarks;

import static dev.revsync.benchmarks.Report.count;
import static dev.revsync.benchmarks.Report.num;

import dev.revsync.benchmarks.micro.CsvChunkBenchmark;
import dev.revsync.benchmarks.micro.KeyMatchBenchmark;
import dev.revsync.benchmarks.micro.RecordBuildBenchmark;
import dev.revsync.benchmarks.micro.SoapEnvelopeBenchmark;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Scenario 6: JMH micro-benchmarks of the hot paths, run from here with {@link OptionsBuilder}. */
final class MicroBenchmarks {
  private record Bench(Class<?> type, String what, int recordsPerOp, long bytesPerOp) {}

  private MicroBenchmarks() {}

  static void run(Harness h) throws Exception {
    CsvChunkBenchmark csv = new CsvChunkBenchmark();
    csv.setUp();
    SoapEnvelopeBenchmark soap = new SoapEnvelopeBenchmark();
    soap.setUp();
    KeyMatchBenchmark keys = new KeyMatchBenchmark();
    keys.setUp();
    List<Bench> benches =
        List.of(
            new Bench(
                CsvChunkBenchmark.class,
                "CSV chunk → records (Bulk 2.0 result chunk, 10,000 Contacts)",
                CsvChunkBenchmark.ROWS,
                csv.bytes()),
            new Bench(
                SoapEnvelopeBenchmark.class,
                "SOAP write envelope (partner update, 200 Contacts)",
                SoapEnvelopeBenchmark.RECORDS,
                soap.bytes()),
            new Bench(
                KeyMatchBenchmark.class,
                "JSON page → values, key matching (Salesforce query page, 2,000 Contacts)",
                KeyMatchBenchmark.RECORDS,
                keys.bytes()),
            new Bench(
                RecordBuildBenchmark.class,
                "Record building (2,000 Contacts × 17 typed values, one get each)",
                RecordBuildBenchmark.RECORDS,
                0));
    boolean smoke = h.sizes.mode().equals("smoke");
    boolean quick = h.sizes.mode().equals("quick");
    Report.Section s =
        h.report
            .section("6. Micro-benchmarks (JMH)")
            .text(
                smoke
                    ? "Smoke mode: JMH in-process, one short iteration; not a measurement."
                    : "JMH "
                        + (quick
                            ? "1 fork, 3 × 1 s warm-up, 5 × 1 s measurement"
                            : "1 fork, 3 × 2 s warm-up, 5 × 2 s measurement")
                        + ", forks with -Xmx256m. Score ± 99.9% confidence interval.")
            .columns("benchmark", "ops/s", "± (99.9%)", "records/s", "MB/s");
    for (Bench b : benches) {
      ChainedOptionsBuilder options =
          new OptionsBuilder()
              .include(b.type().getName().replace("$", "\\$") + "\\..*")
              .shouldFailOnError(true);
      if (smoke) {
        options
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(200));
      } else if (quick) {
        options
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1))
            .jvmArgs("-Xmx256m");
      } else {
        options
            .forks(1)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(2))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(2))
            .jvmArgs("-Xmx256m");
      }
      Harness.log("JMH " + b.type().getSimpleName());
      Collection<RunResult> results = new Runner(options.build()).run();
      for (RunResult r : results) {
        double ops = r.getPrimaryResult().getScore();
        double error = r.getPrimaryResult().getScoreError();
        String method =
            r.getParams()
                .getBenchmark()
                .substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
        boolean several =
            b.type() == KeyMatchBenchmark.class || b.type() == RecordBuildBenchmark.class;
        s.row(
            b.what() + (several ? ": " + method : ""),
            num(ops, 1),
            Double.isNaN(error) ? "–" : num(error, 1),
            count(ops * b.recordsPerOp()),
            b.bytesPerOp() == 0 ? "–" : num(ops * b.bytesPerOp() / 1e6, 1));
        h.sanity("JMH " + b.type().getSimpleName() + " ran", ops > 0, num(ops, 1) + " ops/s");
      }
    }
  }
}
