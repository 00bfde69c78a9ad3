package dev.revsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConnectionConfig;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.salesforce.SalesforceSimulator;
import dev.revsync.spi.Json;
import dev.revsync.spi.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile values, quoted by {@link Soql#quote}, sent to the simulator's SOQL parser (written
 * independently from the same notes): each must match exactly the record holding it, never more.
 */
class SoqlEscapingSimulatorTest {
  SalesforceSimulator sim;
  Transport transport;
  SalesforceRestClient rest;

  @BeforeEach
  void start() {
    SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
    sim = SalesforceSimulator.builder().clock(clock).records("Account", 20).start();
    ConnectionConfig.Builder b = ConnectionConfig.builder("test/soql").clock(clock);
    sim.connectionSettings()
        .forEach(
            (k, v) -> {
              if (k.equals("baseUrl")) b.baseUrl(v);
              else b.secret(k, v);
            });
    ConnectionConfig config = b.build();
    SalesforceConfig sf = SalesforceConfig.from(config);
    transport =
        Transport.builder(SalesforceConfig.DESCRIPTOR, config)
            .tokenProvider(new SalesforceAuth(sf))
            .classifier(new SalesforceErrors())
            .build();
    rest = new SalesforceRestClient(transport, sf);
  }

  @AfterEach
  void stop() {
    transport.close();
    sim.close();
  }

  List<Map<String, Object>> query(String soql) {
    List<Map<String, Object>> records = new ArrayList<>();
    transport.execute(
        Activity.SYNC,
        ApiStyle.REST,
        rest.firstPage(Activity.SYNC, soql, false),
        response ->
            Json.readPage(
                response.body().source(), "records", records::add, "salesforce", "query"));
    return records;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "O'Brien & Sons",
        "x' OR Name != 'x",
        "back\\slash\\' OR Id != '",
        "two\nlines\r\nand\ttab",
        "quote \"double\" and 'single'",
        "trailing backslash\\",
        "50% off_sale"
      })
  void aHostileValueMatchesExactlyTheRecordHoldingIt(String hostile) {
    List<SimRecord> accounts = sim.table("Account").stream(false).toList();
    SimRecord target = accounts.get(3);
    sim.table("Account").update(target.id(), Map.of("Name", hostile));
    // A neighbour holding what a broken escaping would leave of the value.
    String broken = hostile.replace("\\", "").replace("'", "");
    if (!broken.equals(hostile))
      sim.table("Account").update(accounts.get(4).id(), Map.of("Name", broken));

    List<Map<String, Object>> found =
        query(Soql.select(List.of("Id", "Name"), "Account", "Name = " + Soql.quote(hostile), null));
    assertThat(found).hasSize(1);
    assertThat(found.get(0)).containsEntry("Id", target.id()).containsEntry("Name", hostile);
  }
}
