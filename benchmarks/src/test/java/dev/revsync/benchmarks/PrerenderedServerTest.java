package dev.revsync.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class PrerenderedServerTest {
  private final OkHttpClient client = new OkHttpClient();

  @Test
  void replaysRecordedAnswersInOrderWithTheLiveOriginRewrittenAndRefusesUnrecordedRequests()
      throws Exception {
    AtomicInteger live = new AtomicInteger();
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              int n = live.incrementAndGet();
              String self = "http://127.0.0.1:" + upstream.getPort();
              return new MockResponse.Builder()
                  .code(200)
                  .setHeader("X-Answer", n)
                  .body("{\"n\":" + n + ",\"instance_url\":\"" + self + "\"}")
                  .build();
            }
          });
      upstream.start(InetAddress.getByName("127.0.0.1"), 0);
      String upstreamUrl = "http://127.0.0.1:" + upstream.getPort();
      try (PrerenderedServer server = PrerenderedServer.start(upstreamUrl)) {
        assertThat(server.rewrite(Map.of("baseUrl", upstreamUrl)))
            .containsEntry("baseUrl", server.baseUrl());

        server.record("client", "/data");
        assertThat(get(server.baseUrl() + "/poll")).contains("\"n\":1").contains(server.baseUrl());
        assertThat(get(server.baseUrl() + "/poll")).contains("\"n\":2");
        assertThat(get(server.baseUrl() + "/data?offset=0")).contains("\"n\":3");

        server.replay("client");
        assertThat(get(server.baseUrl() + "/poll")).contains("\"n\":1").contains(server.baseUrl());
        assertThat(get(server.baseUrl() + "/poll")).contains("\"n\":2");
        assertThat(get(server.baseUrl() + "/poll"))
            .contains("\"n\":2"); // past the end, the last answer repeats
        assertThat(get(server.baseUrl() + "/data?offset=0")).contains("\"n\":3");
        assertThat(live.get()).isEqualTo(3);
        assertThat(server.seen()).hasSize(4);

        try (Response unrecorded =
            client
                .newCall(new Request.Builder().url(server.baseUrl() + "/data?offset=50").build())
                .execute()) {
          assertThat(unrecorded.code()).isEqualTo(599);
        }
      }
    }
  }

  private String get(String url) throws Exception {
    try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      return response.body().string();
    }
  }
}
