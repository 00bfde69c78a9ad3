package dev.revsync.benchmarks.micro;

import dev.revsync.spi.CsvRows;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/** CSV chunk → records: a Bulk API 2.0 result chunk of 10,000 Contacts through {@link CsvRows}. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CsvChunkBenchmark {
  public static final int ROWS = 10_000;
  private byte[] chunk;

  @Setup
  public void setUp() {
    chunk = MicroData.salesforceCsvChunk(ROWS);
  }

  public int bytes() {
    return chunk.length;
  }

  @Benchmark
  public long readChunk(Blackhole blackhole) throws IOException {
    try (CsvRows rows =
        CsvRows.builder()
            .quotedEmptyAsNull(true)
            .open(new ByteArrayInputStream(chunk), "salesforce", "benchmark")) {
      for (Map<String, String> row = rows.next(); row != null; row = rows.next())
        blackhole.consume(row);
      return rows.rows();
    }
  }
}
