package dev.revsync;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What {@link Connector#verify()} learned: who we are logged in as, in which organization, what we
 * may do, and how much of the system's own API allowance is left. Immutable.
 *
 * @param system the connector id
 * @param organizationId the customer's org / instance / portal / site id
 * @param user the integration user (name or id)
 * @param baseUrl the API base URL the connection resolved to
 * @param permissions permissions or scopes the system reported
 * @param systemDailyLimit the system's own daily API allowance, where it reports one
 * @param systemRemaining how much of it is left, where it reports it
 * @param details further facts worth showing (vendor-specific)
 * @param callsSpent calls the verification spent
 */
public record VerifyResult(
    String system,
    String organizationId,
    String user,
    String baseUrl,
    List<String> permissions,
    OptionalLong systemDailyLimit,
    OptionalLong systemRemaining,
    Map<String, String> details,
    long callsSpent) {

  public VerifyResult {
    permissions = permissions == null ? List.of() : List.copyOf(permissions);
    details = details == null ? Map.of() : Map.copyOf(details);
    systemDailyLimit = systemDailyLimit == null ? OptionalLong.empty() : systemDailyLimit;
    systemRemaining = systemRemaining == null ? OptionalLong.empty() : systemRemaining;
  }
}
