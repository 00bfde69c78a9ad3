package dev.revsync.benchmarks.micro;

import dev.revsync.Record;
import dev.revsync.spi.RecordShape;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
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

/**
 * Record building alone, values already typed: 2,000 Contacts of 17 fields, each as an ordered map
 * per record ({@link Record#adopt}, the way before shapes) or as an array over one shared {@link
 * RecordShape}; each record is then read back once by name ({@code get}), as a host does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecordBuildBenchmark {
  public static final int RECORDS = 2_000;
  static final List<String> NAMES =
      List.of(
          "Id",
          "FirstName",
          "LastName",
          "Email",
          "Phone",
          "Title",
          "MailingCity",
          "MailingPostalCode",
          "AccountId",
          "Lead_Score__c",
          "NumberOfEmployees",
          "HasOptedOutOfEmail",
          "Birthdate",
          "CreatedDate",
          "SystemModstamp",
          "IsDeleted",
          "OwnerId");
  private final RecordShape shape = RecordShape.of("Contact", NAMES);
  private String[] names;
  private Object[][] rows;

  @Setup
  public void setUp() {
    names = NAMES.toArray(new String[0]);
    rows = new Object[RECORDS][];
    for (int i = 0; i < RECORDS; i++) {
      String id = String.format("003RO%013d", i);
      rows[i] =
          new Object[] {
            id,
            "Zoë",
            "O'Brien",
            "zoe." + i + "@example.com",
            "+1 415 555 1234",
            i % 4 == 0 ? null : "VP Sales",
            "München",
            "80331",
            "001RO0000000000042",
            new BigDecimal("12.5"),
            (long) i,
            i % 2 == 0,
            LocalDate.of(1970, 1, 1 + i % 28),
            Instant.parse("2024-05-20T20:49:32Z"),
            Instant.ofEpochSecond(1_700_000_000L + i),
            false,
            "005RO0000000000001"
          };
    }
  }

  @Benchmark
  public long mapPerRecord(Blackhole blackhole) {
    long n = 0;
    for (Object[] row : rows) {
      Map<String, Object> fields = new LinkedHashMap<>(names.length * 4 / 3 + 1);
      for (int i = 0; i < names.length; i++) fields.put(names[i], row[i]);
      Record r = Record.adopt("Contact", (String) row[0], (Instant) row[14], false, fields);
      blackhole.consume(r.get("Email"));
      n++;
    }
    return n;
  }

  @Benchmark
  public long shape(Blackhole blackhole) {
    long n = 0;
    for (Object[] row : rows) {
      // The readers hand over a fresh array per record; the copy stands for it.
      Record r = shape.record((String) row[0], (Instant) row[14], false, row.clone());
      blackhole.consume(r.get("Email"));
      n++;
    }
    return n;
  }
}
