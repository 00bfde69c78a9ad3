package dev.revsync;

/**
 * The host's configuration is wrong or incomplete (a missing key, a bad URL, a custom pull time);
 * the host must fix it.
 */
public class ConfigurationException extends RevsyncException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(
      String system, String call, String problem, String action, Throwable cause) {
    super(system, call, problem, action, cause);
  }
}
