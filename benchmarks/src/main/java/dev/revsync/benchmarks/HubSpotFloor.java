package dev.revsync.benchmarks;

import dev.revsync.spi.Json;
import dev.revsync.spi.RecordShape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The floor for HubSpot pulls: the connector's first list request, then {@code paging.next.after}
 * to the end, with bare OkHttp and the private-app token, pages parsed by {@link Json#readPage}
 * with the same key matching (a {@link RecordShape} of the record's id, times and archived flag and
 * of each asked property under {@code properties}, keys matched as bytes) into nothing. Not
 * thread-safe.
 */
final class HubSpotFloor {
  static final String SYSTEM = "hubspot-crm";

  private final BareHttp http;
  private final String base;
  private long records;
  private int fieldsPerRecord = -1;

  HubSpotFloor(BareHttp http, Map<String, String> settings) {
    this.http = http;
    HttpUrl url = HttpUrl.get(settings.get("baseUrl"));
    this.base = url.scheme() + "://" + url.host() + ":" + url.port();
    http.authorization = "Bearer " + settings.get("privateAppToken");
  }

  /**
   * Pages from {@code firstRequest} (path and query, as the connector sent it) until no next page.
   */
  void list(String firstRequest) throws IOException {
    HttpUrl url = HttpUrl.get(base + firstRequest);
    List<String> paths = new ArrayList<>(List.of("id", "updatedAt", "archived", "archivedAt"));
    String properties = url.queryParameter("properties");
    for (String p : properties.split(",")) paths.add("properties." + p);
    RecordShape shape = RecordShape.of("floor", paths);
    fieldsPerRecord = paths.size() - 4;
    while (url != null) {
      HttpUrl current = url;
      Json.Page page =
          http.call(
              new Request.Builder().url(current).build(),
              (response, body) ->
                  Json.readPage(body, "results", shape, values -> records++, SYSTEM, "GET list"));
      String after = page.string("paging.next.after");
      url = after == null ? null : current.newBuilder().setQueryParameter("after", after).build();
    }
  }

  long records() {
    return records;
  }

  int fieldsPerRecord() {
    return fieldsPerRecord;
  }
}
