package dev.revsync.kafka.internal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One unit a source task pulls: an object of one connection. Its {@link #sourcePartition()} is the
 * key of the task's offsets, so the task that gets it after a rebalance finds the checkpoint there.
 */
public record Partition(String connectionId, String object) {
  public static final String TASK_KEY = "revsync.task.partitions";
  public static final String TASK_INDEX = "revsync.task.index";

  public String tenant() {
    return Settings.tenantOf(connectionId);
  }

  public String connector() {
    return Settings.connectorOf(connectionId);
  }

  /** {connector, tenant, object}: Connect's source partition. */
  public Map<String, String> sourcePartition() {
    return Map.of("connector", connector(), "tenant", tenant(), "object", object);
  }

  /** As one entry of the task's list: both parts URL-encoded, so commas and '|' stay inside. */
  public String encode() {
    return URLEncoder.encode(connectionId, StandardCharsets.UTF_8)
        + "|"
        + URLEncoder.encode(object, StandardCharsets.UTF_8);
  }

  static Partition decode(String entry) {
    int bar = entry.indexOf('|');
    if (bar < 0) {
      throw Settings.problem(
          "task partition '" + entry + "' is not connection|object",
          "Let the connector write task configurations; do not edit them");
    }
    return new Partition(
        URLDecoder.decode(entry.substring(0, bar), StandardCharsets.UTF_8),
        URLDecoder.decode(entry.substring(bar + 1), StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return connectionId + " " + object;
  }
}
