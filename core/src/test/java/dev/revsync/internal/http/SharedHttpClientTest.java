package dev.revsync.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class SharedHttpClientTest {

  @Test
  void threadsAskingAtOnceAllGetTheOneClient() throws Exception {
    // revsync's start builds it on a thread of its own while the first connection may ask too.
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<OkHttpClient>> clients = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        clients.add(
            pool.submit(
                () -> {
                  start.await();
                  return SharedHttpClient.get();
                }));
      }
      start.countDown();
      Set<OkHttpClient> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Future<OkHttpClient> client : clients) distinct.add(client.get(30, TimeUnit.SECONDS));
      assertThat(distinct).containsExactly(SharedHttpClient.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void opensSocketsWithNaglesAlgorithmOff() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().body("ok").build());
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      AtomicReference<Boolean> noDelay = new AtomicReference<>();
      EventListener listener =
          new EventListener() {
            @Override
            public void connectionAcquired(Call call, Connection connection) {
              try {
                noDelay.set(connection.socket().getTcpNoDelay());
              } catch (java.net.SocketException e) {
                throw new IllegalStateException(e);
              }
            }
          };
      Request post =
          new Request.Builder()
              .url(server.url("/batch"))
              .post(RequestBody.create("{}", MediaType.get("application/json")))
              .build();
      try (Response response =
          SharedHttpClient.get()
              .newBuilder()
              .eventListener(listener)
              .build()
              .newCall(post)
              .execute()) {
        assertThat(response.code()).isEqualTo(200);
      }
      assertThat(noDelay.get()).isTrue();
    }
  }
}
