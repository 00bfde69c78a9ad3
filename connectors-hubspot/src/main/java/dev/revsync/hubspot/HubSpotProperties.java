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

  static Map<String, RecordMapping.Prop> load(HubSpotRestClient client, String objectType, Activity activity) {
    HttpUrl url = client.config.url("/crm/v3/properties/" + objectType).build();
    Map<String, RecordMapping.Prop> props = new LinkedHashMap<>();
    client.get(activity, url, response -> Json.readPage(response.body().source(), "results", p -> {
      String name = RecordMapping.string(p.get("name"));
      if (name == null) return;
      boolean readOnly = p.get("modificationMetadata") instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("readOnlyValue"));
      props.put(name, new RecordMapping.Prop(name, RecordMapping.string(p.get("label")),
          RecordMapping.string(p.get("type")), RecordMapping.string(p.get("fieldType")), readOnly,
          Boolean.TRUE.equals(p.get("hasUniqueValue")), Boolean.TRUE.equals(p.get("calculated"))));
    }, client.config.descriptor.id(), HubSpotRestClient.call("GET", url)));
    return props;
  }
}
