package dev.revsync.simulators.dynamics;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A plain OkHttp client sending what common Dataverse clients send, for the simulator's own tests.
 */
final class DataverseClient {
  static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);
  static final String API = "/api/data/v9.2/";

  /** A finished call. */
  record Reply(int code, Headers headers, String body) {
    @SuppressWarnings("unchecked")
    Map<String, Object> map() {
      try {
        return (Map<String, Object>) JSON.fromJson(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> value() {
      return (List<Map<String, Object>>) map().get("value");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> error() {
      return (Map<String, Object>) map().get("error");
    }

    String header(String name) {
      return headers.get(name);
    }
  }

  final OkHttpClient http =
      new OkHttpClient.Builder()
          .retryOnConnectionFailure(false)
          .readTimeout(Duration.ofSeconds(30))
          .build();
  final DynamicsSimulator sim;
  String token;

  DataverseClient(DynamicsSimulator sim) {
    this.sim = sim;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  Reply send(Request request) {
    try (Response r = http.newCall(request).execute()) {
      return new Reply(r.code(), r.headers(), r.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Reply token(String tenant, Map<String, String> form) {
    FormBody.Builder b = new FormBody.Builder();
    form.forEach(b::add);
    return send(
        new Request.Builder()
            .url(sim.baseUrl() + "/" + tenant + "/oauth2/v2.0/token")
            .post(b.build())
            .build());
  }

  DataverseClient login() {
    Map<String, String> s = sim.connectionSettings();
    Reply r =
        token(
            s.get("tenantId"),
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                s.get("clientId"),
                "client_secret",
                s.get("clientSecret"),
                "scope",
                sim.baseUrl() + "/.default"));
    if (r.code() != 200) throw new AssertionError("login failed: " + r);
    token = (String) r.map().get("access_token");
    return this;
  }

  Request.Builder api(String relativeOrAbsolute) {
    String url =
        relativeOrAbsolute.startsWith("http")
            ? relativeOrAbsolute
            : sim.baseUrl() + API + relativeOrAbsolute;
    Request.Builder b =
        new Request.Builder()
            .url(url)
            .header("Accept", "application/json")
            .header("OData-MaxVersion", "4.0")
            .header("OData-Version", "4.0")
            .header("If-None-Match", "null");
    if (token != null) b.header("Authorization", "Bearer " + token);
    return b;
  }

  Reply get(String url, String... prefer) {
    Request.Builder b = api(url);
    if (prefer.length > 0) b.header("Prefer", String.join(",", prefer));
    return send(b.build());
  }

  Reply patch(String url, String json, String... headers) {
    Request.Builder b = api(url).patch(RequestBody.create(json, MediaType.get("application/json")));
    for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return send(b.build());
  }

  Reply batch(String boundary, String body, String... prefer) {
    Request.Builder b =
        api("$batch")
            .post(RequestBody.create(body, MediaType.get("multipart/mixed; boundary=" + boundary)));
    if (prefer.length > 0) b.header("Prefer", String.join(",", prefer));
    return send(b.build());
  }
}
