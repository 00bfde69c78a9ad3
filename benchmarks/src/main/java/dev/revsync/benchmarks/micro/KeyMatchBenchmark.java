package dev.revsync.benchmarks.micro;

import dev.revsync.spi.Json;
import dev.revsync.spi.RecordShape;
import java.io.IOException;
import java.util.List;
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

/**
 * Key matching: one Salesforce query page of 2,000 Contacts read into a map per record (every key
 * read as a string and hashed) or against a {@link RecordShape} (keys matched as bytes with Moshi's
 * {@code selectName}, {@code attributes} skipped unread). Values are read the same way in both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KeyMatchBenchmark {
  public static final int RECORDS = 2_000;
  private final RecordShape shape =
      RecordShape.of(
              "Contact",
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
                  "IsDeleted"))
          .matchingAnyCase();
  private byte[] page;

  @Setup
  public void setUp() {
    page = MicroData.salesforceQueryPage(RECORDS);
  }

  public int bytes() {
    return page.length;
  }

  @Benchmark
  public long mapKeys(Blackhole blackhole) throws IOException {
    return Json.readPage(
            new Buffer().write(page), "records", blackhole::consume, "salesforce", "benchmark")
        .records();
  }

  @Benchmark
  public long shapeKeys(Blackhole blackhole) throws IOException {
    return Json.readPage(
            new Buffer().write(page),
            "records",
            shape,
            blackhole::consume,
            "salesforce",
            "benchmark")
        .records();
  }
}
