package dev.revsync.simulators.hubspot;

import dev.revsync.spi.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A bare HTTP client for the simulator's tests: what any HubSpot client would send. */
final class Client {
  record Reply(int code, Map<String, List<String>> headers, String body) {
    Map<String, Object> json() {
      return Json.parseObject(body, "hubspot-test", "reply");
    }

    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) return e.getValue().get(0);
      }
      return null;
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list(String field) {
      return (List<Map<String, Object>>) json().get(field);
    }
  }

  private static final OkHttpClient HTTP = new OkHttpClient();
  private final String baseUrl;
  private final String token;

  Client(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.token = token;
  }

  Reply get(String pathAndQuery) {
    return send(auth(new Request.Builder().url(baseUrl + pathAndQuery)).build());
  }

  Reply post(String path, String json) {
    return send(
        auth(new Request.Builder()
                .url(baseUrl + path)
                .post(RequestBody.create(json, MediaType.get("application/json"))))
            .build());
  }

  Reply patch(String path, String json) {
    return send(
        auth(new Request.Builder()
                .url(baseUrl + path)
                .patch(RequestBody.create(json, MediaType.get("application/json"))))
            .build());
  }

  Reply form(String path, Map<String, String> fields) {
    FormBody.Builder b = new FormBody.Builder();
    fields.forEach(b::add);
    return send(new Request.Builder().url(baseUrl + path).post(b.build()).build());
  }

  private Request.Builder auth(Request.Builder b) {
    return token == null ? b : b.header("Authorization", "Bearer " + token);
  }

  private static Reply send(Request request) {
    try (Response r = HTTP.newCall(request).execute()) {
      return new Reply(r.code(), r.headers().toMultimap(), r.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
