package dev.revsync.simulators.dynamics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.FaultPlan;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PATCH/upsert semantics, $batch with change sets, service protection and injected faults, per the
 * notes.
 */
class DynamicsWriteAndLimitsTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private DynamicsSimulator sim;

  @AfterEach
  void close() {
    if (sim != null) sim.close();
  }

  private DataverseClient client(DynamicsSimulator.Builder b) {
    sim = b.clock(clock).start();
    return new DataverseClient(sim).login();
  }

  @Test
  void patchUpdatesUpsertsByAlternateKeyAndHonoursIfMatchAndIfNoneMatch() {
    DataverseClient c = client(DynamicsSimulator.builder().records("account", 20));
    SimRecord a = sim.table("account").stream(false).findFirst().orElseThrow();
    DataverseClient.Reply update =
        c.patch("accounts(" + a.id() + ")", "{\"new_revsyncscore\":87}", "If-Match", "*");
    assertThat(update.code()).as(update.body()).isEqualTo(204);
    assertThat(update.header("OData-EntityId"))
        .isEqualTo(sim.baseUrl() + "/api/data/v9.2/accounts(" + a.id() + ")");
    assertThat(sim.table("account").get(a.id()).get("new_revsyncscore")).isEqualTo(87L);
    DataverseClient.Reply one = c.get("accounts(" + a.id() + ")/new_revsyncscore");
    assertThat(one.map()).containsEntry("value", 87.0);
    DataverseClient.Reply row = c.get("accounts(" + a.id() + ")?$select=name,new_revsyncscore");
    assertThat((String) row.map().get("@odata.context"))
        .endsWith("#accounts(name,new_revsyncscore)/$entity");
    assertThat(row.map())
        .containsEntry("accountid", a.id())
        .containsEntry("new_revsyncscore", 87.0);

    DataverseClient.Reply missing =
        c.patch(
            "accounts(00000000-0000-0000-0000-000000000001)", "{\"name\":\"x\"}", "If-Match", "*");
    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.error()).containsEntry("code", "0x80040217");

    String number = (String) a.get("accountnumber");
    DataverseClient.Reply byKey =
        c.patch(
            "accounts(accountnumber='" + number + "')", "{\"new_enrichedindustry\":\"Fintech\"}");
    assertThat(byKey.code()).as(byKey.body()).isEqualTo(204);
    assertThat(sim.table("account").get(a.id()).get("new_enrichedindustry")).isEqualTo("Fintech");

    long before = sim.table("account").size(false);
    DataverseClient.Reply created =
        c.patch(
            "accounts(accountnumber='NEW-1')",
            "{\"name\":\"Fresh\"}",
            "Prefer",
            "return=representation");
    assertThat(created.code()).isEqualTo(201);
    assertThat(created.map())
        .containsEntry("name", "Fresh")
        .containsEntry("accountnumber", "NEW-1");
    assertThat(sim.table("account").size(false)).isEqualTo(before + 1);

    DataverseClient.Reply createOnly =
        c.patch("accounts(accountnumber='NEW-1')", "{\"name\":\"Again\"}", "If-None-Match", "*");
    assertThat(createOnly.code()).isEqualTo(412);

    DataverseClient.Reply stale =
        c.patch("accounts(" + a.id() + ")", "{\"name\":\"x\"}", "If-Match", "W/\"1\"");
    assertThat(stale.code()).isEqualTo(412);

    DataverseClient.Reply badKey = c.patch("accounts(name='Acme')", "{\"telephone1\":\"1\"}");
    assertThat(badKey.code()).isEqualTo(400);
    assertThat((String) badKey.error().get("message"))
        .startsWith("The key in the request URI is not valid for resource");

    DataverseClient.Reply badChoice =
        c.patch("accounts(" + a.id() + ")", "{\"industrycode\":999}", "If-Match", "*");
    assertThat(badChoice.code()).isEqualTo(400);
    assertThat(badChoice.error()).containsEntry("code", "0x80044331");
  }

  @Test
  void aBatchOfChangeSetsWithContinueOnErrorAnswersEveryOperationInOrder() {
    DataverseClient c = client(DynamicsSimulator.builder().records("contact", 10));
    List<SimRecord> rows = sim.table("contact").stream(false).collect(Collectors.toList());
    StringBuilder body = new StringBuilder();
    String[] targets = {rows.get(0).id(), "00000000-0000-0000-0000-00000000dead", rows.get(1).id()};
    for (int i = 0; i < targets.length; i++) {
      body.append("--batch_A\r\nContent-Type: multipart/mixed; boundary=changeset_")
          .append(i)
          .append("\r\n\r\n")
          .append("--changeset_")
          .append(i)
          .append("\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n")
          .append("Content-ID: ")
          .append(i + 1)
          .append("\r\n\r\nPATCH ")
          .append(sim.baseUrl())
          .append("/api/data/v9.2/contacts(")
          .append(targets[i])
          .append(") HTTP/1.1\r\nContent-Type: application/json\r\n")
          .append("If-Match: *\r\n\r\n{\"new_leadscore\":")
          .append(50 + i)
          .append("}\r\n--changeset_")
          .append(i)
          .append("--\r\n");
    }
    body.append("--batch_A--\r\n");
    DataverseClient.Reply r = c.batch("batch_A", body.toString(), "odata.continue-on-error");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("multipart/mixed; boundary=batchresponse_");
    String text = r.body();
    int first = text.indexOf("HTTP/1.1 204 No Content");
    int failed = text.indexOf("HTTP/1.1 404 Not Found");
    int third = text.indexOf("HTTP/1.1 204 No Content", failed);
    assertThat(first).isPositive();
    assertThat(failed).isGreaterThan(first);
    assertThat(third).isGreaterThan(failed);
    assertThat(text).contains("changesetresponse_").contains("\"code\":\"0x80040217\"");
    assertThat(sim.table("contact").get(rows.get(1).id()).get("new_leadscore")).isEqualTo(52L);

    DataverseClient.Reply stop = c.batch("batch_A", body.toString());
    assertThat(stop.code()).isEqualTo(400);
    assertThat(stop.body())
        .doesNotContain(
            "HTTP/1.1 204 No Content\r\nOData-EntityId: "
                + sim.baseUrl()
                + "/api/data/v9.2/contacts("
                + rows.get(1).id()
                + ")");
  }

  @Test
  void aBatchWrittenWithBareLineFeedsCreatesAndRefersToTheNewRowAndReadsOutsideTheChangeSet() {
    DataverseClient c = client(DynamicsSimulator.builder().records("account", 3));
    String body =
        String.join(
            "\n",
            "--batch_x",
            "Content-Type: multipart/mixed;boundary=changeset_y",
            "",
            "--changeset_y",
            "Content-Type: application/http",
            "Content-Transfer-Encoding: binary",
            "Content-ID: 1",
            "",
            "POST accounts HTTP/1.1",
            "Content-Type: application/json",
            "",
            "{\"name\":\"Batch Corp\",\"accountnumber\":\"B-1\"}",
            "--changeset_y",
            "Content-Type: application/http",
            "Content-Transfer-Encoding: binary",
            "Content-ID: 2",
            "",
            "PATCH $1 HTTP/1.1",
            "Content-Type: application/json",
            "",
            "{\"new_revsyncscore\":5}",
            "--changeset_y--",
            "--batch_x",
            "Content-Type: application/http",
            "Content-Transfer-Encoding: binary",
            "",
            "GET /api/data/v9.2/accounts?$select=name,new_revsyncscore&$filter=accountnumber%20eq%20'B-1' HTTP/1.1",
            "Accept: application/json",
            "",
            "--batch_x--",
            "");
    DataverseClient.Reply r = c.batch("batch_x", body);
    assertThat(r.code()).as(r.body()).isEqualTo(200);
    assertThat(r.body())
        .contains("HTTP/1.1 204 No Content")
        .contains("\"name\":\"Batch Corp\"")
        .contains("\"new_revsyncscore\":5");
    assertThat(sim.table("account").size(false)).isEqualTo(4);
  }

  @Test
  void aChangeSetIsAtomicAndForwardReferencesAreRefused() {
    DataverseClient c = client(DynamicsSimulator.builder().records("contact", 5));
    SimRecord row = sim.table("contact").stream(false).findFirst().orElseThrow();
    String body =
        "--b\r\nContent-Type: multipart/mixed; boundary=cs\r\n\r\n"
            + "--cs\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n"
            + "PATCH /api/data/v9.2/contacts("
            + row.id()
            + ") HTTP/1.1\r\nContent-Type: application/json\r\nIf-Match: *\r\n\r\n"
            + "{\"new_leadscore\":99}\r\n"
            + "--cs\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 2\r\n\r\n"
            + "PATCH /api/data/v9.2/contacts("
            + row.id()
            + ") HTTP/1.1\r\nContent-Type: application/json\r\n\r\n"
            + "{\"nosuchcolumn\":1}\r\n--cs--\r\n--b--\r\n";
    DataverseClient.Reply r = c.batch("b", body);
    assertThat(r.code()).isEqualTo(400);
    assertThat(r.body()).contains("HTTP/1.1 400 Bad Request").contains("nosuchcolumn");
    assertThat(sim.table("contact").get(row.id()).get("new_leadscore"))
        .isEqualTo(row.get("new_leadscore"));

    String forward =
        "--b\r\nContent-Type: multipart/mixed; boundary=cs\r\n\r\n"
            + "--cs\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\n"
            + "PATCH $2 HTTP/1.1\r\nContent-Type: application/json\r\n\r\n{\"new_leadscore\":1}\r\n--cs--\r\n--b--\r\n";
    DataverseClient.Reply ref = c.batch("b", forward);
    assertThat(ref.body())
        .contains("Content-ID Reference: '$2' does not exist in the batch context.");
  }

  @Test
  void serviceProtectionAnswers429WithRetryAfterAndTheLimitsCode() {
    DataverseClient c =
        client(
            DynamicsSimulator.builder()
                .limits(
                    new DynamicsSimulator.Limits(
                        3, 1_200_000, 52, Duration.ofMinutes(5), 20, 5, Duration.ofSeconds(1), 4)));
    for (int i = 0; i < 3; i++) assertThat(c.get("WhoAmI").code()).isEqualTo(200);
    DataverseClient.Reply refused = c.get("WhoAmI");
    assertThat(refused.code()).isEqualTo(429);
    assertThat(refused.error())
        .containsEntry("code", "0x80072322")
        .containsEntry(
            "message",
            "Number of requests exceeded the limit of 3 over time window of 300 seconds.");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 300L);
    assertThat(refused.header("x-ms-ratelimit-burst-remaining-xrm-requests")).isEqualTo("0");
    clock.advance(Duration.ofSeconds(Long.parseLong(refused.header("Retry-After"))));
    assertThat(c.get("WhoAmI").code()).isEqualTo(200);
  }

  @Test
  void aRequestOverTheConcurrencyLimitIsRefusedAtOnce() throws Exception {
    DataverseClient c =
        client(
            DynamicsSimulator.builder()
                .latency(Duration.ofSeconds(1))
                .limits(
                    new DynamicsSimulator.Limits(
                        6_000,
                        1_200_000,
                        1,
                        Duration.ofMinutes(5),
                        20,
                        5,
                        Duration.ofSeconds(1),
                        4)));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<DataverseClient.Reply>> replies =
          new java.util.ArrayList<>();
      for (int i = 0; i < 2; i++) {
        replies.add(
            pool.submit(
                () -> {
                  go.await();
                  return c.get("WhoAmI");
                }));
      }
      go.countDown();
      List<DataverseClient.Reply> done = new java.util.ArrayList<>();
      for (var f : replies) done.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
      assertThat(done).extracting(DataverseClient.Reply::code).containsExactlyInAnyOrder(200, 429);
      DataverseClient.Reply refused =
          done.stream().filter(r -> r.code() == 429).findFirst().orElseThrow();
      assertThat(refused.error())
          .containsEntry("code", "0x80072326")
          .containsEntry("message", "Number of concurrent requests exceeded the limit of 1.");
      assertThat(refused.header("Retry-After")).isEqualTo("1");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void injectedFaultsAnswerInTheWebApisErrorShape() {
    DataverseClient c = client(DynamicsSimulator.builder());
    sim.faults()
        .retryAfter(Duration.ofSeconds(7))
        .next(FaultPlan.Fault.TOO_MANY_REQUESTS, 1, "/accounts");
    DataverseClient.Reply r = c.get("accounts?$select=name");
    assertThat(r.code()).isEqualTo(429);
    assertThat(r.header("Retry-After")).isEqualTo("7");
    assertThat(r.error()).containsKeys("code", "message");
    assertThat(sim.requestLog().count("/accounts")).isEqualTo(1);
  }

  @Test
  void anAppWithoutApplicationUserOrRoleIsRefusedWith403() {
    DataverseClient c = client(DynamicsSimulator.builder().securityRole(false));
    assertThat(c.get("WhoAmI").code()).isEqualTo(200);
    DataverseClient.Reply denied = c.get("accounts");
    assertThat(denied.code()).isEqualTo(403);
    assertThat((String) denied.error().get("message")).contains("missing prvRead");
    sim.close();
    DataverseClient d = client(DynamicsSimulator.builder().applicationUser(false));
    assertThat(d.get("WhoAmI").code()).isEqualTo(403);
    assertThat(d.get("WhoAmI").error())
        .containsEntry("message", "The user is not a member of the organization.");
  }

  @Test
  void everyOperationOfABatchCountsAgainstTheDailyEntitlement() {
    DataverseClient c = client(DynamicsSimulator.builder().records("contact", 5));
    long before = sim.entitlementUsed();
    List<SimRecord> rows = sim.table("contact").stream(false).collect(Collectors.toList());
    StringBuilder body = new StringBuilder();
    for (SimRecord row : rows) {
      body.append(
              "--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nPATCH contacts(")
          .append(row.id())
          .append(
              ") HTTP/1.1\r\nContent-Type: application/json\r\nIf-Match: *\r\n\r\n{\"new_leadscore\":1}\r\n");
    }
    body.append("--b--\r\n");
    assertThat(c.batch("b", body.toString()).code()).isEqualTo(200);
    assertThat(sim.entitlementUsed() - before).isEqualTo(rows.size());
  }
}
