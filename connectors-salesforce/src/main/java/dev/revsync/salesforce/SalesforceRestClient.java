package dev.revsync.salesforce;

import static dev.revsync.salesforce.SalesforceConfig.SYSTEM;

import com.squareup.moshi.JsonReader;
import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ObjectSchema;
import dev.revsync.ProtocolException;
import dev.revsync.spi.Json;
import dev.revsync.spi.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The REST API: limits, describeGlobal, describe, and query/queryAll pages at the maximum batch
 * size. Every call goes through the connection's {@link Transport} (quota, auth, retries,
 * classification). Thread-safe.
 */
final class SalesforceRestClient {
  /** The largest page Salesforce serves; it may still return fewer rows. */
  static final int MAX_BATCH_SIZE = 2000;

  private final Transport transport;
  private final SalesforceConfig config;

  SalesforceRestClient(Transport transport, SalesforceConfig config) {
    this.transport = transport;
    this.config = config;
  }

  /** The instance URL: the base-URL override, else the token response's {@code instance_url}. */
  String instanceUrl(Activity activity) {
    if (config.instanceOverride() != null) return config.instanceOverride();
    String url = transport.token(activity).attribute(SalesforceAuth.INSTANCE_URL);
    if (url == null) {
      throw new ProtocolException(
          SYSTEM,
          "POST /services/oauth2/token",
          "the token response has no instance_url",
          "Check that loginUrl points at a Salesforce login host",
          null);
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  String dataPath() {
    return "/services/data/v" + config.apiVersion();
  }

  HttpUrl dataUrl(Activity activity, String path) {
    return HttpUrl.get(instanceUrl(activity) + dataPath() + "/" + path);
  }

  /** {@code GET …/limits}: limit name → {Max, Remaining}. */
  Map<String, long[]> limits(Activity activity) {
    HttpUrl url = dataUrl(activity, "limits");
    String call = "GET " + dataPath() + "/limits";
    return transport.execute(
        activity,
        ApiStyle.REST,
        get(url),
        response -> {
          Map<String, Object> body = Json.readObject(response.body().source(), SYSTEM, call);
          Map<String, long[]> limits = new LinkedHashMap<>();
          body.forEach(
              (name, value) -> {
                if (value instanceof Map<?, ?> m
                    && m.get("Max") instanceof Number max
                    && m.get("Remaining") instanceof Number remaining) {
                  limits.put(name, new long[] {max.longValue(), remaining.longValue()});
                }
              });
          return limits;
        });
  }

  /** An entry of describeGlobal. */
  record GlobalObject(
      String name,
      String label,
      boolean queryable,
      boolean replicateable,
      boolean hidden,
      boolean custom) {
    /** What a sync can pull: {@code queryable && replicateable && !deprecatedAndHidden}. */
    boolean syncable() {
      return queryable && replicateable && !hidden;
    }
  }

  /** {@code GET …/sobjects}, streamed. */
  List<GlobalObject> describeGlobal(Activity activity) {
    HttpUrl url = dataUrl(activity, "sobjects");
    String call = "GET " + dataPath() + "/sobjects";
    return transport.execute(
        activity,
        ApiStyle.REST,
        get(url),
        response -> {
          List<GlobalObject> objects = new ArrayList<>();
          Json.Page page =
              Json.readPage(
                  response.body().source(),
                  "sobjects",
                  o ->
                      objects.add(
                          new GlobalObject(
                              string(o.get("name")),
                              string(o.get("label")),
                              Boolean.TRUE.equals(o.get("queryable")),
                              Boolean.TRUE.equals(o.get("replicateable")),
                              Boolean.TRUE.equals(o.get("deprecatedAndHidden")),
                              Boolean.TRUE.equals(o.get("custom")))),
                  SYSTEM,
                  call);
          if (!page.recordsPresent()) {
            throw new ProtocolException(
                SYSTEM,
                call,
                "the describeGlobal result has no sobjects array",
                "Report this response to Salesforce support",
                null);
          }
          objects.removeIf(o -> o.name() == null);
          return objects;
        });
  }

  /** {@code GET …/sobjects/{name}/describe}, streamed into a schema. */
  ObjectSchema describe(Activity activity, String object) {
    HttpUrl url = dataUrl(activity, "sobjects/" + Soql.name(object) + "/describe");
    String call = "GET " + dataPath() + "/sobjects/" + object + "/describe";
    return transport.execute(
        activity,
        ApiStyle.REST,
        get(url),
        response -> {
          try (JsonReader reader = JsonReader.of(response.body().source())) {
            return RecordMapping.readDescribe(reader, call);
          } catch (com.squareup.moshi.JsonDataException
              | com.squareup.moshi.JsonEncodingException e) {
            throw new ProtocolException(
                SYSTEM,
                call,
                "the describe result is malformed: " + e.getMessage(),
                "The call is retried on the next sync; report it if it persists",
                e);
          }
        });
  }

  /**
   * The first page of {@code soql}: {@code …/queryAll} when {@code all} (deleted rows too), else
   * {@code …/query}.
   */
  Request firstPage(Activity activity, String soql, boolean all) {
    HttpUrl url =
        dataUrl(activity, all ? "queryAll" : "query")
            .newBuilder()
            .addQueryParameter("q", soql)
            .build();
    return queryRequest(url);
  }

  /**
   * The page a {@code nextRecordsUrl} names. Only its path is used, on the instance URL: the token
   * never travels to a host the response named.
   */
  Request nextPage(Activity activity, String nextRecordsUrl) {
    String instance = instanceUrl(activity);
    HttpUrl url;
    if (nextRecordsUrl.startsWith("/")) {
      url = HttpUrl.get(instance + nextRecordsUrl);
    } else {
      HttpUrl base = HttpUrl.get(instance);
      HttpUrl absolute = HttpUrl.parse(nextRecordsUrl);
      if (absolute == null) {
        throw new ProtocolException(
            SYSTEM,
            "GET " + dataPath() + "/query",
            "nextRecordsUrl '" + nextRecordsUrl + "' is neither a path nor a URL",
            "Report this response to Salesforce support",
            null);
      }
      url =
          base.newBuilder()
              .encodedPath(absolute.encodedPath())
              .encodedQuery(absolute.encodedQuery())
              .build();
    }
    return queryRequest(url);
  }

  private static Request queryRequest(HttpUrl url) {
    return new Request.Builder()
        .url(url)
        .header("Accept", "application/json")
        .header("Sforce-Query-Options", "batchSize=" + MAX_BATCH_SIZE)
        .get()
        .build();
  }

  static Request get(HttpUrl url) {
    return new Request.Builder().url(url).header("Accept", "application/json").get().build();
  }

  static String string(Object o) {
    return o == null ? null : o.toString();
  }
}
