package dev.revsync.spi;

import dev.revsync.Activity;
import dev.revsync.ApiStyle;
import dev.revsync.ConnectionConfig;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.RateLimits;
import dev.revsync.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;

/** Builders shared by the transport tests. */
final class TransportFixtures {
  static final String START = "2026-11-28T10:00:00Z";

  private TransportFixtures() {}

  static ConnectorDescriptor descriptor(RateLimits limits) {
    return ConnectorDescriptor.builder("acme", "Acme CRM")
        .apiStyles(Activity.LOGIN, ApiStyle.REST)
        .apiStyles(Activity.SYNC, ApiStyle.REST, ApiStyle.BATCH)
        .apiStyles(Activity.ENRICHMENT, ApiStyle.REST)
        .apiStyles(Activity.SCORE_EXPORT, ApiStyle.SOAP)
        .rateLimits(limits)
        .build();
  }

  static ConnectorDescriptor descriptor() {
    return descriptor(RateLimits.concurrency(64));
  }

  /** A config with a unique connection id (rate limiters are shared per connection id). */
  static ConnectionConfig.Builder config(TestClock clock) {
    return ConnectionConfig.builder("tenant-" + UUID.randomUUID() + "/acme")
        .clock(clock)
        .backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
  }

  static MockWebServer startServer() {
    MockWebServer server = new MockWebServer();
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }

  static MockResponse ok(String body) {
    return new MockResponse.Builder().code(200).body(body).build();
  }

  static MockResponse status(int code) {
    return new MockResponse.Builder()
        .code(code)
        .body("{\"error\":\"status " + code + "\"}")
        .build();
  }

  static ResponseHandler<String> bodyString() {
    return r -> r.body().string();
  }
}
