package dev.revsync.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Checkpoint;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.QuotaPolicy;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.hubspot.HubSpotSimulator;
import dev.revsync.spi.CursorPager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** hubspot-map's pulls other than marketing emails (which the contract suite covers). */
class MarketingSyncTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private final List<AutoCloseable> open = new ArrayList<>();
  private HubSpotSimulator sim;
  private Connector connector;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) c.close();
  }

  private void start(Map<String, Long> counts) {
    HubSpotSimulator.Builder b = HubSpotSimulator.builder().system(HubSpotConfig.MAP).clock(clock);
    counts.forEach(b::records);
    sim = b.start();
    open.add(sim);
    clock.advance(Duration.ofMinutes(5));
    connector =
        new HubSpotMapConnectorProvider()
            .open(
                ConnectionConfig.builder("test/hubspot-map")
                    .baseUrl(sim.baseUrl())
                    .secret("privateAppToken", sim.privateAppToken())
                    .setting("eventsLookbackDays", "31")
                    .clock(clock)
                    .quotaPolicy(QuotaPolicy.unlimited())
                    .build());
    open.add(connector);
  }

  private static final class Sink implements RecordSink {
    final List<Record> records = new ArrayList<>();
    final List<Checkpoint> checkpoints = new ArrayList<>();

    @Override
    public void accept(Record record) {
      records.add(record);
    }

    @Override
    public void checkpoint(Checkpoint checkpoint) {
      checkpoints.add(checkpoint);
    }

    Set<String> ids() {
      return records.stream().map(Record::id).collect(Collectors.toSet());
    }
  }

  private SyncResult sync(String object, Checkpoint from, Sink sink) {
    return connector.sync(
        SyncRequest.builder(object).mode(SyncMode.INCREMENTAL).checkpoint(from).build(), sink);
  }

  @Test
  void emailEventsArePulledInThirtyDaySlicesPagedByOffsetAndTheNextPullTakesOnlyNewOnes() {
    start(Map.of("email_events", 2_500L));
    Sink first = new Sink();
    SyncResult r1 = sync("email_events", Checkpoint.EMPTY, first);
    assertThat(r1.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(first.ids()).hasSize(2_500);
    assertThat(first.records).hasSize(2_500);
    assertThat(sim.requestLog().count("/email/public/v1/events"))
        .as("31 days: a 30-day slice paged by 1,000 and a" + " one-day slice")
        .isBetween(4, 5);
    assertThat(first.checkpoints)
        .anySatisfy(cp -> assertThat(cp.get(MarketingSync.OFFSET)).isNotNull());
    Record e = first.records.get(0);
    assertThat(e.fields()).containsKeys("type", "recipient", "emailCampaignId", "created");

    clock.advance(Duration.ofMinutes(1));
    ObjectTable events = sim.table("email_events");
    String fresh =
        events
            .insert(
                Map.of(
                    "type",
                    "OPEN",
                    "recipient",
                    "late@example.com",
                    "emailCampaignId",
                    10_000_000_001L))
            .id();
    Sink second = new Sink();
    SyncResult r2 = sync("email_events", Checkpoint.parse(r1.checkpoint().serialize()), second);
    assertThat(r2.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(second.ids()).containsExactly(fresh);
  }

  @Test
  void formSubmissionsArePagedNewestFirstOnlyDownToTheWatermark() {
    start(Map.of("forms", 2L, "form_submissions", 120L));
    Sink first = new Sink();
    SyncResult r1 = sync("form_submissions", Checkpoint.EMPTY, first);
    assertThat(r1.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(first.ids()).hasSize(120);
    assertThat(first.records.get(0).fields()).containsKeys("formId", "pageUrl", "values.email");

    clock.advance(Duration.ofMinutes(1));
    SimRecord added =
        sim.table("form_submissions")
            .insert(
                Map.of(
                    "formGuid",
                    sim.table("forms").stream(false).findFirst().orElseThrow().id(),
                    "email",
                    "x@example.com",
                    "firstname",
                    "X",
                    "pageUrl",
                    "https://www.example.com/landing/9"));
    int before = sim.requestLog().count();
    Sink second = new Sink();
    SyncResult r2 = sync("form_submissions", Checkpoint.parse(r1.checkpoint().serialize()), second);
    assertThat(r2.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(second.ids()).containsExactly(added.id());
    assertThat(sim.requestLog().count() - before)
        .as("the forms, then one page per form")
        .isEqualTo(3);
  }

  @Test
  void listsMembershipsCampaignsFormsAndEmailCampaignsAreReadInFull() {
    start(Map.of("lists", 4L, "campaigns", 3L, "forms", 2L, "email_campaigns", 5L));
    Sink lists = new Sink();
    assertThat(sync("lists", Checkpoint.EMPTY, lists).status())
        .isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(lists.records)
        .hasSize(4)
        .allSatisfy(r -> assertThat(r.fields()).containsKeys("name", "size"));
    Sink members = new Sink();
    assertThat(sync("list_memberships", Checkpoint.EMPTY, members).status())
        .isEqualTo(SyncResult.Status.COMPLETED);
    Set<String> listIds = new HashSet<>();
    members.records.forEach(r -> listIds.add((String) r.get("listId")));
    assertThat(listIds).hasSize(4);
    assertThat(members.records).hasSizeGreaterThan(400);
    Sink campaigns = new Sink();
    assertThat(sync("campaigns", Checkpoint.EMPTY, campaigns).status())
        .isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(campaigns.records)
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.get("hs_name")).isNotNull());
    Sink forms = new Sink();
    assertThat(sync("forms", Checkpoint.EMPTY, forms).status())
        .isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(forms.records).hasSize(2);
    Sink emailCampaigns = new Sink();
    SyncResult r = sync("email_campaigns", Checkpoint.EMPTY, emailCampaigns);
    assertThat(r.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(emailCampaigns.records)
        .hasSize(5)
        .allSatisfy(rec -> assertThat(rec.get("counters.sent")).isNotNull());
    // nothing changed: the next pull asks for no campaign's details
    int before = sim.requestLog().count();
    Sink again = new Sink();
    sync("email_campaigns", Checkpoint.parse(r.checkpoint().serialize()), again);
    assertThat(again.records).isEmpty();
    assertThat(sim.requestLog().count() - before).isEqualTo(1);
  }

  @Test
  void aFullReadListingStoppedByTheBudgetResumesAtThePageItReachedNotFromTheStart() {
    start(Map.of("campaigns", 250L));
    Connector twoCalls =
        new HubSpotMapConnectorProvider()
            .open(
                ConnectionConfig.builder("test/hubspot-map-budget")
                    .baseUrl(sim.baseUrl())
                    .secret("privateAppToken", sim.privateAppToken())
                    .clock(clock)
                    .quotaPolicy(QuotaPolicy.daily(2))
                    .build());
    open.add(twoCalls);
    Sink day1 = new Sink();
    SyncResult r1 =
        twoCalls.sync(SyncRequest.builder("campaigns").mode(SyncMode.INCREMENTAL).build(), day1);
    assertThat(r1.status()).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    assertThat(day1.records).hasSize(200);
    assertThat(r1.checkpoint().get(CursorPager.PAGE_TOKEN))
        .as("the next page's token, kept")
        .isNotNull();

    int before = sim.requestLog().count();
    Sink day2 = new Sink();
    assertThat(sync("campaigns", Checkpoint.parse(r1.checkpoint().serialize()), day2).status())
        .isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(sim.requestLog().count() - before)
        .as("calls to read the last page only")
        .isEqualTo(1);
    assertThat(day2.records).hasSize(50);
    Set<String> all = new HashSet<>(day1.ids());
    all.addAll(day2.ids());
    assertThat(all).hasSize(250);
  }

  @Test
  void anUnknownObjectIsAConfigurationErrorNamingTheObjects() {
    start(Map.of());
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> sync("contacts", Checkpoint.EMPTY, new Sink()));
    assertThat(t)
        .isInstanceOf(dev.revsync.ConfigurationException.class)
        .hasMessageContaining("marketing_emails");
  }
}
