package dev.revsync.internal.pipeline;

import dev.revsync.pipeline.DailyReport.ConnectionReport;
import dev.revsync.pipeline.NightPlan;
import dev.revsync.spi.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one night's pulls: a ready queue of (connection, object) steps in the plan's order, {@code
 * slots} workers that take them, and one timer thread that holds the parked ones.
 *
 * <ul>
 *   <li>A connection runs one step at a time; a step that parks on a server-side job releases both
 *       its slot and its connection, so the connection's next object (often another job's start)
 *       runs meanwhile. A connection holds at most its connector's {@code maxConcurrentJobs} jobs;
 *       a step that might start one more waits for one to end.
 *   <li>A parked step comes back at its resume time, ahead of every fresh step; at the window's end
 *       the parked ones come back at once and end WINDOW_CLOSED, their job ids kept in the store.
 *   <li>Threads: the workers (the pipeline's fixed pool) and the timer, whatever the number of
 *       connections or parked jobs.
 *   <li>Time: the timer waits on the pipeline's clock. With a clock that is a {@link Sleeper} (a
 *       simulated or scaled clock) it lets the clock's sleep pass the time only when no step can
 *       run, so a simulated night jumps from one due job to the next and never past a running pull.
 * </ul>
 *
 * <p>One instance runs one night; thread-safe.
 */
public final class Night {
  private static final Logger log = LoggerFactory.getLogger(Night.class);

  /** How long the timer waits at most between looks at a clock that moves by itself. */
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final RunContext ctx;
  private final List<ConnectionRun> runs;
  private final LocalDate day;
  private final Instant deadline;
  private final int slots;
  private final Sleeper sleeper;
  private final boolean realClock;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final TreeSet<PullStep> ready =
      new TreeSet<>(
          Comparator.comparing((PullStep s) -> !s.resumed)
              .thenComparing(s -> s.resumed ? s.due : Instant.MIN)
              .thenComparingInt(s -> s.rank)
              .thenComparingLong(s -> s.seq));
  private final PriorityQueue<PullStep> parked =
      new PriorityQueue<>(
          Comparator.comparing((PullStep s) -> s.due).thenComparingLong(s -> s.seq));
  private final Map<ConnectionRun, ConnectionReport> reports = new HashMap<>();
  private int running;
  private int unfinished;
  private int peakParked;
  private boolean over;

  public Night(
      RunContext ctx,
      List<ConnectionRun> runs,
      NightPlan plan,
      LocalDate day,
      Instant deadline,
      int slots) {
    this.ctx = ctx;
    this.runs = List.copyOf(runs);
    this.day = day;
    this.deadline = deadline;
    this.slots = slots;
    this.sleeper = Sleeper.forClock(ctx.clock());
    this.realClock = sleeper == Sleeper.SYSTEM;
    Map<String, ConnectionRun> byKey = new HashMap<>();
    for (ConnectionRun r : runs)
      byKey.put(key(r.connection().tenant(), r.connection().connector()), r);
    long seq = 0;
    for (NightPlan.Step p : plan.steps()) {
      ConnectionRun r = byKey.get(key(p.tenant(), p.connector()));
      if (r == null) continue;
      PullStep s = new PullStep(r, p.object(), p.rank(), seq++, p);
      if (p.resumesJob()) {
        // A job kept from last night still occupies one of the system's job slots.
        s.holdsJob = true;
        r.jobsHeld++;
      }
      enqueue(s);
      r.pending++;
    }
    for (ConnectionRun r : runs) {
      // A connection without objects still sends its writes tonight.
      if (r.pending == 0) {
        enqueue(new PullStep(r, null, Integer.MAX_VALUE, seq++, null));
        r.pending = 1;
      }
    }
    this.unfinished = runs.size();
  }

