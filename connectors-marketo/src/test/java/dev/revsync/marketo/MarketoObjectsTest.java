package dev.revsync.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Catalog;
import dev.revsync.Checkpoint;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.QuotaPolicy;
import dev.revsync.Record;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.marketo.MarketoSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Activities, programs, campaigns, lists and memberships, and what discover() lists. */
class MarketoObjectsTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private MarketoSimulator sim;
  private Connector connector;

  @AfterEach
  void close() {
    if (connector != null) connector.close();
    if (sim != null) sim.close();
  }

  private Connector start(long leads) {
    sim = MarketoSimulator.builder().clock(clock).leads(leads).span(Duration.ofDays(60)).start();
    Map<String, String> s = sim.connectionSettings();
    connector =
        new MarketoConnectorProvider()
            .open(
                ConnectionConfig.builder("test/marketo")
                    .baseUrl(s.get("baseUrl"))
                    .setting("clientId", s.get("clientId"))
                    .secret("clientSecret", s.get("clientSecret"))
                    .clock(clock)
                    .quotaPolicy(QuotaPolicy.unlimited())
                    .build());
    return connector;
  }

  private static List<Record> sync(Connector c, SyncRequest request, SyncResult[] result) {
    List<Record> out = new ArrayList<>();
    result[0] =
        c.sync(
            request,
            new dev.revsync.RecordSink() {
              @Override
              public void accept(Record record) {
                out.add(record);
              }

              @Override
              public void checkpoint(Checkpoint checkpoint) {}
            });
    assertThat(result[0].status()).as("%s", result[0]).isEqualTo(SyncResult.Status.COMPLETED);
    return out;
  }

  @Test
  void discoverListsLeadFieldsActivityTypesAndTheAssetObjects() {
    Catalog catalog = start(10).discover();
    assertThat(catalog.objects())
        .extracting(o -> o.name())
        .containsExactly(
            "Lead", "Activity", "Program", "SmartCampaign", "StaticList", "StaticListMembership");
    assertThat(catalog.object("Lead").orElseThrow().field("leadScore").orElseThrow().type())
        .isEqualTo(dev.revsync.FieldType.INTEGER);
    assertThat(catalog.object("Lead").orElseThrow().field("email").orElseThrow().externalId())
        .isTrue();
    assertThat(catalog.object("Activity").orElseThrow().deletes())
        .contains("12 New Lead", "37 Delete Lead");
  }

  @Test
  void activitiesComeFromOnePagingTokenPerGroupOfTenTypesAndTheNextSyncSeesOnlyNewOnes() {
    Connector c = start(2_000);
    Instant since = clock.instant().minus(Duration.ofDays(20));
    long expected = sim.leads().stream(true).filter(r -> !r.modifiedAt().isBefore(since)).count();
    SyncResult[] r = new SyncResult[1];
    List<Record> first =
        sync(c, SyncRequest.builder("Activity").option("since", since.toString()).build(), r);
    assertThat((long) first.size()).isEqualTo(expected);
    assertThat(first.get(0).get("activityTypeId")).isEqualTo(12L);
    assertThat(r[0].checkpoint().get(ActivitySync.TOKENS).split(","))
        .hasSize(2); // 17 types: groups of 10 and 7
    clock.advance(Duration.ofMinutes(5));
    SimRecord changed = sim.leads().update("42", Map.of("leadScore", 5L));
    List<Record> next =
        sync(
            c,
            SyncRequest.builder("Activity")
                .mode(SyncMode.INCREMENTAL)
                .checkpoint(r[0].checkpoint())
                .build(),
            r);
    assertThat(next)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.get("leadId")).isEqualTo(42L);
              assertThat(a.get("activityTypeId")).isEqualTo(13L);
              assertThat(a.modifiedAt()).isEqualTo(changed.modifiedAt());
            });
  }

  @Test
  void programsCampaignsListsAndMembershipsAreReadWhole() {
    Connector c = start(900);
    SyncResult[] r = new SyncResult[1];
    assertThat(sync(c, SyncRequest.builder("Program").build(), r))
        .hasSize(5)
        .allSatisfy(p -> assertThat(p.get("name")).isNotNull());
    assertThat(sync(c, SyncRequest.builder("SmartCampaign").build(), r)).hasSize(4);
    assertThat(sync(c, SyncRequest.builder("StaticList").build(), r))
        .extracting(Record::id)
        .containsExactly("1001", "1002", "1003");
    List<Record> members = sync(c, SyncRequest.builder("StaticListMembership").build(), r);
    Map<Object, Long> bySegment =
        sim.leads().stream(false)
            .filter(l -> l.get("revsyncSegment") != null)
            .collect(Collectors.groupingBy(l -> l.get("revsyncSegment"), Collectors.counting()));
    assertThat(members.stream().filter(m -> m.get("listId").equals(1001L)).count())
        .isEqualTo(bySegment.get("A"));
    assertThat((long) members.size())
        .isEqualTo(bySegment.values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void anActivityExtractHandsOverTheSameActivitiesAsThePagingTokenAndTheFeedGoesOnFromItsEnd() {
    Connector c = start(2_000);
    String since = clock.instant().minus(Duration.ofDays(25)).toString();
    SyncResult[] r = new SyncResult[1];
    List<Record> paged = sync(c, SyncRequest.builder("Activity").option("since", since).build(), r);
    List<Record> extracted =
        sync(
            c,
            SyncRequest.builder("Activity")
                .option("method", "extract")
                .option("since", since)
                .build(),
            r);
    assertThat(r[0].checkpoint().get(MarketoSync.METHOD)).isEqualTo("extract");
    assertThat(extracted).hasSameSizeAs(paged).isNotEmpty();
    Map<String, Record> byId = paged.stream().collect(Collectors.toMap(Record::id, x -> x));
    for (Record a : extracted) {
      Record p = byId.get(a.id());
      assertThat(p).as("activity %s by paging", a.id()).isNotNull();
      assertThat(a.fields()).as("activity %s", a.id()).isEqualTo(p.fields());
    }
    clock.advance(Duration.ofMinutes(5));
    sim.leads().update("77", Map.of("leadScore", 3L));
    List<Record> next =
        sync(
            c,
            SyncRequest.builder("Activity")
                .mode(SyncMode.INCREMENTAL)
                .checkpoint(r[0].checkpoint())
                .build(),
            r);
    assertThat(next).extracting(a -> a.get("leadId")).containsExactly(77L);
  }
}
