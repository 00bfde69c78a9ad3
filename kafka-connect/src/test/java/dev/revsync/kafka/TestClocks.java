package dev.revsync.kafka;

import dev.revsync.simulators.SimulatedClock;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The clocks the tests hand the connectors through {@code revsync.clock}: Connect instantiates
 * plugins' classes by name, so each clock is a static the test shares with its simulators.
 */
public final class TestClocks {
  private TestClocks() {}

  /** Inside the window (00:30 UTC) on a fixed day: sources pull at once. */
  public static final SimulatedClock SOURCE = SimulatedClock.at("2026-11-28T00:30:00Z");

  /** The sink's, moved to the next day by the budget test. */
  public static final SimulatedClock SINK = SimulatedClock.at("2026-11-28T00:30:00Z");

  /** The unit tests' own, moved across the window's edge. */
  public static final SimulatedClock UNIT = SimulatedClock.at("2026-11-28T03:00:00Z");

  public static final class Unit implements Supplier<Clock> {
    @Override
    public Clock get() {
      return UNIT;
    }
  }

  public static final class Source implements Supplier<Clock> {
    @Override
    public Clock get() {
      return SOURCE;
    }
  }

  public static final class Sink implements Supplier<Clock> {
    @Override
    public Clock get() {
      return SINK;
    }
  }
}
