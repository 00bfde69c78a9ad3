package dev.revsync.simulators.salesforce;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The settled options of one simulator (see {@link SalesforceSimulator.Builder}). Immutable. */
record SfConfig(
    long seed,
    Clock clock,
    Map<String, Long> recordCounts,
    int recordsPerTimestamp,
    Duration history,
    List<String> apiVersions,
    long dailyApiRequests,
    boolean countTokenRequests,
    Map<String, String> clients,
    List<SfUser> users,
    String clientCredentialsUser,
    Map<String, String> refreshTokens,
    boolean rotateRefreshTokens,
    boolean requireClientSecretForRefresh,
    PublicKey jwtPublicKey,
    Set<String> jwtAudiences,
    Duration jwtClockSkew,
    Duration sessionTimeout,
    int queryDefaultBatchSize,
    int queryMinBatchSize,
    int queryMaxBatchSize,
    int queryPageCap,
    int invalidQueryLocatorStatus,
    Duration bulkInProgressAfter,
    Duration bulkCompleteAfter,
    int bulkPollsBeforeComplete,
    long bulkDefaultMaxRecords,
    Duration bulkRetention,
    int bulkResultsNotReadyStatus,
    String bulkResultsNotReadyCode,
    boolean bulkQuoteNulls,
    String bulkFailureMessage,
    long dailyBulkQueryJobs,
    boolean lowerCaseHeaders,
    String soapLoginRetiredFaultCode,
    int soapMaxRecords) {

  /**
   * A user of the simulated org. {@code index} is its position among the generated User records.
   */
  record SfUser(
      String username,
      String password,
      String securityToken,
      boolean active,
      boolean apiEnabled,
      String firstName,
      String lastName,
      int index) {
    String id() {
      return SfIds.of("005", index);
    }

    String fullName() {
      return firstName + " " + lastName;
    }

    @Override
    public String toString() {
      return "SfUser{"
          + username
          + (active ? "" : ", inactive")
          + (apiEnabled ? "" : ", no API")
          + "}";
    }
  }

  SfUser user(String username) {
    if (username == null) return null;
    for (SfUser u : users) if (u.username().equalsIgnoreCase(username)) return u;
    return null;
  }

  String latestVersion() {
    return apiVersions.get(apiVersions.size() - 1);
  }

  /** The header name as sent: Hyperforce orgs send lower case. */
  String header(String name) {
    return lowerCaseHeaders ? name.toLowerCase(java.util.Locale.ROOT) : name;
  }

  @Override
  public String toString() {
    return "SfConfig{seed="
        + seed
        + ", versions="
        + apiVersions.get(0)
        + ".."
        + latestVersion()
        + ", users="
        + users
        + ", secrets hidden}";
  }
}
