package dev.revsync.benchmarks.micro;

import dev.revsync.spi.SoapWriter;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SOAP write envelope: a Salesforce partner {@code update} of 200 Contacts (the per-call maximum),
 * each with a score, a reason and a cleared field, written by {@link SoapWriter}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SoapEnvelopeBenchmark {
  public static final int RECORDS = 200;
  static final String PARTNER = "urn:partner.soap.sforce.com";
  static final String SOBJECT = "urn:sobject.partner.soap.sforce.com";
  private String[] ids;
  private long lastBytes;

  @Setup
  public void setUp() {
    ids = new String[RECORDS];
    for (int i = 0; i < RECORDS; i++) ids[i] = String.format(Locale.ROOT, "003RO%013d", i);
  }

  public long bytes() {
    return lastBytes > 0 ? lastBytes : writeUpdate();
  }

  @Benchmark
  public long writeUpdate() {
    CountingStream out = new CountingStream();
    try (SoapWriter soap = SoapWriter.start(out, Map.of("p", PARTNER, "o", SOBJECT))) {
      soap.startHeader();
      soap.start(PARTNER, "SessionHeader")
          .element(PARTNER, "sessionId", "00D5g000004XyZa!AQ8AQ.benchmark")
          .end();
      soap.start(PARTNER, "AllOrNoneHeader").element(PARTNER, "allOrNone", false).end();
      soap.startBody();
      soap.start(PARTNER, "update");
      for (int i = 0; i < RECORDS; i++) {
        soap.start(PARTNER, "sObjects").xsiType("o:sObject");
        soap.element(SOBJECT, "type", "Contact");
        soap.element(SOBJECT, "fieldsToNull", "Score_Reason__c");
        soap.element(SOBJECT, "Id", ids[i]);
        soap.element(SOBJECT, "Lead_Score__c", i % 100);
        soap.element(SOBJECT, "Score_Band__c", i % 3 == 0 ? "A & B <hot>" : "C");
        soap.end();
      }
    }
    lastBytes = out.count;
    return out.count;
  }

  /** Counts bytes and drops them: the envelope's cost without an HTTP body around it. */
  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
