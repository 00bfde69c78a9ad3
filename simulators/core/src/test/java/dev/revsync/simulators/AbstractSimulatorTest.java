package dev.revsync.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AbstractSimulatorTest {
  private final SimulatedClock clock = SimulatedClock.at("2026-11-28T00:00:00Z");
  private final OkHttpClient client =
      new OkHttpClient.Builder()
          .retryOnConnectionFailure(false)
          .readTimeout(Duration.ofSeconds(10))
          .build();

  /** A simulator whose handler is served only when the test says so. */
  private static final class Minimal extends AbstractSimulator {
    Minimal(SimulatedClock clock) {
      super("minimal", clock, 7, null);
    }

    void ready() {
      serve(request -> new MockResponse.Builder().code(200).body("at " + baseUrl()).build());
    }

    @Override
    public Map<String, String> connectionSettings() {
      return Map.of("baseUrl", baseUrl());
    }
  }

  @AfterEach
  void stop() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  private Response get(Simulator sim, String path) throws IOException {
    return client.newCall(new Request.Builder().url(sim.baseUrl() + path).build()).execute();
  }

  @Test
  void answers503UntilServingThenItsHandlerWhichKnowsTheUrlAndLogsBoth() throws IOException {
    try (Minimal sim = new Minimal(clock)) {
      try (Response r = get(sim, "/early")) {
        assertThat(r.code()).isEqualTo(503);
      }
      sim.ready();
      try (Response r = get(sim, "/ready")) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.body().string()).isEqualTo("at " + sim.baseUrl());
      }
      assertThat(sim.requestLog().entries())
          .extracting(RequestLog.Entry::path)
          .containsExactly("/early", "/ready");
      assertThat(sim.system()).isEqualTo("minimal");
      assertThat(sim.store().clock()).isSameAs(clock);
      assertThat(sim.store().seed()).isEqualTo(7);
      assertThatThrownBy(sim::ready)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("minimal simulator is already serving");
    }
  }

  @Test
  void injectedFaultsUseTheFaultPlanItExposes() throws IOException {
    try (Minimal sim = new Minimal(clock)) {
      sim.ready();
      sim.faults().next(FaultPlan.Fault.SERVICE_UNAVAILABLE, 1, "");
      try (Response r = get(sim, "/x")) {
        assertThat(r.code()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isNotNull();
      }
      try (Response r = get(sim, "/x")) {
        assertThat(r.code()).isEqualTo(200);
      }
    }
  }
}
