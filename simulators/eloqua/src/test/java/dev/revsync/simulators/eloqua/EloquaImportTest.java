package dev.revsync.simulators.eloqua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.simulators.SimRecord;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EloquaImportTest extends EloquaTestBase {
  private static final String SCORES =
      "{\"name\":\"revsync scores\",\"fields\":{"
          + "\"Email\":\"{{Contact.Field(C_EmailAddress)}}\",\"Score\":\"{{Contact.Field(C_Revsync_Score1)}}\","
          + "\"Segment\":\"{{Contact.Field(C_Revsync_Segment1)}}\"},"
          + "\"identifierFieldName\":\"Email\",\"isSyncTriggeredOnImport\":false,\"updateRule\":\"always\","
          + "\"dataRetentionDuration\":\"P1D\"}";

  EloquaImportTest() {
    super(b -> b.contacts(500).accounts(20).emailOpens(10).formSubmits(10).customObjectRecords(30));
  }

  private String email(long index) {
    return (String) sim.table("contacts").get(EloquaSchema.id(index)).get("C_EmailAddress");
  }

  @Test
  void importUpdatesMatchedContactsCreatesNewOnesAndRejectsBadRowsByRecordIndex() {
    start(b -> {});
    String definition = client.define("/contacts/imports", SCORES);
    assertThat(client.get(client.bulk(definition)).json())
        .containsEntry("identifierFieldName", "Email")
        .containsEntry("isSyncTriggeredOnImport", false)
        .containsEntry("updateRule", "always");
    String rows =
        "[{\"Email\":\""
            + email(1)
            + "\",\"Score\":\"87\",\"Segment\":\"A\"},"
            + "{\"Email\":\""
            + email(2).toUpperCase(Locale.ROOT)
            + "\",\"Score\":12,\"Segment\":null},"
            + "{\"Email\":\"bad@\",\"Score\":\"5\",\"Segment\":\"B\"},"
            + "{\"Email\":\"new.person@revsync.example\",\"Score\":\"40\",\"Segment\":\"C\"},"
            + "{\"Email\":\""
            + email(1)
            + "\",\"Score\":\"99\",\"Segment\":\"D\"},"
            + "{\"Email\":\""
            + email(3)
            + "\",\"Score\":\"lots\",\"Segment\":\"E\"}]";
    EloquaClient.Reply posted = client.post(client.bulk(definition + "/data"), rows);
    assertThat(posted.code()).as(posted.body()).isEqualTo(204);
    String sync = client.sync(definition);
    assertThat(client.await(sync, clock).get("status")).isEqualTo("warning");

    SimRecord one = sim.table("contacts").get(EloquaSchema.id(1));
    assertThat(one.get("C_Revsync_Score1")).isEqualTo(87L);
    assertThat(one.get("C_Revsync_Segment1")).isEqualTo("A");
    assertThat(sim.table("contacts").get(EloquaSchema.id(2)).get("C_Revsync_Score1"))
        .isEqualTo(12L);
    assertThat(sim.table("contacts").get(EloquaSchema.id(3)).get("C_Revsync_Score1")).isNull();
    assertThat(sim.table("contacts").size(false)).isEqualTo(501);

    List<Map<String, Object>> rejects = client.get(client.bulk(sync + "/rejects")).items();
    assertThat(rejects)
        .extracting(r -> ((Number) r.get("recordIndex")).intValue(), r -> r.get("statusCode"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3, "ELQ-00002"),
            org.assertj.core.groups.Tuple.tuple(5, "ELQ-00011"),
            org.assertj.core.groups.Tuple.tuple(6, "ELQ-00060"));
    assertThat(rejects.get(0))
        .containsEntry("syncUri", sync)
        .containsEntry("invalidFields", List.of("Email"))
        .containsEntry("fieldValues", Map.of("Email", "bad@", "Score", "5", "Segment", "B"));
    assertThat(rejects.get(2).get("invalidFields")).isEqualTo(List.of("Score"));

    List<Map<String, Object>> logs = client.get(client.bulk(sync + "/logs")).items();
    assertThat(logs)
        .anySatisfy(
            l ->
                assertThat(l).containsEntry("statusCode", "ELQ-00001").containsEntry("count", 6.0));
    assertThat(logs)
        .anySatisfy(
            l ->
                assertThat(l).containsEntry("statusCode", "ELQ-00004").containsEntry("count", 1.0));
    assertThat(logs)
        .anySatisfy(
            l ->
                assertThat(l).containsEntry("statusCode", "ELQ-00022").containsEntry("count", 2.0));
    assertThat(logs)
        .anySatisfy(
            l ->
                assertThat(l).containsEntry("statusCode", "ELQ-00060").containsEntry("count", 3.0));
    assertThat(client.get(client.bulk(sync + "/data")).code()).isEqualTo(400);
  }

  @Test
  void rejectIndexesCanStartAtZeroAndCountAcrossStagedPosts() {
    start(b -> b.rejectIndexBase(0));
    String definition = client.define("/contacts/imports", SCORES);
    client.post(
        client.bulk(definition + "/data"), "[{\"Email\":\"" + email(1) + "\",\"Score\":\"1\"}]");
    client.post(
        client.bulk(definition + "/data"),
        "Email,Score\r\n" + email(2) + ",2\r\nnot-an-email,3\r\n",
        EloquaClient.CSV);
    String sync = client.sync(definition);
    client.await(sync, clock);
    assertThat(client.get(client.bulk(sync + "/rejects")).items())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .containsEntry("recordIndex", 2.0)
                    .containsEntry("statusCode", "ELQ-00002"));
    assertThat(sim.table("contacts").get(EloquaSchema.id(2)).get("C_Revsync_Score1")).isEqualTo(2L);
  }

  @Test
  void updateRulesDecideWhetherNullsAndExistingValuesAreOverwritten() {
    start(b -> {});
    sim.update(
        "contacts",
        EloquaSchema.id(4),
        Map.of("C_Revsync_Segment1", "kept", "C_Revsync_Score1", 10L));
    String definition =
        client.define(
            "/contacts/imports",
            SCORES.replace(
                "\"updateRule\":\"always\"",
                "\"updateRule\":\"ifNewIsNotNull\",\"updateRuleByField\":{\"Score\":\"ifExistingIsNull\"}"));
    client.post(
        client.bulk(definition + "/data"),
        "[{\"Email\":\""
            + email(4)
            + "\",\"Score\":\"50\",\"Segment\":\"\"},"
            + "{\"Email\":\""
            + email(5)
            + "\",\"Score\":\"60\",\"Segment\":\"fresh\"}]");
    assertThat(client.await(client.sync(definition), clock).get("status")).isEqualTo("success");
    SimRecord four = sim.table("contacts").get(EloquaSchema.id(4));
    assertThat(four.get("C_Revsync_Segment1")).isEqualTo("kept");
    assertThat(four.get("C_Revsync_Score1")).isEqualTo(10L);
    SimRecord five = sim.table("contacts").get(EloquaSchema.id(5));
    assertThat(five.get("C_Revsync_Segment1")).isEqualTo("fresh");
    assertThat(five.get("C_Revsync_Score1")).isEqualTo(60L);
  }

  @Test
  void importsByContactIdUpdateAndRejectUnknownIds() {
    start(b -> {});
    String definition =
        client.define(
            "/contacts/imports",
            "{\"name\":\"by id\",\"fields\":{"
                + "\"Id\":\"{{Contact.Id}}\",\"Score\":\"{{Contact.Field(C_Revsync_Score1)}}\"},\"identifierFieldName\":\"Id\","
                + "\"isSyncTriggeredOnImport\":false}");
    client.post(
        client.bulk(definition + "/data"),
        "[{\"Id\":\""
            + EloquaSchema.id(7)
            + "\",\"Score\":\"70\"},"
            + "{\"Id\":\"999\",\"Score\":\"1\"}]");
    String sync = client.sync(definition);
    assertThat(client.await(sync, clock).get("status")).isEqualTo("warning");
    assertThat(sim.table("contacts").get(EloquaSchema.id(7)).get("C_Revsync_Score1"))
        .isEqualTo(70L);
    assertThat(client.get(client.bulk(sync + "/rejects")).items())
        .singleElement()
        .satisfies(r -> assertThat(r).containsEntry("recordIndex", 2.0));
  }

  @Test
  void syncTriggeredOnImportStartsASyncForEveryPost() {
    start(b -> {});
    String definition =
        client.define(
            "/accounts/imports",
            "{\"name\":\"account scores\",\"fields\":{"
                + "\"Company\":\"{{Account.Field(M_CompanyName)}}\",\"Score\":\"{{Account.Field(M_Revsync_Score1)}}\"},"
                + "\"identifierFieldName\":\"Company\"}");
    String company = (String) sim.table("accounts").get(EloquaSchema.id(3)).get("M_CompanyName");
    String escaped = company.replace("\\", "\\\\").replace("\"", "\\\"");
    client.post(
        client.bulk(definition + "/data"), "[{\"Company\":\"" + escaped + "\",\"Score\":\"77\"}]");
    List<Map<String, Object>> syncs = client.get(client.bulk("/syncs")).items();
    assertThat(syncs)
        .singleElement()
        .satisfies(s -> assertThat(s).containsEntry("syncedInstanceUri", definition));
    client.await((String) syncs.get(0).get("uri"), clock);
    assertThat(sim.table("accounts").get(EloquaSchema.id(3)).get("M_Revsync_Score1"))
        .isEqualTo(77L);
  }

  @Test
  void customObjectImportsMatchOnAFieldAndCreateRecords() {
    start(b -> {});
    String definition =
        client.define(
            "/customObjects/7/imports",
            "{\"name\":\"orders\",\"fields\":{"
                + "\"Order\":\"{{CustomObject[7].Field[71]}}\",\"Amount\":\"{{CustomObject[7].Field[73]}}\"},"
                + "\"identifierFieldName\":\"Order\",\"isSyncTriggeredOnImport\":false}");
    client.post(
        client.bulk(definition + "/data"),
        "[{\"Order\":\"PO-100002\",\"Amount\":\"12.50\"},"
            + "{\"Order\":\"PO-NEW-1\",\"Amount\":\"3\"}]");
    client.await(client.sync(definition), clock);
    assertThat(sim.table("customObjects.Purchase").get(EloquaSchema.id(2)).get("Amount1"))
        .isEqualTo(new java.math.BigDecimal("12.50"));
    assertThat(sim.table("customObjects.Purchase").size(false)).isEqualTo(31);
  }

  @Test
  void invalidImportDefinitionsAndDataAnswer400Or404() {
    start(b -> b.maxImportPostBytes(200).maxPostsPerSync(2));
    assertThat(
            client
                .post(
                    client.bulk("/contacts/imports"),
                    SCORES.replace(
                        "\"identifierFieldName\":\"Email\"", "\"identifierFieldName\":\"Nope\""))
                .failures())
        .extracting(f -> f.get("field"))
        .contains("identifierFieldName");
    assertThat(
            client
                .post(
                    client.bulk("/contacts/imports"),
                    SCORES.replace("{{Contact.Field(C_Revsync_Score1)}}", "{{Contact.UpdatedAt}}"))
                .failures()
                .get(0)
                .get("constraint")
                .toString())
        .contains("writable");
    assertThat(
            client
                .post(
                    client.bulk("/contacts/imports"), SCORES.replace("\"always\"", "\"sometimes\""))
                .code())
        .isEqualTo(400);
    String definition = client.define("/contacts/imports", SCORES);
    assertThat(client.post(client.bulk(definition + "/data"), "[{\"Unknown\":\"x\"}]").code())
        .isEqualTo(400);
    assertThat(
            client.post(client.bulk(definition + "/data"), "[{\"Email\":{\"nested\":1}}]").code())
        .isEqualTo(400);
    assertThat(
            client.post(client.bulk(definition + "/data"), "[{\"Email\":\"a@b.example\"}").code())
        .isEqualTo(400);
    StringBuilder big = new StringBuilder("[");
    for (int i = 0; i < 10; i++)
      big.append(i == 0 ? "" : ",").append("{\"Email\":\"person").append(i).append("@x.example\"}");
    assertThat(client.post(client.bulk(definition + "/data"), big.append("]").toString()).code())
        .isEqualTo(404);
    assertThat(client.post(client.bulk(definition + "/data"), "[]").code()).isEqualTo(204);
    assertThat(client.post(client.bulk(definition + "/data"), "[]").code()).isEqualTo(204);
    assertThat(
            client
                .post(client.bulk(definition + "/data"), "[]")
                .failures()
                .get(0)
                .get("constraint")
                .toString())
        .contains("more than 2 files");
    assertThat(client.post(client.bulk("/activities/imports"), SCORES).code()).isEqualTo(404);
  }
}
