package dev.revsync.dynamics;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConfigurationException;
import dev.revsync.VendorApiException;
import dev.revsync.spi.Json;
import dev.revsync.spi.ResponseHandler;
import dev.revsync.spi.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The Dataverse Web API over revsync's {@link Transport}: the headers every call carries ({@code
 * OData-Version}, {@code OData-MaxVersion}, {@code Accept}, {@code If-None-Match: null} on reads),
 * table metadata from EntityDefinitions (cached for the connection's life), and the call names used
 * in messages. Thread-safe.
 */
final class DynamicsRestClient {
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final String TABLE_SELECT =
      "LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,"
          + "ChangeTrackingEnabled,IsCustomEntity";
  private static final String ATTRIBUTE_EXPAND =
      "Attributes($select=LogicalName,AttributeType,AttributeOf,"
          + "IsValidForRead,IsValidForCreate,IsValidForUpdate,IsPrimaryId),Keys($select=LogicalName,KeyAttributes)";

  private final DynamicsConfig config;
  private final Transport transport;
  private final Map<String, TableInfo> tables = new ConcurrentHashMap<>();

  DynamicsRestClient(DynamicsConfig config, Transport transport) {
    this.config = config;
    this.transport = transport;
  }

  HttpUrl serviceRoot() {
    return config.serviceRoot();
  }

  /** A request with Dataverse's standard headers. */
  static Request.Builder request(HttpUrl url) {
    return new Request.Builder()
        .url(url)
        .header("Accept", "application/json")
        .header("OData-MaxVersion", "4.0")
        .header("OData-Version", "4.0");
  }

  /** A GET of {@code url}, with {@code prefer} (null for none). */
  <T> T get(Activity activity, HttpUrl url, String prefer, ResponseHandler<T> handler) {
    Request.Builder b = request(url).header("If-None-Match", "null");
    if (prefer != null) b.header("Prefer", prefer);
    return transport.execute(activity, ApiStyle.REST, b.build(), handler);
  }

  <T> T post(
      Activity activity, HttpUrl url, RequestBody body, String prefer, ResponseHandler<T> handler) {
    Request.Builder b = request(url).post(body);
    if (prefer != null) b.header("Prefer", prefer);
    return transport.execute(activity, ApiStyle.REST, b.build(), handler);
  }

  /** The table's definition with columns and keys: one metadata call, then cached. */
  TableInfo table(String logicalName, Activity activity) {
    TableInfo cached = tables.get(logicalName);
    if (cached != null) return cached;
    if (!logicalName.matches("[a-z][a-z0-9_]*")) {
      throw new ConfigurationException(
          DynamicsConfig.SYSTEM,
          "open table " + logicalName,
          "'" + logicalName + "' is not a Dataverse table logical name",
          "Use a logical name such as account, contact or new_project",
          null);
    }
    HttpUrl url =
        serviceRoot()
            .newBuilder()
            .addPathSegment("EntityDefinitions(LogicalName='" + logicalName + "')")
            .addQueryParameter("$select", TABLE_SELECT)
            .addQueryParameter("$expand", ATTRIBUTE_EXPAND)
            .build();
    TableInfo info;
    try {
      info =
          get(
              activity,
              url,
              null,
              response ->
                  TableInfo.of(
                      Json.readObject(
                          response.body().source(),
                          DynamicsConfig.SYSTEM,
                          "GET EntityDefinitions(LogicalName='" + logicalName + "')")));
    } catch (VendorApiException e) {
      if (e.httpStatus() == 404) {
        throw new ConfigurationException(
            DynamicsConfig.SYSTEM,
            "GET EntityDefinitions(LogicalName='" + logicalName + "')",
            "the environment has no table '" + logicalName + "'",
            "Use one of "
                + DynamicsConfig.DESCRIPTOR.objects()
                + " or a custom table's logical name",
            e);
      }
      throw e;
    }
    tables.put(logicalName, info);
    return info;
  }

  /**
   * The descriptor's tables and every custom table, with columns: one metadata call (metadata is
   * never paged).
   */
  List<TableInfo> tables(Activity activity) {
    StringBuilder filter = new StringBuilder("IsCustomEntity eq true");
    for (String o : DynamicsConfig.DESCRIPTOR.objects())
      filter.append(" or LogicalName eq '").append(o).append('\'');
    HttpUrl url =
        serviceRoot()
            .newBuilder()
            .addPathSegment("EntityDefinitions")
            .addQueryParameter("$select", TABLE_SELECT)
            .addQueryParameter("$filter", filter.toString())
            .addQueryParameter("$expand", ATTRIBUTE_EXPAND)
            .build();
    List<TableInfo> out = new ArrayList<>();
    get(
        activity,
        url,
        null,
        response ->
            Json.readPage(
                response.body().source(),
                "value",
                definition -> out.add(TableInfo.of(definition)),
                DynamicsConfig.SYSTEM,
                "GET EntityDefinitions"));
    for (TableInfo t : out) tables.put(t.logicalName(), t);
    return out;
  }
}
