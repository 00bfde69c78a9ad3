package dev.revsync.pipeline;

import dev.revsync.Activity;
import dev.revsync.ConfigurationException;
import dev.revsync.QuotaPolicy;
import dev.revsync.RecordSink;
import dev.revsync.SyncResult;
import dev.revsync.WriteRequest;
import dev.revsync.internal.pipeline.ConnectionRun;
import dev.revsync.internal.pipeline.Night;
import dev.revsync.internal.pipeline.RunContext;
import dev.revsync.internal.pipeline.SafeListener;
import dev.revsync.internal.store.WriteCodec;
import dev.revsync.spi.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs many connections' pulls once a day inside the {@link PullWindow}, then sends their pending
 * writes, and reports each day in a {@link DailyReport}.
 *
 * <ul>
 *   <li>At the window's opening a {@link NightPlan} estimates each object's calls, slot time and
 *       job preparation from earlier nights' figures (kept in the store), orders the night — jobs
 *       kept from last night first, then connections with backlog, then long job preparations, then
 *       the rest — and names what cannot fit the window or the budget before anything starts.
 *   <li>{@code concurrency} slots run (connection, object) steps in that order; one connection runs
 *       one pull at a time (so its pulls never fight over its rate limit). A pull waiting for a
 *       server-side job (Bulk API 2.0 query, export sync) parks: it gives back its slot and its
 *       connection, and a timer brings it back, ahead of fresh pulls, when its job is due for a
 *       poll. A connection has at most its connector's {@link
 *       dev.revsync.ConnectorDescriptor#maxConcurrentJobs()} jobs preparing. Threads stay {@code
 *       concurrency} plus one, whatever the number of connections or parked jobs.
 *   <li>Each pull gets the window's end as its deadline and stops there with {@link
 *       SyncResult.Status#WINDOW_CLOSED}; one still running {@code closeGrace} later is cancelled.
 *       No pull starts outside the window. There are no custom schedules.
 *   <li>Checkpoints go to the {@link CheckpointStore} only after the host's sink took the records
 *       before them; the next pull of an object resumes from its last checkpoint.
 *   <li>Each connection's {@link QuotaPolicy} is read live from its config, so a budget the host
 *       changes applies to running pulls on their next call. Its ledger must survive a restart:
 *       build it with {@link CheckpointStore#quotaLedger()}.
 *   <li>Writes the host submits are kept in the store and sent after the day's pulls (or when the
 *       host calls {@link #runWrites()}), spending the write reserve; items a budget stopped are
 *       sent first the next time.
 * </ul>
 *
 * <pre>{@code
 * CheckpointStore store = CheckpointStore.files(Path.of("/var/lib/revsync"));
 * QuotaPolicy budget = QuotaPolicy.builder().dailyLimit(5_000).writeReserve(500)
 *     .ledger(store.quotaLedger()).build();
 * DailyPipeline pipeline = DailyPipeline.builder()
 *     .store(store)
 *     .sinks((connection, object) -> warehouse.sinkFor(connection.tenant(), object))
 *     .connection(PipelineConnection.builder("acme", "salesforce", config.newBuilder().quotaPolicy(budget).build())
 *         .objects("Account", "Contact").build())
 *     .concurrency(8)
 *     .build();
 * pipeline.start();          // runs every day's window as it opens; close() stops it
 * }</pre>
 *
 * <p>Logs through SLF4J (logger {@code dev.revsync.pipeline.DailyPipeline}) with the tenant,
 * connector and object in the MDC under {@link #MDC_TENANT}, {@link #MDC_CONNECTOR} and {@link
 * #MDC_OBJECT}.
 *
 * <p>This class is thread-safe. Closing it does not close the store.
 */
public final class DailyPipeline implements AutoCloseable {
  /** MDC key of the tenant id while a connection runs. */
  public static final String MDC_TENANT = "tenant";

  /** MDC key of the connector id while a connection runs. */
  public static final String MDC_CONNECTOR = "connector";

  /** MDC key of the object while it is pulled. */
  public static final String MDC_OBJECT = "object";

  private static final Logger log = LoggerFactory.getLogger(DailyPipeline.class);
  private static final AtomicInteger PIPELINES = new AtomicInteger();

  /**
   * Gives the host's sink for one object of one connection; called once per run of a pull (a pull
   * that parked on a server-side job runs again, with a new sink, when the job is ready).
   */
  @FunctionalInterface
  public interface SinkFactory {
    /**
     * The sink that takes this pull's records. If it is {@link AutoCloseable} it is closed when the
     * pull ends. Its {@link RecordSink#checkpoint} must make the records before it durable.
     */
    RecordSink open(PipelineConnection connection, String object);
  }

  private final Map<String, PipelineConnection> connections;
  private final Map<String, Semaphore> permits = new LinkedHashMap<>();
  private final CheckpointStore store;
  private final PullWindow window;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RunContext context;
  private final ExecutorService executor;
  private final int concurrency;
  private final String threadName;
  private final ReentrantLock dayLock = new ReentrantLock();
  private final AtomicLong writeSequence = new AtomicLong();
  private volatile boolean closed;

  /**
   * Set when the thread waiting for a day is interrupted: that day's pulls stop at their next page.
   */
  private volatile boolean cancelRun;

  private volatile DailyReport lastReport;

  /**
   * The last day whose pulls ran (by the scheduler or the host), so the scheduler never runs a day
   * twice.
   */
  private volatile LocalDate lastDayRun;

  private Thread scheduler;

  private DailyPipeline(Builder b) {
    this.connections = new LinkedHashMap<>(b.connections);
    this.connections.keySet().forEach(k -> permits.put(k, new Semaphore(1)));
    this.store = b.store;
    this.window = b.window;
    this.clock = b.clock;
    this.sleeper = Sleeper.forClock(b.clock);
    this.context =
        new RunContext(
            b.store,
            b.clock,
            new SafeListener(b.listener),
            b.sinks,
            b.closeGrace,
            () -> closed || cancelRun);
    this.concurrency = b.concurrency;
    int id = PIPELINES.incrementAndGet();
    this.threadName = "revsync-pipeline-" + id;
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "revsync-pipeline-" + id + "-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.executor = Executors.newFixedThreadPool(b.concurrency, factory);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The connections, in the order they were added. */
  public List<PipelineConnection> connections() {
    return List.copyOf(connections.values());
  }

  public PullWindow window() {
    return window;
  }

  /** The clock of days, the window and deadlines. */
  public Clock clock() {
    return clock;
  }

  /**
   * Runs {@code day}'s pulls now, then the connections' pending writes, and returns the day's
   * report when every connection is done. Pulls stop at the window's end.
   *
   * @throws ConfigurationException if the clock is outside {@code day}'s window: no pull starts
   *     outside it
   * @throws IllegalStateException if another day is running or the pipeline is closed
   */
  public DailyReport runDay(LocalDate day) {
    Objects.requireNonNull(day, "day");
    Instant now = clock.instant();
    Instant deadline = window.closesAt(day);
    if (now.isBefore(window.opensAt(day)) || !now.isBefore(deadline)) {
      throw new ConfigurationException(
          "revsync",
          "DailyPipeline.runDay(" + day + ")",
          "no pull starts outside the pull window: the window of "
              + day
              + " is "
              + window.opens()
              + "–"
              + window.closes()
              + " UTC and the clock says "
              + now,
          "Call runDay while the clock is inside that day's window, or call start() to run each day's window"
              + " as it opens",
          null);
    }
    checkOpen();
    if (!dayLock.tryLock())
      throw new IllegalStateException("a day is already running in this pipeline");
    try {
      cancelRun = false;
      lastDayRun = day;
      Map<PipelineConnection, Instant> waitingSince = backlogSince();
      List<PipelineConnection> order = backlogFirst(waitingSince);
      context.listener().dayStarted(day, order);
      NightPlan plan =
          Planner.plan(day, order, waitingSince.keySet(), store, now, deadline, concurrency);
      context.listener().planned(plan);
      log.info(
          "revsync: day {} starts: {} connection(s), window closes at {}\n{}",
          day,
          order.size(),
          deadline,
          plan.summary());
      List<ConnectionRun> runs = new ArrayList<>(order.size());
      for (PipelineConnection c : order)
        runs.add(new ConnectionRun(context, c, permits.get(key(c.tenant(), c.connector()))));
      List<DailyReport.ConnectionReport> reports =
          new Night(context, runs, plan, day, deadline, concurrency)
              .run(executor, threadName, () -> cancelRun = true);
      DailyReport report = new DailyReport(day, window, now, clock.instant(), reports, plan);
      lastReport = report;
      log.info("revsync: day {} done\n{}", day, report.render());
      context.listener().dayFinished(report);
      return report;
    } finally {
      dayLock.unlock();
    }
  }

  /**
   * Sends every connection's pending writes now (backlog from earlier days first), at the host's
   * call rather than after the night's pulls. Waits for a connection's running pulls to finish.
   *
   * @return a report of today with only the writes filled in
   */
  public DailyReport runWrites() {
    checkOpen();
    Instant now = clock.instant();
    return runAll(QuotaPolicy.dayOf(now), now, connections());
  }

  /**
   * Keeps {@code request} durably for the connection {@code (tenant, connector)}; it is sent after
   * the next pulls, or by {@link #runWrites()}. Read its per-item outcomes with {@link
   * #write(String)}.
   *
   * @throws ConfigurationException if the pipeline has no such connection, or a field value has a
   *     type the store cannot keep
   */
  public SubmittedWrite submitWrites(String tenant, String connector, WriteRequest request) {
    Objects.requireNonNull(request, "request");
    PipelineConnection connection = connections.get(key(tenant, connector));
    if (connection == null) {
      throw new ConfigurationException(
          connector,
          "DailyPipeline.submitWrites",
          "the pipeline has no connection "
              + tenant
              + "/"
              + connector
              + " (it has: "
              + String.join(", ", connections.keySet())
              + ")",
          "Add the connection to the pipeline's builder",
          null);
    }
    if (!connection.writes()) {
      throw new ConfigurationException(
          connector,
          "DailyPipeline.submitWrites",
          "the connection "
              + connection
              + " is read-only: its connector's descriptor declares no "
              + request.activity()
              + " API",
          "Submit writes only to connections whose connector writes (ConnectorDescriptor.writes())",
          null);
    }
    try {
      WriteCodec.check(request);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          connector,
          "DailyPipeline.submitWrites",
          e.getMessage(),
          "Convert the value to a String, number, boolean, Instant, LocalDate or date-time",
          e);
    }
    Instant now = clock.instant();
    String id =
        String.format(
            "w%013d-%06d-%04x",
            now.toEpochMilli(),
            writeSequence.incrementAndGet() % 1_000_000,
            java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000));
    SubmittedWrite write = SubmittedWrite.of(id, tenant, connector, now, request);
    store.saveWrite(write);
    log.info("revsync: write {} submitted for {}/{}: {}", id, tenant, connector, request);
    return write;
  }

  /**
   * As {@link #submitWrites(String, String, WriteRequest)} for a tenant with one connection.
   *
   * @throws ConfigurationException if the tenant has no connection or several
   */
  public SubmittedWrite submitWrites(String tenant, WriteRequest request) {
    List<PipelineConnection> mine =
        connections.values().stream().filter(c -> c.tenant().equals(tenant)).toList();
    if (mine.size() != 1) {
      throw new ConfigurationException(
          "revsync",
          "DailyPipeline.submitWrites",
          "tenant '"
              + tenant
              + "' has "
              + (mine.isEmpty() ? "no connection" : mine.size() + " connections " + mine)
              + " in this pipeline",
          "Name the connector: submitWrites(tenant, connector, request)",
          null);
    }
    return submitWrites(tenant, mine.get(0).connector(), request);
  }

  /** A submitted write with its per-item outcomes, until the host forgets it. */
  public Optional<SubmittedWrite> write(String id) {
    return store.write(id);
  }

  /** A connection's submitted writes still kept, oldest first. */
  public List<SubmittedWrite> writes(String tenant, String connector) {
    return store.writes(tenant, connector);
  }

  /** Forgets a submitted write once the host has read its outcomes. */
  public void forgetWrite(String id) {
    store.deleteWrite(id);
  }

  /** The report of the last day run, if any. */
  public Optional<DailyReport> lastReport() {
    return Optional.ofNullable(lastReport);
  }

  /**
   * Starts running each day's window as it opens, on a thread of its own: if the clock is inside
   * today's window, today runs at once. Reports go to the listener's {@link
   * PipelineListener#dayFinished} and {@link #lastReport()}. Waits go through {@link
   * Sleeper#forClock(Clock)}, so a simulated clock runs days instantly.
   *
   * @throws IllegalStateException if already started or closed
   */
  public synchronized void start() {
    checkOpen();
    if (scheduler != null) throw new IllegalStateException("the pipeline is already started");
    scheduler = new Thread(this::schedule, "revsync-pipeline-scheduler");
    scheduler.setDaemon(true);
    scheduler.start();
  }

  /**
   * Stops the scheduler, cancels running pulls (they stop at their next page with a checkpoint
   * saved), and waits for them (at most a minute, then interrupts them). Does not close the store.
   * Call it from the host's thread, not from a listener.
   */
  @Override
  public void close() {
    Thread s;
    synchronized (this) {
      if (closed) return;
      closed = true;
      s = scheduler;
    }
    if (s != null) {
      s.interrupt();
      if (s != Thread.currentThread()) joinQuietly(s);
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
        log.warn("revsync: pulls still running a minute after close; interrupting them");
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void schedule() {
    while (!closed) {
      Instant now = clock.instant();
      LocalDate today = QuotaPolicy.dayOf(now);
      boolean ranToday = today.equals(lastDayRun);
      if (window.contains(now) && !ranToday) {
        try {
          runDay(today);
        } catch (RuntimeException e) {
          if (!closed) log.error("revsync: day {} failed: {}", today, e.toString(), e);
          lastDayRun = today; // never retry a day in a loop; tomorrow comes
        }
        continue;
      }
      Instant next = ranToday ? window.opensAt(today.plusDays(1)) : window.nextOpening(now);
      try {
        log.debug("revsync: next pull window opens at {}", next);
        sleeper.sleep(Duration.between(now, next));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private DailyReport runAll(LocalDate day, Instant startedAt, List<PipelineConnection> order) {
    List<Future<DailyReport.ConnectionReport>> futures = new ArrayList<>();
    for (PipelineConnection c : order) {
      ConnectionRun run =
          new ConnectionRun(context, c, permits.get(key(c.tenant(), c.connector())));
      futures.add(executor.submit(run::writesOnly));
    }
    List<DailyReport.ConnectionReport> reports = new ArrayList<>();
    boolean interrupted = false;
    for (int i = 0; i < futures.size(); i++) {
      while (true) {
        try {
          reports.add(futures.get(i).get());
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          cancelRun = true;
        } catch (ExecutionException e) {
          reports.add(crashed(order.get(i), e.getCause()));
          break;
        }
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    return new DailyReport(day, window, startedAt, clock.instant(), reports);
  }

  /** A connection whose writes threw (a store failure): reported FAILED with the cause. */
  private DailyReport.ConnectionReport crashed(PipelineConnection c, Throwable cause) {
    String why = cause.getMessage() != null ? cause.getMessage() : cause.toString();
    log.error("revsync: {} stopped: {}", c, why, cause);
    QuotaPolicy policy = c.config().quotaPolicy();
    Instant now = clock.instant();
    String id = c.config().connectionId();
    return DailyReport.ConnectionReport.builder(c.tenant(), c.connector(), id)
        .dailyLimit(policy.dailyLimit())
        .spent(policy.spent(id, now))
        .budgetLeft(policy.remaining(id, Activity.SYNC, now))
        .budgetLeftForWrites(policy.remaining(id, Activity.ENRICHMENT, now))
        .build();
  }

  /**
   * Connections with work carried from earlier days first, the one whose pulls made progress
   * longest ago first among them (so none starves when the window is short); the others in the
   * order they were added.
   */
  private List<PipelineConnection> backlogFirst(Map<PipelineConnection, Instant> waitingSince) {
    List<PipelineConnection> order = new ArrayList<>(connections.values());
    order.sort(
        Comparator.comparing((PipelineConnection c) -> !waitingSince.containsKey(c))
            .thenComparing(c -> waitingSince.getOrDefault(c, Instant.MAX)));
    return order;
  }

  /** The connections with backlog, each with when its oldest backlog last made progress. */
  private Map<PipelineConnection, Instant> backlogSince() {
    Map<PipelineConnection, Instant> waitingSince = new LinkedHashMap<>();
    for (PipelineConnection c : connections.values())
      backlogSince(c).ifPresent(since -> waitingSince.put(c, since));
    return waitingSince;
  }

  /** When the connection's oldest backlog last made progress; empty without backlog. */
  private Optional<Instant> backlogSince(PipelineConnection c) {
    try {
      Instant oldest = null;
      for (String object : c.objects()) {
        Optional<CheckpointStore.Entry> entry = store.load(c.tenant(), c.connector(), object);
        if (entry.isPresent() && entry.get().backlog()) {
          Instant at = entry.get().savedAt();
          if (oldest == null || at.isBefore(oldest)) oldest = at;
        }
      }
      if (oldest == null) {
        oldest =
            store.writes(c.tenant(), c.connector()).stream()
                .filter(w -> !w.done())
                .map(SubmittedWrite::submittedAt)
                .findFirst()
                .orElse(null);
      }
      return Optional.ofNullable(oldest);
    } catch (RuntimeException e) {
      log.warn("revsync: cannot read the backlog of {}: {}", c, e.getMessage());
      return Optional.empty();
    }
  }

  private void checkOpen() {
    if (closed) throw new IllegalStateException("the pipeline is closed");
  }

  private static String key(String tenant, String connector) {
    return tenant + "/" + connector;
  }

  private static void joinQuietly(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Builds a {@link DailyPipeline}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, PipelineConnection> connections = new LinkedHashMap<>();
    private CheckpointStore store;
    private SinkFactory sinks;
    private PullWindow window = PullWindow.daily();
    private int concurrency = 4;
    private Clock clock = Clock.systemUTC();
    private PipelineListener listener = PipelineListener.NONE;
    private Duration closeGrace = Duration.ofMinutes(1);

    private Builder() {}

    /** Where checkpoints, budget counts and the write backlog live. Required. */
    public Builder store(CheckpointStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The host's sink for each pull. Required. */
    public Builder sinks(SinkFactory sinks) {
      this.sinks = Objects.requireNonNull(sinks, "sinks");
      return this;
    }

    /** The daily window; default {@link PullWindow#daily()} (00:00–02:00 UTC). */
    public Builder window(PullWindow window) {
      this.window = Objects.requireNonNull(window, "window");
      return this;
    }

    /**
     * Refuses a custom schedule (a cron expression, an interval, another time of day): scheduled
     * pulls run once a day in the {@link PullWindow}.
     *
     * @throws ConfigurationException always, naming {@code expression}
     */
    @SuppressWarnings(
        "DoNotCallSuggester") // public so a host that tries gets the reason, not a compile error
    public Builder schedule(String expression) {
      throw PullWindow.customTimes(expression);
    }

    /**
     * How many pulls run at once (the slots, one thread each); a pull parked on a server-side job
     * holds none. Default 4.
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1)
        throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
      this.concurrency = concurrency;
      return this;
    }

    /**
     * The clock for days, the window and deadlines; use the connections' clock. Default: system
     * UTC.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder listener(PipelineListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * How long after the window's end a pull that missed the deadline is cancelled; default 1
     * minute.
     */
    public Builder closeGrace(Duration closeGrace) {
      Objects.requireNonNull(closeGrace, "closeGrace");
      if (closeGrace.isNegative())
        throw new IllegalArgumentException("closeGrace must not be negative: " + closeGrace);
      this.closeGrace = closeGrace;
      return this;
    }

    /** Adds a connection; one per (tenant, connector). */
    public Builder connection(PipelineConnection connection) {
      Objects.requireNonNull(connection, "connection");
      String key = key(connection.tenant(), connection.connector());
      if (connections.putIfAbsent(key, connection) != null) {
        throw new IllegalArgumentException("connection " + key + " added twice");
      }
      return this;
    }

    public Builder connections(Collection<PipelineConnection> connections) {
      connections.forEach(this::connection);
      return this;
    }

    /**
     * The pipeline; it runs nothing until {@link DailyPipeline#start()}.
     *
     * @throws IllegalStateException without a store or sinks
     * @throws ConfigurationException if a connection with a daily limit keeps its counts in memory
     *     while the store is durable: a restarted process would hand out the day's budget again
     */
    public DailyPipeline build() {
      if (store == null)
        throw new IllegalStateException("a store is required: store(CheckpointStore.files(dir))");
      if (sinks == null)
        throw new IllegalStateException("sinks are required: sinks((connection, object) -> ...)");
      for (PipelineConnection c : connections.values()) {
        QuotaPolicy policy = c.config().quotaPolicy();
        boolean volatileLedger =
            !policy.ledger().durable() && policy.ledger() != store.quotaLedger();
        if (volatileLedger && policy.dailyLimit() != QuotaPolicy.UNLIMITED && store.durable()) {
          throw new ConfigurationException(
              c.connector(),
              "DailyPipeline.build",
              "connection "
                  + c
                  + " has a daily limit of "
                  + policy.dailyLimit()
                  + " calls but counts them in memory: a process"
                  + " restarted during the day would hand out the day's budget again",
              "Build its QuotaPolicy with .ledger(store.quotaLedger())",
              null);
        }
        // Compared by the time they tell, not by identity: simulations give each system a clock of
        // its own (one connection's waits must not move another's time), and that is fine while
        // they agree on the day.
        Duration apart = Duration.between(c.config().clock().instant(), clock.instant()).abs();
        if (apart.compareTo(Duration.ofMinutes(1)) > 0) {
          log.warn(
              "revsync: {} uses another clock than the pipeline ({} vs {}, {} apart): deadlines may disagree",
              c,
              c.config().clock(),
              clock,
              apart);
        }
      }
      return new DailyPipeline(this);
    }
  }
}
