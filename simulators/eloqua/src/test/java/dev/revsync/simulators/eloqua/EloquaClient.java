package dev.revsync.simulators.eloqua;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonReader;
import dev.revsync.simulators.SimulatedClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/**
 * A plain OkHttp client for the Eloqua simulator's tests: raw calls plus the usual Bulk workflow
 * steps.
 */
final class EloquaClient implements AutoCloseable {
  static final MediaType JSON = MediaType.get("application/json");
  static final MediaType CSV = MediaType.get("text/csv");

  /** One answer: status, body text and headers. */
  record Reply(int code, String body, Headers headers) {
    Object parsed() {
      try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(body))) {
        return reader.readJsonValue();
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      return (Map<String, Object>) parsed();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items() {
      return (List<Map<String, Object>>) json().get("items");
    }

    String string(String key) {
      return (String) json().get(key);
    }

    long number(String key) {
      return ((Number) json().get(key)).longValue();
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> failures() {
      return (List<Map<String, Object>>) json().get("failures");
    }
  }

  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .callTimeout(Duration.ofSeconds(60))
          .readTimeout(Duration.ofSeconds(60))
          .build();
  final EloquaSimulator sim;
  String authorization;

  EloquaClient(EloquaSimulator sim) {
    this.sim = sim;
    Map<String, String> s = sim.connectionSettings();
    this.authorization =
        basic(s.get("company") + "\\" + s.get("username") + ":" + s.get("password"));
  }

  static String basic(String userAndPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
  }

  String bulk(String path) {
    return sim.podBaseUrl() + "/api/bulk/2.0" + path;
  }

  Reply get(String url) {
    return call(new Request.Builder().url(url).get());
  }

  Reply get(String url, String accept) {
    return call(new Request.Builder().url(url).header("Accept", accept).get());
  }

  Reply post(String url, String body) {
    return call(new Request.Builder().url(url).post(RequestBody.create(body, JSON)));
  }

  Reply post(String url, String body, MediaType type) {
    return call(new Request.Builder().url(url).post(RequestBody.create(body, type)));
  }

  Reply delete(String url) {
    return call(new Request.Builder().url(url).delete());
  }

  Reply call(Request.Builder request) {
    if (authorization != null) request.header("Authorization", authorization);
    try (Response response = http.newCall(request.build()).execute()) {
      return new Reply(response.code(), response.body().string(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates a definition and returns its {@code uri}. */
  String define(String collectionPath, String json) {
    Reply reply = post(bulk(collectionPath), json);
    assertThat(reply.code()).as(reply.body()).isEqualTo(201);
    return reply.string("uri");
  }

  /** Starts a sync of a definition and returns the sync's {@code uri}. */
  String sync(String definitionUri) {
    Reply reply = post(bulk("/syncs"), "{\"syncedInstanceUri\":\"" + definitionUri + "\"}");
    assertThat(reply.code()).as(reply.body()).isEqualTo(201);
    assertThat(reply.string("status")).isEqualTo("pending");
    return reply.string("uri");
  }

  /** Polls the sync, advancing the simulated clock a second between polls, until it ends. */
  Map<String, Object> await(String syncUri, SimulatedClock clock) {
    for (int i = 0; i < 10_000; i++) {
      Reply reply = get(bulk(syncUri));
      assertThat(reply.code()).as(reply.body()).isEqualTo(200);
      String status = reply.string("status");
      if (!status.equals("pending") && !status.equals("active")) return reply.json();
      clock.advance(Duration.ofSeconds(1));
    }
    throw new AssertionError("sync never ended: " + syncUri);
  }

  /** Defines, syncs and waits for an export; returns the sync's uri. */
  String export(String collectionPath, String json, SimulatedClock clock) {
    String sync = sync(define(collectionPath, json));
    assertThat(await(sync, clock).get("status")).isEqualTo("success");
    return sync;
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
