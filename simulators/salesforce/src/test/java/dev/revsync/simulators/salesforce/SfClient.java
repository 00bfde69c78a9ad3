package dev.revsync.simulators.salesforce;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A plain OkHttp client for the simulator tests: one call, whole body, status and headers. */
final class SfClient implements AutoCloseable {
  static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  /** A finished call. */
  record Reply(int code, Headers headers, String body) {
    Object json() {
      try {
        return JSON.fromJson(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map() {
      return (Map<String, Object>) json();
    }

    @SuppressWarnings("unchecked")
    List<Object> list() {
      return (List<Object>) json();
    }

    /** The first error of a REST error array. */
    @SuppressWarnings("unchecked")
    Map<String, Object> error() {
      return (Map<String, Object>) list().get(0);
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
  final String baseUrl;

  SfClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  Reply send(Request request) {
    try (Response r = http.newCall(request).execute()) {
      return new Reply(r.code(), r.headers(), r.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Request.Builder request(String pathAndQuery, String token) {
    Request.Builder b = new Request.Builder().url(baseUrl + pathAndQuery);
    if (token != null) b.header("Authorization", "Bearer " + token);
    return b;
  }

  Reply get(String pathAndQuery, String token) {
    return send(request(pathAndQuery, token).get().build());
  }

  Reply form(String path, String form) {
    return send(
        request(path, null)
            .post(RequestBody.create(form, MediaType.get("application/x-www-form-urlencoded")))
            .build());
  }

  Reply json(String method, String path, String token, String json) {
    return send(
        request(path, token)
            .method(method, RequestBody.create(json, MediaType.get("application/json")))
            .build());
  }

  Reply soap(String version, String xml) {
    return send(
        request("/services/Soap/u/" + version, null)
            .header("SOAPAction", "\"\"")
            .post(RequestBody.create(xml, MediaType.get("text/xml; charset=UTF-8")))
            .build());
  }

  /** Logs in with the refresh-token grant and returns the access token. */
  String login(SalesforceSimulator sim) {
    Map<String, String> s = sim.connectionSettings();
    Reply r =
        form(
            "/services/oauth2/token",
            "grant_type=refresh_token&refresh_token="
                + enc(s.get("refreshToken"))
                + "&client_id="
                + enc(s.get("clientId"))
                + "&client_secret="
                + enc(s.get("clientSecret")));
    if (r.code() != 200) throw new AssertionError("login failed: " + r);
    return (String) r.map().get("access_token");
  }

  /** {@code /services/data/v<version>/query?q=…}. */
  Reply query(String version, String token, String soql) {
    return get("/services/data/v" + version + "/query?q=" + enc(soql), token);
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