  /**
   * Runs the night on {@code workers} (at least {@code slots} threads) and a timer thread of its
   * own; returns each connection's report in the order of the runs given. On interrupt, calls
   * {@code onInterrupt} (which makes the pulls stop at their next page) and keeps waiting for them.
   */
  public List<ConnectionReport> run(
      ExecutorService workers, String threadName, Runnable onInterrupt) {
    Thread timer = new Thread(this::timer, threadName + "-timer");
    timer.setDaemon(true);
    timer.start();
    List<Future<?>> loops = new ArrayList<>();
    for (int i = 0; i < slots; i++) {
      try {
        loops.add(workers.submit(this::work));
      } catch (RejectedExecutionException e) {
        // The host closed the pipeline as the night began: its pulls stop at once (they see the
        // close), and the loops already running, or this thread if none is, see the rest through.
        if (loops.isEmpty()) {
          FutureTask<Void> inline = new FutureTask<>(this::work, null);
          inline.run();
          loops.add(inline);
        }
        break;
      }
    }
    boolean interrupted = false;
    for (Future<?> loop : loops) {
      while (true) {
        try {
          loop.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          onInterrupt.run();
          wake();
        } catch (ExecutionException e) {
          log.error("revsync: a pipeline worker died: {}", e.getCause().toString(), e.getCause());
          break;
        }
      }
    }
    lock.lock();
    try {
      over = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    while (true) {
      try {
        timer.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
    if (peakParked > 0)
      log.info("revsync: night {}: at most {} jobs parked at once", day, peakParked);
    List<ConnectionReport> out = new ArrayList<>(runs.size());
    for (ConnectionRun r : runs) {
      ConnectionReport report = reports.get(r);
      out.add(
          report != null ? report : r.crashedNight(new IllegalStateException("never finished")));
    }
    return out;
  }

  /** The most steps parked at once this night (after {@link #run}). */
  public int peakParked() {
    lock.lock();
    try {
      return peakParked;
    } finally {
      lock.unlock();
    }
  }

  private void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** One worker: takes the next runnable step until every connection is done. */
  private void work() {
    while (true) {
      PullStep s = take();
      if (s == null) return;
      ConnectionRun.Outcome outcome;
      try {
        outcome = s.object == null ? ConnectionRun.Outcome.FINAL : s.run.step(s, deadline, day);
      } catch (RuntimeException | Error e) {
        s.run.crashed(s, e);
        outcome = ConnectionRun.Outcome.FINAL;
      }
      boolean last = settle(s, outcome);
      if (last) {
        ConnectionReport report;
        try {
          report = s.run.finishNight();
        } catch (RuntimeException | Error e) {
          report = s.run.crashedNight(e);
        }
        lock.lock();
        try {
          reports.put(s.run, report);
          unfinished--;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** The next step to run, or null once the night is over. */
  private PullStep take() {
    lock.lock();
    try {
      while (true) {
        if (unfinished == 0) return null;
        PullStep s = pick();
        if (s != null) {
          running++;
          return s;
        }
        changed.await();
      }
    } catch (InterruptedException e) {
      // The pipeline is shutting down; the stopping flag makes the remaining steps end quickly.
      Thread.currentThread().interrupt();
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: the first ready step whose connection is free and whose job may start. */
  private PullStep pick() {
    boolean closing = closing();
    while (!ready.isEmpty()) {
      PullStep s = ready.pollFirst();
      ConnectionRun r = s.run;
      r.queued--;
      if (r.active) {
        r.blocked.add(s);
        continue;
      }
      if (!closing && !s.resumed && !s.holdsJob && s.mayStartJob() && r.jobsHeld >= r.jobCap()) {
        r.blocked.add(s);
        continue;
      }
      r.active = true;
      return s;
    }
    return null;
  }

  /** Under no lock: records how the step's run ended; true when it was its connection's last. */
  private boolean settle(PullStep s, ConnectionRun.Outcome outcome) {
    lock.lock();
    try {
      running--;
      ConnectionRun r = s.run;
      r.active = false;
      if (outcome == ConnectionRun.Outcome.PARKED) {
        if (!s.holdsJob) {
          s.holdsJob = true;
          r.jobsHeld++;
        }
        parked.add(s);
        peakParked = Math.max(peakParked, parked.size());
      } else {
        if (s.holdsJob) {
          s.holdsJob = false;
          r.jobsHeld--;
        }
        r.pending--;
      }
      if (!r.clock().equals(ctx.clock())) resumeDue(r);
      r.blocked.forEach(this::enqueue);
      r.blocked.clear();
      changed.signalAll();
      return outcome == ConnectionRun.Outcome.FINAL && r.pending == 0;
    } finally {
      lock.unlock();
    }
  }

  private boolean closing() {
    return ctx.stopping().getAsBoolean() || !ctx.clock().instant().isBefore(deadline);
  }

  /**
   * The timer: brings parked steps back to the ready queue when they are due. A step is due by its
   * connection's clock, which is the pipeline's, or (in simulations) a clock of the connection's
   * own; then its timeline is its own and the timer lets that clock's sleep pass its time at once,
   * as a thread polling the job used to.
   */
  private void timer() {
    lock.lock();
    try {
      while (!over && unfinished > 0) {
        Instant now = ctx.clock().instant();
        boolean closing = closing();
        boolean moved = false;
        while (!parked.isEmpty()) {
          PullStep s = parked.peek();
          Instant its = now(s, now);
          if (!closing && s.due.isAfter(its) && its.isBefore(deadline)) break;
          parked.poll();
          s.resumed = true;
          enqueue(s);
          moved = true;
        }
        if (moved) {
          changed.signalAll();
          continue;
        }
        PullStep next = parked.peek();
        if (next == null) {
          changed.await();
          continue;
        }
        Instant its = now(next, now);
        Instant wakeAt = next.due.isBefore(deadline) ? next.due : deadline;
        Duration wait = Duration.between(its, wakeAt);
        java.time.Clock own = next.run.clock();
        Sleeper ownSleeper = Sleeper.forClock(own);
        if (!own.equals(ctx.clock())
            && ownSleeper != Sleeper.SYSTEM
            && !next.run.active
            && next.run.queued == 0) {
          // A simulated clock of the connection's own, which nothing else reads: time passes on it
          // only once the connection has nothing to run, so its night reads the same every run.
          sleepUnlocked(ownSleeper, wait);
        } else if (realClock) {
          // Real time: wait for the due time, a new park, or (at most a second) a close.
          changed.awaitNanos(Math.min(wait.toNanos(), TimeUnit.SECONDS.toNanos(1)));
        } else if (running == 0 && ready.isEmpty()) {
          // Nothing can run until a job is due: let the shared clock's own sleep pass the time.
          sleepUnlocked(sleeper, wait);
        } else {
          changed.awaitNanos(TICK_NANOS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock: adds a step to the ready queue. */
  private void enqueue(PullStep s) {
    ready.add(s);
    s.run.queued++;
  }

  /**
   * Under the lock, as a step of {@code r} settles: its parked steps already due by its own clock
   * join the ready queue now, not whenever the timer looks, so which of its steps runs next does
   * not depend on thread timing.
   */
  private void resumeDue(ConnectionRun r) {
    Instant its = r.clock().instant();
    List<PullStep> due = new ArrayList<>();
    for (PullStep p : parked) if (p.run == r && !p.due.isAfter(its)) due.add(p);
    for (PullStep p : due) {
      parked.remove(p);
      p.resumed = true;
      enqueue(p);
    }
  }

  /** Under the lock: sleeps on {@code on} without holding it. */
  private void sleepUnlocked(Sleeper on, Duration wait) throws InterruptedException {
    lock.unlock();
    try {
      on.sleep(wait);
    } finally {
      lock.lock();
    }
  }

  /** The time on the step's connection's clock ({@code pipelineNow} when it is the pipeline's). */
  private Instant now(PullStep s, Instant pipelineNow) {
    java.time.Clock own = s.run.clock();
    return own.equals(ctx.clock()) ? pipelineNow : own.instant();
  }

  private static String key(String tenant, String connector) {
    return tenant + "/" + connector;
  }
}
