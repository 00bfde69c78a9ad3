package dev.revsync.kafka.internal;

import dev.revsync.ConnectionConfig;
import dev.revsync.QuotaPolicy;
import dev.revsync.kafka.TenantRegistry;
import java.util.List;
import java.util.Map;

/** A host's registry as the tests see it: two tenants under the reference "eu". */
public final class TestRegistry implements TenantRegistry {
  private String baseUrl;

  @Override
  public void configure(Map<String, String> config) {
    baseUrl = config.get("test.baseUrl");
  }

  @Override
  public List<String> connections(String reference) {
    return reference.equals("eu") ? List.of("acme/salesforce", "globex/salesforce") : List.of();
  }

  @Override
  public ConnectionConfig connection(String tenant, String connectorId) {
    return ConnectionConfig.builder(tenant + "/" + connectorId)
        .baseUrl(baseUrl)
        .setting("clientId", tenant)
        .secret("clientSecret", tenant + "-secret")
        .quotaPolicy(QuotaPolicy.daily(tenant.equals("acme") ? 700 : QuotaPolicy.UNLIMITED))
        .build();
  }
}
