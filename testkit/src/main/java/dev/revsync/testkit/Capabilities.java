package dev.revsync.testkit;

import dev.revsync.simulators.FaultPlan.Fault;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a connector (with its simulator) can do, so {@link ConnectorContractTest} runs the checks
 * that apply instead of keeping a list of skipped tests. Immutable.
 *
 * <pre>{@code
 * Capabilities.builder().deletes(true).writes(true).systemUsage(true).build()
 * }</pre>
 */
public final class Capabilities {
  private final boolean deletes;
  private final boolean writes;
  private final boolean systemUsage;
  private final boolean tokenExpiry;
  private final boolean tieBreaker;
  private final Set<Fault> faults;

  private Capabilities(Builder b) {
    this.deletes = b.deletes;
    this.writes = b.writes;
    this.systemUsage = b.systemUsage;
    this.tokenExpiry = b.tokenExpiry;
    this.tieBreaker = b.tieBreaker;
    this.faults = Set.copyOf(b.faults);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Incremental syncs surface deleted records as {@link dev.revsync.Record#isDeleted()} tombstones.
   */
  public boolean deletes() {
    return deletes;
  }

  /** The connector writes back ({@link ContractFixture#writeTarget()} must be given). */
  public boolean writes() {
    return writes;
  }

  /** {@code verify()} reports the system's own remaining daily allowance. */
  public boolean systemUsage() {
    return systemUsage;
  }

  /**
   * Calls carry tokens the simulator can expire ({@link
   * dev.revsync.simulators.FaultPlan#expireTokensAfter(int)}).
   */
  public boolean tokenExpiry() {
    return tokenExpiry;
  }

  /**
   * The cursor has an id tie-breaker, so an incremental sync from a checkpoint returns nothing
   * already delivered. Without one (a system that filters by timestamp alone), a connector must
   * re-read the checkpoint's own timestamp and the suite allows those records again.
   */
  public boolean tieBreaker() {
    return tieBreaker;
  }

  /** The faults a sync must survive; all by default. */
  public Set<Fault> faults() {
    return faults;
  }

  @Override
  public String toString() {
    return "Capabilities{deletes="
        + deletes
        + ", writes="
        + writes
        + ", systemUsage="
        + systemUsage
        + ", tokenExpiry="
        + tokenExpiry
        + ", tieBreaker="
        + tieBreaker
        + ", faults="
        + faults
        + "}";
  }

  /**
   * Builds {@link Capabilities}; everything off except the tie-breaker and all faults. Not
   * thread-safe.
   */
  public static final class Builder {
    private boolean deletes;
    private boolean writes;
    private boolean systemUsage;
    private boolean tokenExpiry;
    private boolean tieBreaker = true;
    private Set<Fault> faults = EnumSet.allOf(Fault.class);

    private Builder() {}

    public Builder deletes(boolean deletes) {
      this.deletes = deletes;
      return this;
    }

    public Builder writes(boolean writes) {
      this.writes = writes;
      return this;
    }

    public Builder systemUsage(boolean systemUsage) {
      this.systemUsage = systemUsage;
      return this;
    }

    public Builder tokenExpiry(boolean tokenExpiry) {
      this.tokenExpiry = tokenExpiry;
      return this;
    }

    public Builder tieBreaker(boolean tieBreaker) {
      this.tieBreaker = tieBreaker;
      return this;
    }

    public Builder faults(Set<Fault> faults) {
      this.faults = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
      return this;
    }

    public Capabilities build() {
      return new Capabilities(this);
    }
  }
}
