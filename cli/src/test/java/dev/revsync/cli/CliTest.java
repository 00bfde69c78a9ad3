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

  /**
   * Starts the connector's simulator and writes a connection file for it, secrets in {@link #env}.
   */
  private Path connectionFile(String connector, Map<String, Long> counts, String... extraLines)
      throws IOException {
    simulator = Simulators.require(connector).start(new SimulatorOptions(7, clock, counts));
    env.put("REVSYNC_STATE", dir.resolve("state").toString()); // the day's budget count, per test
    ConnectorDescriptor d = Connectors.provider(connector).orElseThrow().descriptor();
    String text =
        ConnectionFile.render(d, "test/" + connector, simulator.connectionSettings(), env);
    Path file = dir.resolve(connector + ".properties");
    Files.writeString(file, text + String.join("\n", extraLines) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void eachCommandIsRegisteredUnderItsOwnNameAndBuiltAloneWhenNamed() {
    for (Map.Entry<String, Class<?>> e : RevsyncCli.COMMANDS.entrySet()) {
      assertThat(e.getValue().getAnnotation(picocli.CommandLine.Command.class).name())
          .as(e.getValue().getName())
          .isEqualTo(e.getKey());
    }
    assertThat(RevsyncCli.commandNamed(new String[] {"--verbose", "sync", "--full"}))
        .isEqualTo("sync");
    assertThat(RevsyncCli.commandNamed(new String[] {"--help"})).isNull();
    assertThat(RevsyncCli.commandNamed(new String[] {"synk"})).isNull();
    picocli.CommandLine one =
        RevsyncCli.commandLine(env::get, clock, false, new String[] {"--verbose", "verify"});
    assertThat(one.getSubcommands()).containsOnlyKeys("verify");
    picocli.CommandLine all =
        RevsyncCli.commandLine(env::get, clock, false, new String[] {"help", "sync"});
    assertThat(all.getSubcommands().keySet())
        .containsExactlyElementsOf(RevsyncCli.COMMANDS.keySet());
  }

  @Test
  void helpListsEveryCommandAndAMisspeltOneGetsASuggestion() {
    CliRun help = CliRun.run(env, clock, "--help");
    assertThat(help.exitCode).as(help.toString()).isZero();
    for (String name : RevsyncCli.COMMANDS.keySet()) assertThat(help.out).contains("  " + name);
    CliRun typo = CliRun.run(env, clock, "synk");
    assertThat(typo.exitCode).isEqualTo(RevsyncCli.EXIT_USAGE);
    assertThat(typo.err).contains("Did you mean").contains("revsync sync");
  }

  @Test
  void systemsPrintsEveryConnectorsApiStylesFromItsDescriptor() {
    CliRun run = CliRun.run(env, clock, "systems");
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(Connectors.available()).isNotEmpty();
    for (ConnectorProvider p : Connectors.available()) {
      ConnectorDescriptor d = p.descriptor();
      String line =
          run.out.lines().filter(l -> l.startsWith(d.id() + " ")).findFirst().orElseThrow();
      for (Activity a : Activity.values()) {
        assertThat(line)
            .contains(
                d.apiStyles(a).stream().map(ApiStyle::name).collect(Collectors.joining(", ")));
      }
    }
    assertThat(run.out)
        .contains("salesforce")
        .contains("eloqua")
        .contains("hubspot-crm")
        .contains("hubspot-map");
    String readOnly =
        run.out.lines().filter(l -> l.startsWith("test-ledger ")).findFirst().orElseThrow();
    assertThat(readOnly)
        .as("a read-only connector's write activities")
        .contains("(does not write)");
    assertThat(readOnly.split("\\(does not write\\)", -1))
        .as("ENRICHMENT and SCORE_EXPORT")
        .hasSize(3);
  }

  @Test
  void sandboxServesBothHubSpotConnectorsWithThePrivateAppTokenAsAnEnvironmentReference() {
    for (String id : List.of("hubspot-crm", "hubspot-map")) {
      CliRun run = CliRun.run(env, clock, "sandbox", id, "--no-wait", "--records", "10");
      assertThat(run.exitCode).as(run.toString()).isZero();
      assertThat(run.out)
          .contains("connector=" + id)
          .contains("baseUrl=http://127.0.0.1:")
          .contains("privateAppToken=${env:")
          .contains("portalId=");
    }
  }

  @Test
  void sandboxPrintsAConnectionFileWithSecretsAsEnvironmentReferences() {
    CliRun run = CliRun.run(env, clock, "sandbox", "salesforce", "--no-wait", "--records", "10");
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .contains("connector=salesforce")
        .contains("baseUrl=http://127.0.0.1:")
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
    CliRun first =
        CliRun.run(
            env,
            clock,
            "sync",
            "-c",
            file.toString(),
            "--object",
            "Account",
            "--out",
            out.toString(),
            "--no-progress");
    assertThat(first.exitCode)
        .as("a budget stop is partial: " + first)
        .isEqualTo(RevsyncCli.EXIT_PARTIAL);
    assertThat(first.out).contains("Account: QUOTA_EXHAUSTED").contains("run again to resume");

    Files.writeString(file, Files.readString(file).replace("dailyLimit=3", "dailyLimit=100"));
    CliRun second =
        CliRun.run(
            env,
            clock,
            "sync",
            "-c",
            file.toString(),
            "--object",
            "Account",
            "--out",
            out.toString(),
            "--no-progress");
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
  void syncWithStyleBatchGoesStraightToABulkJobAndFieldsNarrowEachLine() throws IOException {
    Path file = connectionFile("salesforce", Map.of("Account", 300L));
    Path out = dir.resolve("out");
    CliRun run =
        CliRun.run(
            env,
            clock,
            "sync",
            "-c",
            file.toString(),
            "--object",
            "Account",
            "--style",
            "BATCH",
            "--fields",
            "Name,Phone",
            "--out",
            out.toString(),
            "--no-progress");
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).contains("Account: COMPLETED, 300 records");
    // No REST page fetched and dropped before the job (what bulkThreshold=0 used to cost).
    List<String> calls =
        simulator.requestLog().entries().stream().map(e -> e.method() + " " + e.path()).toList();
    int job =
        calls.indexOf(
            calls.stream()
                .filter(c -> c.startsWith("POST ") && c.endsWith("/jobs/query"))
                .findFirst()
                .orElseThrow());
    assertThat(calls.subList(0, job))
        .as(calls.toString())
        .noneMatch(c -> c.matches("GET .*/query(All)?"));
    List<String> lines = Files.readAllLines(out.resolve("Account.jsonl"));
    assertThat(lines).hasSize(300);
    Map<String, Object> first = Json.readObject(lines.get(0));
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) first.get("fields");
    assertThat(fields.keySet())
        .containsExactly("Id", "Name", "Phone", "SystemModstamp", "IsDeleted");
    assertThat(first.get("object")).isEqualTo("Account");
    assertThat(first.get("id")).isEqualTo(fields.get("Id"));
  }

  @Test
  void syncRefusesAStyleTheConnectorDoesNotPullWith() throws IOException {
    Path file = connectionFile("eloqua", Map.of("contacts", 10L));
    CliRun run =
        CliRun.run(
            env,
            clock,
            "sync",
            "-c",
            file.toString(),
            "--object",
            "contacts",
            "--style",
            "REST",
            "--out",
            dir.resolve("out").toString(),
            "--no-progress");
    assertThat(run.exitCode).as(run.toString()).isNotZero();
    assertThat(run.err)
        .contains("--style REST: eloqua pulls with [BULK] only")
        .contains("Pass --style with one of");
    assertThat(simulator.requestLog().count()).as("refused before any call").isZero();
  }

  @Test
  void writeReportsPerRecordOutcomes() throws IOException {
    Path file = connectionFile("salesforce", Map.of("Lead", 20L));
    String goodId = simulator.store().table("Lead").stream(false).findFirst().orElseThrow().id();
    Path input = dir.resolve("scores.jsonl");
    Files.writeString(
        input,
        "{\"key\":\""
            + goodId
            + "\",\"fields\":{\"Score__c\":91}}\n"
            + "{\"key\":\"00Q000000000000ZZZ\",\"fields\":{\"Score__c\":12}}\n");
    CliRun run =
        CliRun.run(
            env,
            clock,
            "write",
            "-c",
            file.toString(),
            "--object",
            "Lead",
            "--activity",
            "SCORE_EXPORT",
            "--input",
            input.toString());
    assertThat(run.exitCode)
        .as("one of two items failed: " + run)
        .isEqualTo(RevsyncCli.EXIT_PARTIAL);
    assertThat(run.out).contains("1 succeeded, 1 failed, 0 not sent").contains("failed line 2");
    assertThat(simulator.store().table("Lead").get(goodId).get("Score__c").toString())
        .startsWith("91");
  }

  @Test
  void badConnectionFilesGetOneClearLineWithoutAStackTrace() throws IOException {
    Path unknown = dir.resolve("unknown.properties");
    Files.writeString(unknown, "connector=nope\n");
    CliRun a = CliRun.run(env, clock, "verify", "-c", unknown.toString());
    assertThat(a.exitCode).isEqualTo(2);
    assertThat(a.err.strip())
        .contains("unknown connector 'nope'")
        .contains("salesforce")
        .doesNotContain("\tat ");
    assertThat(a.err.strip().lines()).hasSize(1);

    Path literalSecret = dir.resolve("literal.properties");
    Files.writeString(literalSecret, "connector=salesforce\nclientId=x\nclientSecret=hunter2\n");
    CliRun b = CliRun.run(env, clock, "verify", "-c", literalSecret.toString());
    assertThat(b.exitCode).isEqualTo(2);
    assertThat(b.err).contains("'clientSecret' is a secret").doesNotContain("hunter2");

    Path missingEnv = dir.resolve("env.properties");
    Files.writeString(
        missingEnv, "connector=salesforce\nclientId=x\nclientSecret=${env:NOT_SET_ANYWHERE}\n");
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
    CliRun run =
        CliRun.run(
            env,
            afternoon,
            "pipeline",
            "--connections",
            list.toString(),
            "--state",
            dir.resolve("state").toString(),
            "--out",
            dir.resolve("out").toString());
    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("pull window 00:00–02:00 UTC is closed");
  }

  @Test
  void pipelineRunsTheDayInsideTheWindowAndPrintsTheReport() throws IOException {
    Path file =
        connectionFile(
            "salesforce", Map.of("Account", 3_000L), "objects=Account", "dailyLimit=1000");
    Path list = dir.resolve("connections.txt");
    Files.writeString(list, "acme " + file.getFileName() + "\n");
    CliRun run =
        CliRun.run(
            env,
            clock,
            "pipeline",
            "--connections",
            list.toString(),
            "--state",
            dir.resolve("state").toString(),
            "--out",
            dir.resolve("out").toString(),
            "--html",
            dir.resolve("report.html").toString());
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .contains("acme")
        .contains("Account")
        .contains("COMPLETED")
        .contains("report page: ");
    assertThat(Files.readAllLines(dir.resolve("out").resolve("acme").resolve("Account.jsonl")))
        .hasSize(3_000);
    assertThat(Files.readString(dir.resolve("report.html")))
        .contains("<h2>Tenant acme</h2>")
        .contains("id=\"chart-records\"");
  }

  @Test
  void consoleServesTheSettingsPageOnLoopbackWithTheLimitsSavedInTheState() throws IOException {
    Path file =
        connectionFile("salesforce", Map.of("Account", 10L), "objects=Account", "dailyLimit=1000");
    Path list = dir.resolve("connections.txt");
    Files.writeString(list, "acme " + file.getFileName() + "\n");
    dev.revsync.pipeline.CheckpointStore.files(dir.resolve("state"))
        .saveLimits(
            "acme",
            "salesforce",
            new dev.revsync.pipeline.CheckpointStore.Limits(700, 70, clock.instant()));

    CliRun run =
        CliRun.run(
            env,
            clock,
            "console",
            "--connections",
            list.toString(),
            "--state",
            dir.resolve("state").toString(),
            "--no-wait");

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .containsPattern("revsync console: http://127\\.0\\.0\\.1:\\d+/ \\(1 connection")
        .contains("checked: HTTP 200");
    assertThat(ConsoleCommand.form("tenant=acme&dailyLimit=1%2C000&x"))
        .containsEntry("dailyLimit", "1,000")
        .containsEntry("x", "");
    assertThat(ConsoleCommand.cookie("a=b; revsync_csrf=tok; c=d")).isEqualTo("tok");
  }

  @Test
  void demoRunsTwoDaysWhereTheSmallBudgetLeavesABacklogThatDayTwoDrains() throws IOException {
    CliRun run =
        CliRun.run(
            env, clock, "demo", "--records", "3000", "--html", dir.resolve("demo.html").toString());
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .contains("=== day 1")
        .contains("=== day 2")
        .contains("QUOTA_EXHAUSTED")
        .contains("backlog left: none")
        .containsPattern("plan \\d{4}-\\d\\d-\\d\\d: 42 pulls on 4 slots")
        .containsPattern("plan vs actual: calls ~\\d+ planned / \\d+ spent")
        .containsPattern("parked jobs: [1-9]\\d* parks; for one: \\S+/eloqua \\w+ parked at");
    assertThat(Files.readString(dir.resolve("demo.html")))
        .contains("QUOTA_EXHAUSTED")
        .contains("id=\"chart-drain\"")
        .doesNotContain("No backlog");
    assertThat(Files.readString(dir.resolve("demo-day2.html")))
        .contains("No backlog: every pull completed.");
  }

  @Test
  void aWriteWhoseEveryItemFailedExitsFailedAndSaysWhy() throws IOException {
    Path file = connectionFile("salesforce", Map.of("Lead", 5L));
    Path input = dir.resolve("scores.jsonl");
    Files.writeString(
        input,
        "{\"key\":\"00Q000000000000ZZZ\",\"fields\":{\"Score__c\":12}}\n"
            + "{\"key\":\"00Q000000000000ZZY\",\"fields\":{\"Score__c\":13}}\n");
    CliRun run =
        CliRun.run(
            env,
            clock,
            "write",
            "-c",
            file.toString(),
            "--object",
            "Lead",
            "--input",
            input.toString());
    assertThat(run.exitCode).as(run.toString()).isEqualTo(RevsyncCli.EXIT_FAILED);
    assertThat(run.out)
        .contains("0 succeeded, 2 failed")
        .contains("every item failed; the first reason:");
  }

  @Test
  void exitStatusesTellDoneFromPartialFromFailedFromUsage() throws IOException {
    Path file = connectionFile("salesforce", Map.of("Account", 30L));
    CliRun done =
        CliRun.run(
            env,
            clock,
            "sync",
            "-c",
            file.toString(),
            "--object",
            "Account",
            "--out",
            dir.resolve("out").toString());
    assertThat(done.exitCode).as(done.toString()).isEqualTo(RevsyncCli.EXIT_OK);
    CliRun unknownOption = CliRun.run(env, clock, "sync", "--no-such-option");
    assertThat(unknownOption.exitCode).isEqualTo(RevsyncCli.EXIT_USAGE);
    assertThat(CliRun.run(env, clock).exitCode).as("no command").isEqualTo(RevsyncCli.EXIT_USAGE);
    CliRun help = CliRun.run(env, clock, "--help");
    assertThat(help.out)
        .contains("Exit status:")
        .contains(RevsyncCli.EXIT_PARTIAL + "   partly done")
        .contains(RevsyncCli.EXIT_FAILED + "   a sync or write FAILED");
    simulator.faults().next(dev.revsync.simulators.FaultPlan.Fault.TRUNCATED_BODY, 100, "/query");
    CliRun failed =
        CliRun.run(
            env,
            clock,
            "sync",
            "-c",
            file.toString(),
            "--object",
            "Account",
            "--full",
            "--out",
            dir.resolve("out").toString());
    assertThat(failed.exitCode).as(failed.toString()).isEqualTo(RevsyncCli.EXIT_FAILED);
  }

  @Test
  void everyCommandAnswersHelpWithItsUsageAndExitsZero() {
    var commands = RevsyncCli.commandLine(env::get, clock).getSubcommands().keySet();
    assertThat(commands)
        .contains("systems", "sandbox", "verify", "discover", "sync", "write", "pipeline", "demo");
    for (String command : commands) {
      CliRun help = CliRun.run(env, clock, command, "--help");
      assertThat(help.exitCode).as(command + " --help: " + help).isZero();
      assertThat(help.out).as(command + " --help").contains("Usage: revsync " + command);
      assertThat(help.err).as(command + " --help").isEmpty();
      if (command.equals("help")) continue;
      CliRun viaHelp = CliRun.run(env, clock, "help", command);
      assertThat(viaHelp.exitCode).as("help " + command + ": " + viaHelp).isZero();
      assertThat(viaHelp.out).as("help " + command).contains("Usage: revsync " + command);
    }
    String sync = CliRun.run(env, clock, "sync", "--help").out;
    assertThat(sync)
        .as("picocli must not expand ${env:NAME} in the text")
        .contains("secrets as ${env:")
        .doesNotContain("secrets as null");
  }

  @Test
  void offATerminalProgressIsPlainLinesWithoutCarriageReturns() throws IOException {
    Path file = connectionFile("salesforce", Map.of("Account", 3_000L));
    CliRun run =
        CliRun.run(
            env,
            clock,
            "sync",
            "-c",
            file.toString(),
            "--object",
            "Account",
            "--out",
            dir.resolve("out").toString());
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.err).doesNotContain("\r");
    assertThat(run.out).contains("Account: COMPLETED, 3000 records").doesNotContain("\r");
  }

  @Test
  void aSandboxPipelineRunsASimulatedNightOutsideTheWindowAndSaysSo() throws IOException {
    Path file = connectionFile("salesforce", Map.of("Account", 2_000L), "objects=Account");
    Path list = dir.resolve("connections.txt");
    Files.writeString(list, "acme " + file.getFileName() + "\n");
    SimulatedClock afternoon = SimulatedClock.at("2026-11-28T14:00:00Z");
    CliRun run =
        CliRun.run(
            env,
            afternoon,
            "pipeline",
            "--connections",
            list.toString(),
            "--simulate-night",
            "--state",
            dir.resolve("state").toString(),
            "--out",
            dir.resolve("out").toString());
    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out)
        .contains("simulated night")
        .contains("acme salesforce Account: COMPLETED, 2000 records")
        .contains("revsync daily report 2026-11-28");
    assertThat(Files.readAllLines(dir.resolve("out").resolve("acme").resolve("Account.jsonl")))
        .hasSize(2_000);
  }

  @Test
  void aSimulatedNightIsRefusedForAConnectionThatIsNotASandbox() throws IOException {
    Path file = dir.resolve("prod.properties");
    env.put("SF_SECRET", "s3cret-value");
    Files.writeString(
        file,
        "connector=salesforce\nbaseUrl=https://acme.my.salesforce.com\nclientId=x\n"
            + "clientSecret=${env:SF_SECRET}\nrefreshToken=${env:SF_SECRET}\nobjects=Account\n");
    Path list = dir.resolve("connections.txt");
    Files.writeString(list, "acme prod.properties\n");
    CliRun run =
        CliRun.run(
            env,
            SimulatedClock.at("2026-11-28T14:00:00Z"),
            "pipeline",
            "--connections",
            list.toString(),
            "--simulate-night",
            "--state",
            dir.resolve("state").toString());
    assertThat(run.exitCode).as(run.toString()).isEqualTo(RevsyncCli.EXIT_USAGE);
    assertThat(run.err)
        .contains("only sandbox connections")
        .contains("https://acme.my.salesforce.com")
        .doesNotContain("s3cret-value");
  }

  @Test
  void theDemoPrintsTheSameReportTwiceWithTheSameSeed() {
    CliRun first = CliRun.run(env, clock, "demo", "--records", "2000");
    CliRun second = CliRun.run(env, clock, "demo", "--records", "2000");
    assertThat(first.exitCode).as(first.toString()).isZero();
    assertThat(first.out).contains("=== day 2").contains("Columns: CALLS");
    assertThat(second.out).isEqualTo(first.out);
  }

  @Test
  void anEloquaSandboxFileWorksRunAfterRunWhileItsRefreshTokenRotates() throws IOException {
    Path file = connectionFile("eloqua", Map.of("Contact", 10L));
    String text = Files.readString(file);
    assertThat(text).contains("authFlow=oauth").contains("refreshToken=${env:");
    for (int run = 1; run <= 3; run++) {
      CliRun r = CliRun.run(env, clock, "verify", "-c", file.toString());
      assertThat(r.exitCode).as("run %d: %s", run, r).isZero();
    }
    assertThat(Files.readString(file)).as("the connection file is never rewritten").isEqualTo(text);
    Path credentials = dir.resolve("state").resolve("credentials");
    try (var stored = Files.list(credentials)) {
      List<Path> files = stored.toList();
      assertThat(files).hasSize(1);
      String content = Files.readString(files.get(0));
      for (String secret : env.values()) assertThat(content).doesNotContain(secret);
      if (Files.getFileStore(files.get(0)).supportsFileAttributeView("posix")) {
        assertThat(
                java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(files.get(0))))
            .isEqualTo("rw-------");
      }
    }
  }
}
