package dev.revsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;
import dev.revsync.Connectors;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:30:00Z");
  private final Map<String, String> env = new HashMap<>();
  private Simulator simulator;
  @TempDir Path dir;

  @AfterEach
  void stop() {
    if (simulator != null) simulator.close();
  }

  /** Starts the connector's simulator and writes a connection file for it, secrets in {@link #env}. */
  private Path connectionFile(String connector, Map<String, Long> counts, String... extraLines) throws IOException {
    simulator = Simulators.require(connector).start(new SimulatorOptions(7, clock, counts));
    env.put("REVSYNC_STATE", dir.resolve("state").toString()); // the day's budget count, per test
    ConnectorDescriptor d = Connectors.provider(connector).orElseThrow().descriptor();
    String text = ConnectionFile.render(d, "test/" + connector, simulator.connectionSettings(), env);
    Path file = dir.resolve(connector + ".properties");
    Files.writeString(file, text + String.join("\n", extraLines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void systemsPrintsEveryConnectorsApiStylesFromItsDescriptor() {
    CliRun run = CliRun.run(env, clock, "systems");
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(Connectors.available()).isNotEmpty();
    for (ConnectorProvider p : Connectors.available()) {
      ConnectorDescriptor d = p.descriptor();
      String line = run.out.lines().filter(l -> l.startsWith(d.id() + " ")).findFirst().orElseThrow();
      for (Activity a : Activity.values()) {
        assertThat(line).contains(d.apiStyles(a).stream().map(ApiStyle::name).collect(Collectors.joining(", ")));
      }
    }
    assertThat(run.out).contains("salesforce").contains("eloqua").contains("hubspot-crm").contains("hubspot-map");
  }

  @Test
  void sandboxServesBothHubSpotConnectorsWithThePrivateAppTokenAsAnEnvironmentReference() {
    for (String id : List.of("hubspot-crm", "hubspot-map")) {
      CliRun run = CliRun.run(env, clock, "sandbox", id, "--no-wait", "--records", "10");
      assertThat(run.exitCode).as(run.toString()).isZero();
      assertThat(run.out).contains("connector=" + id).contains("baseUrl=http://127.0.0.1:")
          .contains("privateAppToken=${env:").contains("portalId=");
    }
  }

  @Test
  void sandboxPrintsAConnectionFileWithSecretsAsEnvironmentReferences() {
    CliRun run = CliRun.run(env, clock, "sandbox", "salesforce", "--no-wait", "--records", "10");
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).contains("connector=salesforce").contains("baseUrl=http://127.0.0.1:")
        .contains("clientSecret=${env:REVSYNC_SALESFORCE_CLIENT_SECRET}");
  }

  @Test
  void verifyConnectsToASandboxWithSecretsFromTheEnvironment() throws IOException {
    Path file = connectionFile("salesforce", Map.of("Account", 10L));
    CliRun run = CliRun.run(env, clock, "verify", "--connection", file.toString());
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).contains("connected: salesforce as").contains("calls spent:");
    for (String secret : env.values()) assertThat(run.out + run.err).doesNotContain(secret);
  }

  @Test
  void discoverListsObjectsAndOneObjectsFields() throws IOException {
    Path file = connectionFile("salesforce", Map.of("Account", 10L));
    CliRun all = CliRun.run(env, clock, "discover", "-c", file.toString());
    assertThat(all.exitCode).as(all.toString()).isZero();
    assertThat(all.out).contains("Account").contains("SystemModstamp");
    CliRun one = CliRun.run(env, clock, "discover", "-c", file.toString(), "--object", "Account");
    assertThat(one.exitCode).as(one.toString()).isZero();
    assertThat(one.out).contains("Name").contains("STRING");
  }

  @Test
  void syncStopsAtTheBudgetAndTheNextRunResumesWithoutGapOrDuplicate() throws IOException {
    Path file = connectionFile("salesforce", Map.of("Account", 5_000L), "dailyLimit=3");
    Path out = dir.resolve("out");
    CliRun first = CliRun.run(env, clock, "sync", "-c", file.toString(), "--object", "Account",
        "--out", out.toString(), "--no-progress");
    assertThat(first.exitCode).as(first.toString()).isZero();
    assertThat(first.out).contains("Account: QUOTA_EXHAUSTED").contains("run again to resume");

    Files.writeString(file, Files.readString(file).replace("dailyLimit=3", "dailyLimit=100"));
    CliRun second = CliRun.run(env, clock, "sync", "-c", file.toString(), "--object", "Account",
        "--out", out.toString(), "--no-progress");
    assertThat(second.exitCode).as(second.toString()).isZero();
    assertThat(second.out).contains("Account: COMPLETED");

    List<String> lines = Files.readAllLines(out.resolve("Account.jsonl"));
    Set<String> ids = new HashSet<>();
    for (String line : lines) ids.add(line.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
    assertThat(lines).hasSize(5_000);
    assertThat(ids).hasSize(5_000);
    assertThat(simulator.store().table("Account").size(false)).isEqualTo(5_000);
  }

  @Test
  void writeReportsPerRecordOutcomes() throws IOException {
    Path file = connectionFile("salesforce", Map.of("Lead", 20L));
    String goodId = simulator.store().table("Lead").stream(false).findFirst().orElseThrow().id();
    Path input = dir.resolve("scores.jsonl");
    Files.writeString(input, "{\"key\":\"" + goodId + "\",\"fields\":{\"Score__c\":91}}\n"
        + "{\"key\":\"00Q000000000000ZZZ\",\"fields\":{\"Score__c\":12}}\n");
    CliRun run = CliRun.run(env, clock, "write", "-c", file.toString(), "--object", "Lead",
        "--activity", "SCORE_EXPORT", "--input", input.toString());
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).contains("1 succeeded, 1 failed, 0 not sent").contains("failed line 2");
    assertThat(simulator.store().table("Lead").get(goodId).get("Score__c").toString()).startsWith("91");
  }

  @Test
  void badConnectionFilesGetOneClearLineWithoutAStackTrace() throws IOException {
    Path unknown = dir.resolve("unknown.properties");
    Files.writeString(unknown, "connector=nope\n");
    CliRun a = CliRun.run(env, clock, "verify", "-c", unknown.toString());
    assertThat(a.exitCode).isEqualTo(2);
    assertThat(a.err.strip()).contains("unknown connector 'nope'").contains("salesforce").doesNotContain("\tat ");
    assertThat(a.err.strip().lines()).hasSize(1);

    Path literalSecret = dir.resolve("literal.properties");
    Files.writeString(literalSecret, "connector=salesforce\nclientId=x\nclientSecret=hunter2\n");
    CliRun b = CliRun.run(env, clock, "verify", "-c", literalSecret.toString());
    assertThat(b.exitCode).isEqualTo(2);
    assertThat(b.err).contains("'clientSecret' is a secret").doesNotContain("hunter2");

    Path missingEnv = dir.resolve("env.properties");
    Files.writeString(missingEnv, "connector=salesforce\nclientId=x\nclientSecret=${env:NOT_SET_ANYWHERE}\n");
    CliRun c = CliRun.run(env, clock, "verify", "-c", missingEnv.toString());
    assertThat(c.err).contains("NOT_SET_ANYWHERE").contains("is not set");

    CliRun d = CliRun.run(env, clock, "verify", "-c", dir.resolve("absent.properties").toString());
    assertThat(d.err).contains("no such file");

    CliRun verbose = CliRun.run(env, clock, "verify", "--verbose", "-c", unknown.toString());
    assertThat(verbose.err).contains("\tat ");
  }

  @Test
  void pipelineRefusesToRunOutsideTheWindow() throws IOException {
    Path file = connectionFile("salesforce", Map.of("Account", 10L), "objects=Account");
    Path list = dir.resolve("connections.txt");
    Files.writeString(list, "acme " + file.getFileName() + "\n");
    SimulatedClock afternoon = SimulatedClock.at("2026-11-28T14:00:00Z");
    CliRun run = CliRun.run(env, afternoon, "pipeline", "--connections", list.toString(),
        "--state", dir.resolve("state").toString(), "--out", dir.resolve("out").toString());
    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("pull window 00:00–02:00 UTC is closed");
  }

  @Test
  void pipelineRunsTheDayInsideTheWindowAndPrintsTheReport() throws IOException {
    Path file = connectionFile("salesforce", Map.of("Account", 3_000L), "objects=Account", "dailyLimit=1000");
    Path list = dir.resolve("connections.txt");
    Files.writeString(list, "acme " + file.getFileName() + "\n");
    CliRun run = CliRun.run(env, clock, "pipeline", "--connections", list.toString(),
        "--state", dir.resolve("state").toString(), "--out", dir.resolve("out").toString());
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).contains("acme").contains("Account").contains("COMPLETED");
    assertThat(Files.readAllLines(dir.resolve("out").resolve("acme").resolve("Account.jsonl"))).hasSize(3_000);
  }

  @Test
  void demoRunsTwoDaysWhereTheSmallBudgetLeavesABacklogThatDayTwoDrains() {
    CliRun run = CliRun.run(env, clock, "demo", "--records", "3000");
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).contains("=== day 1").contains("=== day 2").contains("QUOTA_EXHAUSTED")
        .contains("backlog left: none");
  }
}
