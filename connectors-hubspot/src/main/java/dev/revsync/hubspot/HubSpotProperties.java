package dev.revsync.hubspot;

import dev.revsync.Activity;
import dev.revsync.spi.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * The properties API: {@code GET /crm/v3/properties/{objectType}} read once per sync (or write)
 * into the names and types records are built against. Stateless.
 */
final class HubSpotProperties {
  private HubSpotProperties() {}

  static Map<String, RecordMapping.Prop> load(
      HubSpotRestClient client, String objectType, Activity activity) {
    HttpUrl url = client.config.url("/crm/v3/properties/" + objectType).build();
    Map<String, RecordMapping.Prop> props = new LinkedHashMap<>();
    client.get(
        activity,
        url,
        response ->
            Json.readPage(
                response.body().source(),
                "results",
                p -> {
                  if (p.get("name") == null) return;
                  RecordMapping.Prop prop = RecordMapping.Prop.of(p);
                  props.put(prop.name(), prop);
                },
                client.config.descriptor.id(),
                HubSpotRestClient.call("GET", url)));
    return props;
  }
}
