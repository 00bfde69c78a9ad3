package dev.revsync;

/**
 * Told when a system hands out a new credential that replaces a configured one, such as a rotated
 * OAuth refresh token. Called before the old credential is dropped, so a host that persists the new
 * value never loses access. Must be thread-safe.
 */
@FunctionalInterface
public interface CredentialListener {
  /** Ignores rotations. */
  CredentialListener NONE = (connectionId, key, value) -> {};

  /**
   * Called after the system issued a new secret for a connection (a rotated refresh token).
   *
   * @param connectionId the connection ({@link ConnectionConfig#connectionId()})
   * @param key the secret's configuration key, such as {@code refreshToken}
   * @param newValue the new secret; store it, never log it
   */
  void credentialRotated(String connectionId, String key, String newValue);
}
