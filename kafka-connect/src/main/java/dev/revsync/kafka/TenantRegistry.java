package dev.revsync.kafka;

import dev.revsync.ConnectionConfig;
import java.util.List;
import java.util.Map;

/**
 * Where a host keeps its tenants' connections, so a Connect configuration names a reference instead
 * of listing every tenant and secret inline. Named by class in {@code revsync.tenant.registry} and
 * instantiated (public no-argument constructor) from the plugin's class loader in the connector and
 * in each task, so the class must be in the plugin directory.
 *
 * <pre>{@code
 * revsync.tenant.registry=com.example.CrmTenants
 * revsync.tenant.registry.reference=eu-nightly
 * }</pre>
 *
 * <p>Implementations must be thread-safe; {@link #connection} is called once per connection when a
 * task starts.
 */
public interface TenantRegistry {

  /** Receives the connector's configuration (secrets included) before any other call. */
  default void configure(Map<String, String> config) {}

  /**
   * The connections {@code reference} names, each as {@code tenant/connectorId} (such as {@code
   * acme/salesforce}): the connection ids of revsync's budgets and reports.
   */
  List<String> connections(String reference);

  /**
   * The connection {@code tenant} has in the system {@code connectorId}: base URL, settings and
   * secrets. Its quota policy's daily limit and write reserve are kept where set; the connector
   * replaces the ledger with the one its tasks share, and the clock with its own.
   */
  ConnectionConfig connection(String tenant, String connectorId);
}
