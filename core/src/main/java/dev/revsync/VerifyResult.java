package dev.revsync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What {@link Connector#verify()} learned: who we are logged in as, in which organization, what we
 * may do, and how much of the system's own API allowance is left. Connectors build it with {@link
 * #builder(String)}, so a new fact is an addition, not a change to every connector.
 *
 * <pre>{@code
 * return VerifyResult.builder("acme").organizationId(account).user(user).baseUrl(baseUrl)
 *     .permissions(scopes).systemRemaining(remaining).callsSpent(calls).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class VerifyResult {
  private final String system;
  private final String organizationId;
  private final String user;
  private final String baseUrl;
  private final List<String> permissions;
  private final OptionalLong systemDailyLimit;
  private final OptionalLong systemRemaining;
  private final Map<String, String> details;
  private final long callsSpent;

  private VerifyResult(Builder b) {
    this.system = b.system;
    this.organizationId = b.organizationId;
    this.user = b.user;
    this.baseUrl = b.baseUrl;
    this.permissions = List.copyOf(b.permissions);
    this.systemDailyLimit = b.systemDailyLimit;
    this.systemRemaining = b.systemRemaining;
    this.details = Map.copyOf(b.details);
    this.callsSpent = b.callsSpent;
  }

  /** A builder for the connector {@code system}; every other part is optional. */
  public static Builder builder(String system) {
    return new Builder(system);
  }

  /** The connector id. */
  public String system() {
    return system;
  }

  /** The customer's org / instance / portal / site id; null if the system did not say. */
  public String organizationId() {
    return organizationId;
  }

  /** The integration user (name or id); null if the system did not say. */
  public String user() {
    return user;
  }

  /** The API base URL the connection resolved to; null if unknown. */
  public String baseUrl() {
    return baseUrl;
  }

  /** Permissions or scopes the system reported; empty if none. */
  public List<String> permissions() {
    return permissions;
  }

  /** The system's own daily API allowance, where it reports one. */
  public OptionalLong systemDailyLimit() {
    return systemDailyLimit;
  }

  /** How much of it is left, where the system reports it. */
  public OptionalLong systemRemaining() {
    return systemRemaining;
  }

  /** Further facts worth showing (vendor-specific); no secrets. */
  public Map<String, String> details() {
    return details;
  }

  /** API calls the verification spent. */
  public long callsSpent() {
    return callsSpent;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifyResult v
        && system.equals(v.system)
        && Objects.equals(organizationId, v.organizationId)
        && Objects.equals(user, v.user)
        && Objects.equals(baseUrl, v.baseUrl)
        && permissions.equals(v.permissions)
        && systemDailyLimit.equals(v.systemDailyLimit)
        && systemRemaining.equals(v.systemRemaining)
        && details.equals(v.details)
        && callsSpent == v.callsSpent;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        system,
        organizationId,
        user,
        baseUrl,
        permissions,
        systemDailyLimit,
        systemRemaining,
        details,
        callsSpent);
  }

  @Override
  public String toString() {
    return "VerifyResult[system="
        + system
        + ", organizationId="
        + organizationId
        + ", user="
        + user
        + ", baseUrl="
        + baseUrl
        + ", permissions="
        + permissions
        + ", systemDailyLimit="
        + systemDailyLimit
        + ", systemRemaining="
        + systemRemaining
        + ", details="
        + details
        + ", callsSpent="
        + callsSpent
        + "]";
  }

  /** Builds a {@link VerifyResult}; used by connectors. Not thread-safe. */
  public static final class Builder {
    private final String system;
    private String organizationId;
    private String user;
    private String baseUrl;
    private final List<String> permissions = new ArrayList<>();
    private OptionalLong systemDailyLimit = OptionalLong.empty();
    private OptionalLong systemRemaining = OptionalLong.empty();
    private final Map<String, String> details = new LinkedHashMap<>();
    private long callsSpent;

    private Builder(String system) {
      this.system = Objects.requireNonNull(system, "system");
      if (system.isBlank())
        throw new IllegalArgumentException("system must not be blank: '" + system + "'");
    }

    public Builder organizationId(String organizationId) {
      this.organizationId = organizationId;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** Replaces the permissions; null means none. */
    public Builder permissions(List<String> permissions) {
      this.permissions.clear();
      if (permissions != null) permissions.forEach(this::permission);
      return this;
    }

    public Builder permission(String permission) {
      permissions.add(Objects.requireNonNull(permission, "permission"));
      return this;
    }

    public Builder systemDailyLimit(long systemDailyLimit) {
      return systemDailyLimit(OptionalLong.of(systemDailyLimit));
    }

    /** The system's daily allowance; empty (or null) when it reports none. */
    public Builder systemDailyLimit(OptionalLong systemDailyLimit) {
      this.systemDailyLimit = systemDailyLimit == null ? OptionalLong.empty() : systemDailyLimit;
      return this;
    }

    /**
     * What the system says is left; may be negative where a system reports usage over its
     * allowance.
     */
    public Builder systemRemaining(long systemRemaining) {
      return systemRemaining(OptionalLong.of(systemRemaining));
    }

    /** What the system says is left; empty (or null) when it reports nothing. */
    public Builder systemRemaining(OptionalLong systemRemaining) {
      this.systemRemaining = systemRemaining == null ? OptionalLong.empty() : systemRemaining;
      return this;
    }

    /** Adds (or replaces) one detail. */
    public Builder detail(String key, String value) {
      details.put(
          Objects.requireNonNull(key, "key"),
          Objects.requireNonNull(value, () -> "value of detail " + key));
      return this;
    }

    /** Replaces the details; null means none. */
    public Builder details(Map<String, String> details) {
      this.details.clear();
      if (details != null) details.forEach(this::detail);
      return this;
    }

    /** Calls the verification spent; default 0. */
    public Builder callsSpent(long callsSpent) {
      if (callsSpent < 0)
        throw new IllegalArgumentException("callsSpent must not be negative: " + callsSpent);
      this.callsSpent = callsSpent;
      return this;
    }

    public VerifyResult build() {
      return new VerifyResult(this);
    }
  }
}
