package dev.revsync.spring;

import dev.revsync.Connector;
import dev.revsync.VerifyResult;
import dev.revsync.pipeline.Budgets;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.PipelineConnection;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link DailyPipeline} with the application context and closes it on shutdown; on
 * start, applies the limits customers saved and (unless turned off) logs each connection in once,
 * so health can say whether its credentials work. Thread-safe.
 */
public final class RevsyncRuntime implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(RevsyncRuntime.class);

  /**
   * A connection's last verify.
   *
   * @param at when it ran
   * @param ok whether the connection logged in
   * @param detail who it logged in as, or why it failed (the exception's message: no secrets)
   */
  public record Verify(Instant at, boolean ok, String detail) {}

  private final DailyPipeline pipeline;
  private final Budgets budgets;
  private final boolean verifyOnStart;
  private final RevsyncMeterHook meters;
  private final Map<String, Verify> verifies = new ConcurrentHashMap<>();
  private volatile boolean running;

  RevsyncRuntime(
      DailyPipeline pipeline, Budgets budgets, boolean verifyOnStart, RevsyncMeterHook meters) {
    this.pipeline = pipeline;
    this.budgets = budgets;
    this.verifyOnStart = verifyOnStart;
    this.meters = meters;
  }

  /** Registers gauges for the pipeline once it exists, when Micrometer is present. */
  @FunctionalInterface
  interface RevsyncMeterHook {
    void monitor(DailyPipeline pipeline);
  }

  public DailyPipeline pipeline() {
    return pipeline;
  }

  /** The last verify of {@code (tenant, connector)}, if one ran. */
  public Optional<Verify> lastVerify(String tenant, String connector) {
    return Optional.ofNullable(verifies.get(tenant + "/" + connector));
  }

  /** Logs the connection in now and remembers the outcome. Spends the calls a verify costs. */
  public Verify verify(PipelineConnection c) {
    Instant at = pipeline.clock().instant();
    Verify outcome;
    try (Connector connector = c.open()) {
      VerifyResult result = connector.verify();
      outcome =
          new Verify(
              at, true, "logged in as " + result.user() + " (" + result.organizationId() + ")");
    } catch (RuntimeException e) {
      log.warn("revsync: {} failed to verify: {}", c, e.getMessage());
      outcome = new Verify(at, false, String.valueOf(e.getMessage()));
    }
    verifies.put(c.toString(), outcome);
    return outcome;
  }

  @Override
  public void start() {
    int restored = budgets.restore();
    if (restored > 0)
      log.info(
          "revsync: {} connection(s) use the limits saved from the settings console", restored);
    if (meters != null) meters.monitor(pipeline);
    if (verifyOnStart) pipeline.connections().forEach(this::verify);
    pipeline.start();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    pipeline.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
