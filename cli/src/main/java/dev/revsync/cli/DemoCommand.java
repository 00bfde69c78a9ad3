package dev.revsync.cli;

import dev.revsync.Activity;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;
import dev.revsync.Connectors;
import dev.revsync.FieldSchema;
import dev.revsync.FieldType;
import dev.revsync.ObjectSchema;
import dev.revsync.QuotaPolicy;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.RevsyncException;
import dev.revsync.SyncRequest;
import dev.revsync.WriteItem;
import dev.revsync.WriteRequest;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.DailyReport;
import dev.revsync.pipeline.PipelineConnection;
import dev.revsync.pipeline.PipelineListener;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import dev.revsync.simulators.SimulatorProvider;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The README's main job, needing nothing but the jar: starts the simulator of every connector on
 * the class path for several tenants, and runs two simulated days of the daily pipeline. Day 1
 * pulls everything (jobs on the systems that prepare their data park and give their slot back; the
 * report opens with the night's plan and ends it with plan vs actual); one tenant's small budget
 * runs out and leaves a backlog; scores are exported. Day 2 (the customer raised that budget
 * overnight) drains the backlog.
 */
@Command(
    name = "demo",
    description = "Two simulated days of the daily pipeline against built-in simulators.")
final class DemoCommand implements Runnable {
  private static final List<String> TENANTS = List.of("acme", "globex", "initech");

  /** The tenant whose budget runs out on day 1. */
  private static final String SMALL_BUDGET_TENANT = "globex";

  /** What the report's columns mean, printed once before the reports. */
  static final List<String> LEGEND =
      List.of(
          "Columns: CALLS = API calls spent (every HTTP request: logins, polls and retries included), split BY ACTIVITY",
          "(what they were for) and BY STYLE (REST, SOAP, BATCH, BULK, as 'revsync systems' lists them); BUDGET LEFT =",
          "calls left of the connection's daily limit (0/6: a 6-call budget, all spent); BACKLOG = records left for the",
          "next day ('yes' when the system gives no count); DRAIN = days that backlog needs at this budget.");

  @Spec CommandSpec spec;
  @ParentCommand RevsyncCli cli;

  @Option(
      names = "--records",
      defaultValue = "6000",
      description = "Records per object per tenant.")
  long records;

  @Option(names = "--objects", defaultValue = "2", description = "Objects pulled per connection.")
  int objectsPerConnection;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description =
          "Also write day 1's report as a self-contained HTML page (day 2's beside it, -day2).")
  java.nio.file.Path html;

  @Option(
      names = "--small-budget",
      defaultValue = "6",
      description = "Day-1 budget (calls) of the small tenant.")
  long smallBudget;

  @Override
  public void run() {
    PrintWriter o = spec.commandLine().getOut();
    LocalDate day1 = LocalDate.now(cli.clock).plusDays(1);
    // Each connection and its simulator get a clock of their own: with one shared simulated clock,
    // a connection's backoffs and job polls moved every other system's time by however far they had
    // got at that moment, so what a simulator changed before an export depended on thread timing
    // and
    // day-2 counts differed run to run. Apart, a connection's timeline depends only on its own
    // calls.
    List<SimulatedClock> clocks = new ArrayList<>();
    Clock clock = new LatestOf(clocks, day1.atStartOfDay(ZoneOffset.UTC).toInstant());
    List<Simulator> simulators = new ArrayList<>();
    Map<String, List<String>> pulledIds = new ConcurrentHashMap<>();
    AtomicLong delivered = new AtomicLong();
    try (CheckpointStore store = CheckpointStore.inMemory()) {
      List<PipelineConnection> connections = new ArrayList<>();
      Map<String, QuotaPolicy> budgets = new TreeMap<>();
      for (ConnectorProvider provider : Connectors.available()) {
        ConnectorDescriptor d = provider.descriptor();
        Optional<SimulatorProvider> sim = Simulators.find(d.id());
        if (sim.isEmpty()) continue;
        List<String> objects =
            d.objects().subList(0, Math.min(objectsPerConnection, d.objects().size()));
        Map<String, Long> counts = new TreeMap<>();
        objects.forEach(obj -> counts.put(obj, records));
        long seed = 1;
        for (String tenant : TENANTS) {
          SimulatedClock own = new SimulatedClock(day1.atStartOfDay(ZoneOffset.UTC).toInstant());
          clocks.add(own);
          Simulator simulator = sim.get().start(new SimulatorOptions(seed++, own, counts));
          simulators.add(simulator);
          boolean small =
              tenant.equals(SMALL_BUDGET_TENANT)
                  && budgets.keySet().stream().noneMatch(k -> k.startsWith(tenant + "/"));
          QuotaPolicy budget =
              QuotaPolicy.builder()
                  .dailyLimit(small ? smallBudget : 5_000)
                  .writeReserve(small ? 2 : 200)
                  .ledger(store.quotaLedger())
                  .build();
          budgets.put(tenant + "/" + d.id(), budget);
          ConnectionConfig config = configFor(d, tenant, simulator, budget, own);
          PipelineConnection.Builder connection =
              PipelineConnection.builder(tenant, provider, config);
          for (String object : objects) {
            connection.object(SyncRequest.builder(object).build());
          }
          connections.add(connection.build());
        }
      }
      if (connections.isEmpty()) {
        o.println("no connector with a simulator on the class path");
        return;
      }
      o.println(
          "revsync demo: "
              + connections.size()
              + " connections ("
              + TENANTS.size()
              + " tenants × "
              + connections.stream().map(PipelineConnection::connector).distinct().toList()
              + "), "
              + records
              + " records per object, simulated days from "
              + day1);
      LEGEND.forEach(o::println);
      o.println();
      o.flush();
      ParkedJobs parked = new ParkedJobs();
      DailyPipeline pipeline =
          DailyPipeline.builder()
              .store(store)
              .clock(clock)
              .concurrency(4)
              .listener(parked)
              .sinks(
                  (connection, object) ->
                      new RecordSink() {
                        @Override
                        public void accept(Record record) {
                          delivered.incrementAndGet();
                          List<String> ids =
                              pulledIds.computeIfAbsent(
                                  connection.tenant() + "/" + connection.connector() + "/" + object,
                                  k -> new ArrayList<>());
                          synchronized (ids) {
                            if (ids.size() < 200 && !record.isDeleted()) ids.add(record.id());
                          }
                        }
                      })
              .connections(connections)
              .build();
      try (pipeline) {
        // Day 1: pulls, then score exports submitted by the host for what was pulled.
        DailyReport first = pipeline.runDay(day1);
        int submitted = submitScores(pipeline, connections, pulledIds, o);
        DailyReport firstWrites = pipeline.runWrites();
        o.println("=== day 1 — " + day1 + " ===");
        o.print(first.render());
        parked.describe(o);
        o.println();
        o.println(
            "score exports ("
                + submitted
                + " requests, run after the pulls, on the write reserve):");
        o.print(firstWrites.render());
        o.println();

        // Overnight the small tenant's customer raises the budget in the host's settings screen.
        budgets.forEach(
            (key, budget) -> {
              if (key.startsWith(SMALL_BUDGET_TENANT + "/")) budget.setDailyLimit(5_000);
            });
        LocalDate day2 = day1.plusDays(1);
        clocks.forEach(c -> c.set(day2.atStartOfDay(ZoneOffset.UTC).toInstant()));
        DailyReport second = pipeline.runDay(day2);
        o.println(
            "=== day 2 — " + day2 + " (" + SMALL_BUDGET_TENANT + "'s budget raised to 5000) ===");
        o.println(
            "Day 2 pulls what changed since day 1: the backlog, the scores written back, and each simulator's own");
        o.println(
            "activity overnight: like a live instance's users, the Eloqua simulator edits, creates and deletes");
        o.println(
            "contacts every simulated hour, so far more contacts come back than the 200 scores written.");
        o.print(second.render());
        parked.describe(o);
        o.println();
        o.println(
            "delivered "
                + delivered.get()
                + " records in two days; backlog left: "
                + (second.hasBacklog() ? "yes" : "none"));
        if (html != null) {
          HtmlReport.write(html, first, o);
          HtmlReport.write(HtmlReport.sibling(html, "-day2"), second, o);
        }
        o.flush();
      }
    } finally {
      simulators.forEach(Simulator::close);
    }
  }

  /**
   * One score update per pulled id, on the first updateable numeric field whose name says score.
   * The field is looked up once per connector, on the first tenant's connection (hosts know their
   * own score field; the demo finds it so any connector on the class path takes part).
   */
  private int submitScores(
      DailyPipeline pipeline,
      List<PipelineConnection> connections,
      Map<String, List<String>> pulledIds,
      PrintWriter o) {
    int submitted = 0;
    Map<String, Optional<String[]>> targets = new TreeMap<>();
    for (PipelineConnection c : connections) {
      Optional<String[]> target = targets.computeIfAbsent(c.connector(), k -> scoreTarget(c, o));
      if (target.isEmpty()) continue;
      String object = target.get()[0];
      String field = target.get()[1];
      List<String> ids =
          pulledIds.getOrDefault(c.tenant() + "/" + c.connector() + "/" + object, List.of());
      if (ids.isEmpty()) continue;
      List<WriteItem> items = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++)
        items.add(WriteItem.of(ids.get(i), Map.of(field, 50 + i % 50)));
      pipeline.submitWrites(
          c.tenant(),
          c.connector(),
          WriteRequest.builder(object, Activity.SCORE_EXPORT).items(items).build());
      submitted++;
    }
    return submitted;
  }

  /** {object, field} of the connection's first pulled object with a score field. */
  private static Optional<String[]> scoreTarget(PipelineConnection c, PrintWriter o) {
    try (Connector connector = c.open()) {
      for (String object : c.objects()) {
        ObjectSchema schema = connector.describe(object);
        Optional<String> field =
            schema.fields().stream()
                .filter(
                    f ->
                        f.updateable()
                            && (f.type() == FieldType.DECIMAL || f.type() == FieldType.INTEGER))
                .map(FieldSchema::name)
                .filter(n -> n.toLowerCase(Locale.ROOT).contains("score"))
                .findFirst();
        if (field.isPresent()) return Optional.of(new String[] {object, field.get()});
      }
    } catch (RevsyncException e) {
      o.println("(" + c.connector() + ": no score export in the demo: " + e.getMessage() + ")");
    }
    return Optional.empty();
  }

  static ConnectionConfig configFor(
      ConnectorDescriptor d,
      String tenant,
      Simulator simulator,
      QuotaPolicy budget,
      java.time.Clock clock) {
    return simulator
        .connectionConfig(tenant + "/" + d.id(), d)
        .quotaPolicy(budget)
        .clock(clock)
        .backoff(Duration.ofMillis(100), Duration.ofSeconds(5))
        .build();
  }

  /**
   * Notes the night's first parked job, to show what parking means: the pull started a server-side
   * job, gave its slot back, and came back when the job was due for a poll.
   */
  private static final class ParkedJobs implements PipelineListener {
    private final AtomicLong parks = new AtomicLong();
    // The first by name, not by time: threads race, and the demo prints the same text every run.
    private final java.util.concurrent.ConcurrentSkipListMap<String, String> firsts =
        new java.util.concurrent.ConcurrentSkipListMap<>();

    @Override
    public void dayStarted(LocalDate day, List<PipelineConnection> order) {
      parks.set(0);
      firsts.clear();
    }

    @Override
    public void jobParked(PipelineConnection connection, String object, Instant resumeAt) {
      parks.incrementAndGet();
      firsts.putIfAbsent(
          connection + " " + object,
          connection
              + " "
              + object
              + " parked at "
              + connection.config().clock().instant().truncatedTo(ChronoUnit.SECONDS)
              + " (its job preparing on the system), to poll again at "
              + resumeAt.truncatedTo(ChronoUnit.SECONDS)
              + "; its slot ran other pulls meanwhile");
    }

    void describe(PrintWriter o) {
      java.util.Map.Entry<String, String> firstEntry = firsts.firstEntry();
      String line = firstEntry == null ? null : firstEntry.getValue();
      if (line == null) {
        o.println("parked jobs: none (no pull waited for a server-side job)");
      } else {
        o.println("parked jobs: " + parks.get() + " parks; for one: " + line);
      }
    }
  }

  /**
   * The pipeline's view of time across the connections' own clocks: the latest of them, so the
   * report's "ran" times cover every connection's work. Read-only: it never sleeps or moves.
   */
  private static final class LatestOf extends Clock {
    private final List<SimulatedClock> clocks;
    private final Instant start;

    LatestOf(List<SimulatedClock> clocks, Instant start) {
      this.clocks = clocks;
      this.start = start;
    }

    @Override
    public Instant instant() {
      Instant latest = start;
      for (SimulatedClock c : clocks) {
        Instant t = c.instant();
        if (t.isAfter(latest)) latest = t;
      }
      return latest;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      if (!ZoneOffset.UTC.equals(zone)) throw new UnsupportedOperationException("UTC only");
      return this;
    }
  }
}
