package dev.revsync.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Activity;
import dev.revsync.ConnectionConfig;
import dev.revsync.QuotaPolicy;
import dev.revsync.WriteItem;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.simulators.RequestLog;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.marketo.MarketoSimulator;
import dev.revsync.spi.Transport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MarketoRestClientTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private final MarketoSimulator sim = MarketoSimulator.builder().clock(clock).leads(900).start();
  private final ConnectionConfig connection =
      ConnectionConfig.builder("test/marketo")
          .baseUrl(sim.connectionSettings().get("baseUrl"))
          .setting("clientId", sim.connectionSettings().get("clientId"))
          .secret("clientSecret", sim.connectionSettings().get("clientSecret"))
          .clock(clock)
          .quotaPolicy(QuotaPolicy.unlimited())
          .build();
  private final MarketoConfig config = MarketoConfig.from(connection);
  private final Transport transport =
      Transport.builder(MarketoConfig.DESCRIPTOR, connection)
          .tokenProvider(MarketoAuth.tokenProvider(config))
          .classifier(new MarketoErrors())
          .build();

  @AfterEach
  void close() {
    transport.close();
    sim.close();
  }

  @Test
  void aReadTooLongForAUrlGoesAsPostWithMethodGetAndAFormBody() {
    StringBuilder ids = new StringBuilder();
    // 100 real ids and 200 too long for any lead: a 300-value filter past the 8 KB URI limit
    for (int i = 1; i <= 300; i++)
      ids.append(i == 1 ? "" : ",").append(i <= 100 ? Integer.toString(i) : "9".repeat(30) + i);
    String fields =
        String.join(",", List.of("id", "email", "firstName", "lastName", "company", "updatedAt"));
    MarketoRestClient client = new MarketoRestClient(transport, config);
    MarketoRestClient.Page page =
        client.get(
            Activity.SYNC,
            "/rest/v1/leads.json",
            Map.of("filterType", "id", "filterValues", ids.toString(), "fields", fields));
    assertThat(page.results()).hasSize(100);
    RequestLog.Entry read = sim.requestLog().entries().get(sim.requestLog().count() - 1);
    assertThat(read.method()).isEqualTo("POST");
    assertThat(read.query()).isEqualTo("_method=GET");
    assertThat(sim.requestLog().count(e -> e.status() == 414)).isZero();
  }

  @Test
  void anUpsertOnEmailCreatesUnknownLeadsAndUpdatesKnownOnes() {
    try (MarketoConnector connector = MarketoConnector.open(connection)) {
      String known = (String) sim.leads().get("7").get("email");
      WriteResult r =
          connector.write(
              WriteRequest.builder("Lead", Activity.ENRICHMENT)
                  .upsertOn("email")
                  .items(
                      List.of(
                          WriteItem.of(known, Map.of("revsyncSegment", "known")),
                          WriteItem.of(
                              "brand.new@example.com",
                              Map.of("revsyncSegment", "new", "lastName", "New"))))
                  .build());
      assertThat(r.succeeded()).isEqualTo(2);
      assertThat(r.outcomes().get(0).created()).isFalse();
      assertThat(r.outcomes().get(0).id()).isEqualTo("7");
      assertThat(r.outcomes().get(1).created()).isTrue();
      assertThat(sim.leads().get(r.outcomes().get(1).id()).get("email"))
          .isEqualTo("brand.new@example.com");
      assertThat(sim.leads().get("7").get("revsyncSegment")).isEqualTo("known");
    }
  }
}
