package dev.revsync.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.AuthenticationException;
import dev.revsync.Checkpoint;
import dev.revsync.ConfigurationException;
import dev.revsync.ProtocolException;
import dev.revsync.QuotaExhaustedException;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.RevsyncException;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.TestClock;
import dev.revsync.TransientException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyncRunTest {
  private final TestClock clock = TestClock.at("2024-05-21T00:00:00Z");
  private final FakeMeter meter = new FakeMeter("hubspot-crm", 1_000);
  private final List<String> events = new ArrayList<>();
  private final RecordSink sink =
      new RecordSink() {
        @Override
        public void accept(Record record) {
          events.add("record " + record.id());
        }

        @Override
        public void checkpoint(Checkpoint checkpoint) {
          events.add("checkpoint " + checkpoint.get(Checkpoint.CURSOR));
        }
      };

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private static Record live(String id) {
    return Record.of(
        "contacts", id, Instant.parse("2024-05-20T10:00:00Z"), Map.of("email", id + "@x.com"));
  }

  private static Record gone(String id) {
    return Record.deleted("contacts", id, Instant.parse("2024-05-20T11:00:00Z"), Map.of());
  }

  private SyncResult run(SyncRequest request, SyncRun.Body body) {
    return SyncRun.run(meter, clock, request, sink, body);
  }

  private static SyncRequest request() {
    return SyncRequest.builder("contacts")
        .checkpoint(Checkpoint.EMPTY.with(Checkpoint.CURSOR, "start"))
        .build();
  }

  /** Two pages of two records, a checkpoint after each, three calls spent. */
  private void twoPages(SyncRun run) {
    meter.calls++;
    run.emit(live("1"));
    run.emit(gone("2"));
    run.checkpoint(run.checkpoint().with(Checkpoint.CURSOR, "p1"));
    run.checkContinue();
    meter.calls += 2;
    run.emit(live("3"));
    run.emit(live("4"));
    run.checkpoint(run.checkpoint().with(Checkpoint.CURSOR, "p2"));
  }

  @Test
  void aNormalReturnCompletesWithCountsCallsAndTheLastCheckpoint() {
    SyncResult result = run(request(), this::twoPages);

    assertThat(result.status()).isEqualTo(SyncResult.Status.COMPLETED);
    assertThat(result.records()).isEqualTo(4);
    assertThat(result.deletes()).isEqualTo(1);
    assertThat(result.callsSpent()).isEqualTo(3);
    assertThat(result.checkpoint().get(Checkpoint.CURSOR)).isEqualTo("p2");
    assertThat(result.hasBacklog()).isFalse();
    assertThat(events)
        .containsExactly(
            "record 1", "record 2", "checkpoint p1", "record 3", "record 4", "checkpoint p2");
  }

  @Test
  void noCheckpointKeepsTheRequestsOwn() {
    SyncResult result =
        run(
            request(),
            run -> assertThat(run.checkpoint().get(Checkpoint.CURSOR)).isEqualTo("start"));
    assertThat(result.checkpoint()).isEqualTo(request().checkpoint());
    assertThat(result.records()).isZero();
  }

  @Test
  void quotaExhaustedStopsWithTheLastCheckpointAndTheBacklog() {
    SyncResult result =
        run(
            request(),
            run -> {
              run.backlogEstimate(5_000);
              meter.calls++;
              run.emit(live("1"));
              run.checkpoint(run.checkpoint().with(Checkpoint.CURSOR, "p1"));
              run.emit(live("2")); // delivered, not yet covered by a checkpoint
              throw new QuotaExhaustedException(
                  "hubspot-crm",
                  "GET /crm/v3/objects/contacts",
                  "daily budget of 100 calls spent",
                  Instant.parse("2024-05-22T00:00:00Z"));
            });

    assertThat(result.status()).isEqualTo(SyncResult.Status.QUOTA_EXHAUSTED);
    assertThat(result.checkpoint().get(Checkpoint.CURSOR)).isEqualTo("p1");
    assertThat(result.records()).isEqualTo(2);
    assertThat(result.callsSpent()).isEqualTo(1);
    assertThat(result.backlogRecords()).hasValue(5_000);
    assertThat(result.failure()).isNull();
  }

  @Test
  void thePassedDeadlineClosesTheWindowAtTheNextCheck() {
    SyncRequest request =
        request().newBuilder().deadline(Instant.parse("2024-05-21T02:00:00Z")).build();
    SyncResult result =
        run(
            request,
            run -> {
              for (int page = 1; ; page++) {
                run.checkContinue();
                run.emit(live("r" + page));
                run.checkpoint(run.checkpoint().with(Checkpoint.CURSOR, "p" + page));
                clock.advance(Duration.ofMinutes(25));
              }
            });

    assertThat(result.status()).isEqualTo(SyncResult.Status.WINDOW_CLOSED);
    assertThat(result.records())
        .isEqualTo(5); // checks at 00:00, 00:25, 00:50, 01:15, 01:40 pass; 02:05 stops
    assertThat(result.checkpoint().get(Checkpoint.CURSOR)).isEqualTo("p5");
    assertThat(result.hasBacklog()).isTrue();
  }

  @Test
  void theHostsCancelStopsAtTheNextCheck() {
    AtomicBoolean cancel = new AtomicBoolean();
    SyncRequest request = request().newBuilder().cancelWhen(cancel::get).build();
    SyncResult result =
        run(
            request,
            run -> {
              run.emit(live("1"));
              run.checkpoint(run.checkpoint().with(Checkpoint.CURSOR, "p1"));
              cancel.set(true);
              run.checkContinue();
              run.emit(live("never"));
            });

    assertThat(result.status()).isEqualTo(SyncResult.Status.CANCELLED);
    assertThat(result.checkpoint().get(Checkpoint.CURSOR)).isEqualTo("p1");
    assertThat(events).doesNotContain("record never");
  }

  @Test
  void anInterruptIsACancelAndTheFlagStaysSet() {
    SyncResult interrupted =
        run(
            request(),
            run -> {
              throw new InterruptedException("pipeline shutting down");
            });
    assertThat(interrupted.status()).isEqualTo(SyncResult.Status.CANCELLED);
    assertThat(Thread.interrupted()).isTrue();

    SyncResult whileWaiting =
        run(
            request(),
            run -> {
              Thread.currentThread().interrupt();
              JobPoller.create(clock, Duration.ofSeconds(1), Duration.ofSeconds(2))
                  .await("x", "job", JobPoller.Status::running, null);
            });
    assertThat(whileWaiting.status()).isEqualTo(SyncResult.Status.CANCELLED);
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void aConfigurationErrorIsRethrownNotReportedAsAnOutcome() {
    ConfigurationException bad =
        new ConfigurationException(
            "hubspot-crm",
            "sync contacts",
            "unknown object 'contactz'",
            "Use an object from discover()",
            null);
    assertThatThrownBy(
            () ->
                run(
                    request(),
                    run -> {
                      throw bad;
                    }))
        .isSameAs(bad);
  }

  @Test
  void otherRevsyncErrorsFailWithTheCauseAndKeepTheCheckpoint() {
    AuthenticationException expired =
        new AuthenticationException(
            "hubspot-crm",
            "POST /oauth/v1/token",
            "refresh token revoked",
            "Reconnect the account",
            null);
    SyncResult result =
        run(
            request(),
            run -> {
              run.emit(live("1"));
              run.checkpoint(run.checkpoint().with(Checkpoint.CURSOR, "p1"));
              throw expired;
            });

    assertThat(result.status()).isEqualTo(SyncResult.Status.FAILED);
    assertThat(result.failure()).isSameAs(expired);
    assertThat(result.checkpoint().get(Checkpoint.CURSOR)).isEqualTo("p1");

    SyncResult malformed =
        run(
            request(),
            run -> {
              throw new ProtocolException("hubspot-crm", "GET x", "truncated", null, null);
            });
    assertThat(malformed.failure()).isInstanceOf(ProtocolException.class);
  }

  @Test
  void aFailingSinkFailsTheSyncNamingTheSink() {
    IllegalStateException disk = new IllegalStateException("disk full");
    RecordSink broken =
        record -> {
          throw disk;
        };
    SyncResult result =
        SyncRun.run(
            meter,
            clock,
            request(),
            broken,
            run -> {
              run.emit(live("1"));
              run.emit(live("2"));
            });

    assertThat(result.status()).isEqualTo(SyncResult.Status.FAILED);
    assertThat(result.records()).isZero();
    assertThat(result.failure())
        .isInstanceOf(RevsyncException.class)
        .hasMessageContaining("hubspot-crm")
        .hasMessageContaining("record sink " + broken.getClass().getName())
        .hasMessageContaining("disk full")
        .hasCause(disk);
  }

  @Test
  void aSinkRefusingACheckpointFailsTheSyncAndTheOldCheckpointStands() {
    RecordSink refusing =
        new RecordSink() {
          @Override
          public void accept(Record record) {}

          @Override
          public void checkpoint(Checkpoint checkpoint) {
            throw new IllegalStateException("db down");
          }
        };
    SyncResult result =
        SyncRun.run(
            meter,
            clock,
            request(),
            refusing,
            run -> {
              run.emit(live("1"));
              run.checkpoint(run.checkpoint().with(Checkpoint.CURSOR, "p1"));
            });
    assertThat(result.status()).isEqualTo(SyncResult.Status.FAILED);
    assertThat(result.checkpoint().get(Checkpoint.CURSOR)).isEqualTo("start");
  }

  @Test
  void unexpectedExceptionsFailTheSyncInsteadOfEscaping() {
    SyncResult io =
        run(
            request(),
            run -> {
              throw new IOException("stream closed");
            });
    SyncResult bug =
        run(
            request(),
            run -> {
              throw new NullPointerException("oops");
            });

    assertThat(io.status()).isEqualTo(SyncResult.Status.FAILED);
    assertThat(io.failure())
        .isInstanceOf(TransientException.class)
        .hasMessageContaining("stream closed");
    assertThat(bug.status()).isEqualTo(SyncResult.Status.FAILED);
    assertThat(bug.failure())
        .hasMessageContaining("sync contacts")
        .hasMessageContaining("oops")
        .hasCauseInstanceOf(NullPointerException.class);
  }

  @Test
  void theShortFormUsesTheSystemClock() {
    SyncRequest past =
        request().newBuilder().deadline(Instant.parse("2000-01-01T00:00:00Z")).build();
    SyncResult result = SyncRun.run(meter, past, sink, SyncRun::checkContinue);
    assertThat(result.status()).isEqualTo(SyncResult.Status.WINDOW_CLOSED);
  }
}
