package dev.revsync.spi;

import static dev.revsync.spi.TransportFixtures.bodyString;
import static dev.revsync.spi.TransportFixtures.config;
import static dev.revsync.spi.TransportFixtures.descriptor;
import static dev.revsync.spi.TransportFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.CallListener;
import dev.revsync.QuotaExhaustedException;
import dev.revsync.QuotaPolicy;
import dev.revsync.TestClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransportCallListenerTest {
  private final TestClock clock = TestClock.at(TransportFixtures.START);
  private final MockWebServer server = TransportFixtures.startServer();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final CallListener recording =
      new CallListener() {
        @Override
        public void callEnded(Call call) {
          events.add(
              "ended "
                  + call.activity()
                  + " "
                  + call.style()
                  + " "
                  + call.status()
                  + " "
                  + call.outcome());
        }

        @Override
        public void retrying(Call call, String reason) {
          events.add("retry after " + call.outcome());
        }

        @Override
        public void quotaRefused(
            String connectionId, String system, Activity activity, QuotaPolicy.Decision decision) {
          events.add("refused " + activity + " " + decision);
        }
      };
  private Transport transport;

  @AfterEach
  void tearDown() {
    if (transport != null) transport.close();
    server.close();
  }

  private Request get(String path) {
    return new Request.Builder().url(server.url(path)).build();
  }

  @Test
  void everyExchangeEveryRetryAndEveryRefusalReachesTheListenerInOrder() {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build());
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(ok("done"));
    transport =
        Transport.builder(
                descriptor(),
                config(clock).quotaPolicy(QuotaPolicy.daily(3)).callListener(recording).build())
            .build();

    assertThat(transport.execute(Activity.SYNC, ApiStyle.BATCH, get("/jobs"), bodyString()))
        .isEqualTo("done");
    assertThatThrownBy(
            () -> transport.execute(Activity.ENRICHMENT, ApiStyle.REST, get("/more"), bodyString()))
        .isInstanceOf(QuotaExhaustedException.class);

    assertThat(events)
        .containsExactly(
            "ended SYNC BATCH 429 RATE_LIMITED",
            "retry after RATE_LIMITED",
            "ended SYNC BATCH 503 SERVER_ERROR",
            "retry after SERVER_ERROR",
            "ended SYNC BATCH 200 SUCCESS",
            "refused ENRICHMENT BUDGET_SPENT");
  }

  @Test
  void aListenerThatThrowsBreaksNoCall() {
    server.enqueue(ok("fine"));
    CallListener broken =
        new CallListener() {
          @Override
          public void callEnded(Call call) {
            throw new IllegalStateException("host bug");
          }
        };
    transport = Transport.builder(descriptor(), config(clock).callListener(broken).build()).build();

    assertThat(transport.execute(Activity.SYNC, ApiStyle.REST, get("/x"), bodyString()))
        .isEqualTo("fine");
    assertThat(transport.callsMade()).isEqualTo(1);
  }

  @Test
  void outcomesFollowTheStatus() {
    assertThat(CallListener.Call.outcomeOf(0)).isEqualTo(CallListener.Outcome.IO_ERROR);
    assertThat(CallListener.Call.outcomeOf(204)).isEqualTo(CallListener.Outcome.SUCCESS);
    assertThat(CallListener.Call.outcomeOf(302)).isEqualTo(CallListener.Outcome.SUCCESS);
    assertThat(CallListener.Call.outcomeOf(404)).isEqualTo(CallListener.Outcome.CLIENT_ERROR);
    assertThat(CallListener.Call.outcomeOf(429)).isEqualTo(CallListener.Outcome.RATE_LIMITED);
    assertThat(CallListener.Call.outcomeOf(502)).isEqualTo(CallListener.Outcome.SERVER_ERROR);
  }
}
