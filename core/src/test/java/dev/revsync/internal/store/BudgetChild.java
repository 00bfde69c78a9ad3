package dev.revsync.internal.store;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.QuotaExhaustedException;
import dev.revsync.QuotaPolicy;
import dev.revsync.RateLimits;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.spi.Transport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.Request;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One of several processes spending one connection's budget, kept in PostgreSQL: four threads make
 * calls through a {@link Transport} until the budget says no, then it prints how many it made.
 * Args: JDBC URL, table prefix, daily limit, API URL. Prints "ready", waits for "go" on stdin.
 */
public final class BudgetChild {
  static final String CONNECTION = "tenant-pg/acme";
  static final LocalDate DAY = LocalDate.parse("2026-11-28");

  private BudgetChild() {}

  public static void main(String[] args) throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(args[0]);
    ds.setUser("postgres");
    CheckpointStore store = CheckpointStore.jdbc(ds, args[1]);
    QuotaPolicy budget =
        QuotaPolicy.builder()
            .dailyLimit(Long.parseLong(args[2]))
            .ledger(store.quotaLedger())
            .build();
    ConnectionConfig config =
        ConnectionConfig.builder(CONNECTION)
            .quotaPolicy(budget)
            .clock(Clock.fixed(Instant.parse(DAY + "T01:00:00Z"), ZoneOffset.UTC))
            .build();
    ConnectorDescriptor descriptor =
        ConnectorDescriptor.builder("acme", "Acme CRM")
            .apiStyles(Activity.LOGIN, ApiStyle.REST)
            .apiStyles(Activity.SYNC, ApiStyle.REST)
            .apiStyles(Activity.ENRICHMENT, ApiStyle.REST)
            .apiStyles(Activity.SCORE_EXPORT, ApiStyle.REST)
            .rateLimits(RateLimits.concurrency(16))
            .build();
    Request request = new Request.Builder().url(args[3]).build();
    try (Transport transport = Transport.builder(descriptor, config).build()) {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      System.out.println("ready");
      System.out.flush();
      if (!"go".equals(in.readLine())) throw new IllegalStateException("expected go");
      ExecutorService threads = Executors.newFixedThreadPool(4);
      List<Future<Integer>> made = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        made.add(
            threads.submit(
                () -> {
                  int calls = 0;
                  while (true) {
                    try {
                      transport.execute(
                          Activity.SYNC, ApiStyle.REST, request, r -> r.body().string());
                      calls++;
                    } catch (QuotaExhaustedException e) {
                      return calls;
                    }
                  }
                }));
      }
      int total = 0;
      for (Future<Integer> f : made) total += f.get();
      threads.shutdown();
      System.out.println("calls " + total);
      System.out.flush();
    }
    System.exit(0);
  }
}
