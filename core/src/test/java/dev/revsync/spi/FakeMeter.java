package dev.revsync.spi;

/** A call meter a test advances by hand, standing in for the transport. */
final class FakeMeter implements CallMeter {
  private final String system;
  long calls;

  FakeMeter(String system, long alreadyMade) {
    this.system = system;
    this.calls = alreadyMade;
  }

  @Override
  public String system() {
    return system;
  }

  @Override
  public long callsMade() {
    return calls;
  }
}
