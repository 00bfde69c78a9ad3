package dev.revsync.simulators.eloqua;

import dev.revsync.simulators.SimulatedClock;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/**
 * Set-up shared by the Eloqua simulator's tests: a clock at 2026-05-02T00:00:00Z, a simulator sized
 * by the subclass with background changes off, a client for it, both closed after each test.
 */
abstract class EloquaTestBase {
  final SimulatedClock clock = SimulatedClock.at("2026-05-02T00:00:00Z");
  EloquaSimulator sim;
  EloquaClient client;
  private final Consumer<EloquaSimulator.Builder> size;

  /** {@code size} sets the record counts the subclass's tests need. */
  EloquaTestBase(Consumer<EloquaSimulator.Builder> size) {
    this.size = size;
  }

  /** Starts the simulator with the test's own {@code settings} applied after the size. */
  void start(Consumer<EloquaSimulator.Builder> settings) {
    EloquaSimulator.Builder b = EloquaSimulator.builder().clock(clock).changesPerHour(0);
    size.accept(b);
    settings.accept(b);
    sim = b.start();
    client = new EloquaClient(sim);
  }

  @AfterEach
  void stop() {
    if (client != null) client.close();
    if (sim != null) sim.close();
  }
}
