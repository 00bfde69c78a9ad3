package dev.revsync.eloqua;

import dev.revsync.ConnectionConfig;
import dev.revsync.CredentialListener;
import dev.revsync.QuotaPolicy;
import dev.revsync.simulators.RequestLog;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.eloqua.EloquaSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** A simulator, its clock and connections to it, for one test; closes everything it opened. */
final class EloquaWorld implements AutoCloseable {
  final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  final EloquaSimulator sim;
  private final List<AutoCloseable> opened = new ArrayList<>();

  EloquaWorld(Consumer<EloquaSimulator.Builder> setup) {
    EloquaSimulator.Builder b =
        EloquaSimulator.builder()
            .clock(clock)
            .contacts(2_500)
            .accounts(20)
            .emailOpens(0)
            .formSubmits(0)
            .customObjectRecords(0)
            .changesPerHour(0)
            .authFlow(EloquaSimulator.AuthFlow.BASIC);
    setup.accept(b);
    sim = b.start();
    opened.add(sim);
    clock.advance(Duration.ofHours(1)); // changes are stamped after every generated record
  }

  ConnectionConfig.Builder config() {
    ConnectionConfig.Builder b =
        ConnectionConfig.builder("test/eloqua")
            .clock(clock)
            .setting(EloquaConfig.TIME_ZONE, EloquaFixture.ZONE);
    for (Map.Entry<String, String> e : sim.connectionSettings().entrySet()) {
      if (EloquaConfig.KEYS.stream().anyMatch(k -> k.name().equals(e.getKey()) && k.secret())) {
        b.secret(e.getKey(), e.getValue());
      } else {
        b.setting(e.getKey(), e.getValue());
      }
    }
    return b;
  }

  /** A connection reading pages of {@code page} rows. */
  EloquaConnector open(ConnectionConfig config, int page) {
    EloquaConnector c = EloquaConnector.open(config);
    c.dataPageSize(page);
    opened.add(c);
    return c;
  }

  EloquaConnector open(int page) {
    return open(config().build(), page);
  }

  EloquaConnector open(QuotaPolicy quota, CredentialListener listener, int page) {
    return open(config().quotaPolicy(quota).credentialListener(listener).build(), page);
  }

  RequestLog log() {
    return sim.requestLog();
  }

  int count(Predicate<RequestLog.Entry> p) {
    return log().count(p);
  }

  /** Requests made after the first {@code skip} ones. */
  List<RequestLog.Entry> since(int skip) {
    List<RequestLog.Entry> all = log().entries();
    return all.subList(skip, all.size());
  }

  static boolean isExportDefinition(RequestLog.Entry e) {
    return e.method().equals("POST")
        && e.path().toLowerCase(Locale.ROOT).endsWith("/contacts/exports");
  }

  static boolean isSyncCreation(RequestLog.Entry e) {
    return e.method().equals("POST")
        && e.path().toLowerCase(Locale.ROOT).endsWith("/api/bulk/2.0/syncs");
  }

  static boolean isPoll(RequestLog.Entry e) {
    return e.method().equals("GET") && e.path().matches(".*/syncs/\\d+");
  }

  static boolean isData(RequestLog.Entry e) {
    return e.method().equals("GET") && e.path().endsWith("/data");
  }

  @Override
  public void close() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }
}
