package dev.revsync.benchmarks.micro;

import dev.revsync.spi.Json;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** JSON page → records: one Salesforce query page of 2,000 Contacts through {@link Json#readPage}. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JsonPageBenchmark {
  public static final int RECORDS = 2_000;
  private byte[] page;

  @Setup
  public void setUp() {
    page = MicroData.salesforceQueryPage(RECORDS);
  }

  public int bytes() {
    return page.length;
  }

  @Benchmark
  public long readPage(Blackhole blackhole) throws IOException {
    Json.Page p = Json.readPage(new Buffer().write(page), "records", blackhole::consume, "salesforce", "benchmark");
    return p.records();
  }
}
