package dev.revsync.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.revsync.Catalog;
import dev.revsync.Checkpoint;
import dev.revsync.ConnectionConfig;
import dev.revsync.Connector;
import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;
import dev.revsync.Record;
import dev.revsync.RecordSink;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.Usage;
import dev.revsync.VerifyResult;
import dev.revsync.WriteRequest;
import dev.revsync.WriteResult;
import dev.revsync.simulators.ObjectTable;
import dev.revsync.simulators.SimRecord;
import dev.revsync.simulators.SimulatedClock;
import dev.revsync.simulators.Simulator;
import dev.revsync.testkit.example.AcmeFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The suite has teeth: the Acme example connector, broken in the ways real connectors break, fails
 * the checks that guard against each.
 */
class ContractSuiteCatchesBrokenConnectorsTest {

  @Test
  void aConnectorThatLosesRecordsFailsTheFullSync() {
    Suite suite =
        new Suite(
            c ->
                new BrokenConnector(c) {
                  @Override
                  public SyncResult sync(SyncRequest request, RecordSink sink) {
                    AtomicInteger seen = new AtomicInteger();
                    return c.sync(
                        request,
                        new RecordSink() {
                          @Override
                          public void accept(Record record) {
                            if (seen.incrementAndGet() % 50 != 0) sink.accept(record);
                          }

                          @Override
                          public void checkpoint(Checkpoint checkpoint) {
                            sink.checkpoint(checkpoint);
                          }
                        });
                  }
                });
    expectFailure(
        suite,
        suite::fullSyncReturnsExactlyTheSimulatorsRecordsAndValuesEachOnce,
        "never handed over");
  }

  @Test
  void aConnectorWhoseCheckpointDropsTheTieBreakerFailsTheIncrementalSync() {
    Suite suite =
        new Suite(
            c ->
                new BrokenConnector(c) {
                  @Override
                  public SyncResult sync(SyncRequest request, RecordSink sink) {
                    Checkpoint withoutTieBreaker =
                        request.checkpoint().without(Checkpoint.CURSOR_ID);
                    return c.sync(request.newBuilder().checkpoint(withoutTieBreaker).build(), sink);
                  }
                });
    expectFailure(
        suite,
        suite
            ::incrementalSyncReturnsExactlyWhatChangedAfterItsCheckpointIncludingChangesDuringThePreviousSyncAndTiesAcrossAPage,
        "had not changed since its checkpoint");
  }

  @Test
  void aConnectorThatMakesACallAroundTheTransportFailsTheCallCount() {
    Suite suite =
        new Suite(
            c ->
                new BrokenConnector(c) {
                  @Override
                  public SyncResult sync(SyncRequest request, RecordSink sink) {
                    SyncResult result = c.sync(request, sink);
                    // one more call that no budget sees
                    try (Response r =
                        new OkHttpClient()
                            .newCall(new Request.Builder().url(baseUrl + "/api/v1/me").build())
                            .execute()) {
                      r.body().string();
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                    return result;
                  }
                });
    expectFailure(
        suite,
        suite::callsSpentAreAtLeastTheApiMinimumAtMostASmallConstantMoreAndEveryOneIsCounted,
        "against the simulator's request log");
  }

  @Test
  void aConnectorThatIgnoresDeletesFailsTheDeleteCheck() {
    Suite suite =
        new Suite(
            c ->
                new BrokenConnector(c) {
                  @Override
                  public SyncResult sync(SyncRequest request, RecordSink sink) {
                    return c.sync(request.newBuilder().includeDeletes(false).build(), sink);
                  }
                });
    expectFailure(
        suite, suite::deletedRecordsSurfaceAsTombstonesInTheNextIncrementalSync, "deleted record");
  }

  @Test
  void aConnectorWhoseDiscoveryLogsInAgainFailsTheActivityCheck() {
    Suite suite =
        new Suite(
            c ->
                new BrokenConnector(c) {
                  @Override
                  public Catalog discover() {
                    c.verify(); // LOGIN calls that discovery must not spend
                    return c.discover();
                  }
                });
    expectFailure(
        suite, suite::discoverSpendsItsCallsUnderSync, "discover()'s calls counted under");
  }

  @Test
  void aConnectorThatReportsAWriteAnsweredWithGarbageAsNotSentFailsTheGarbageCheck() {
    Suite suite =
        new Suite(
            c ->
                new BrokenConnector(c) {
                  @Override
                  public WriteResult write(WriteRequest request) {
                    WriteResult result = c.write(request);
                    // the old way: whatever stopped the write, its items are backlog
                    java.util.List<dev.revsync.WriteOutcome> outcomes = new java.util.ArrayList<>();
                    for (dev.revsync.WriteOutcome o : result.outcomes()) {
                      outcomes.add(
                          o.status() == dev.revsync.WriteOutcome.Status.UNKNOWN
                              ? dev.revsync.WriteOutcome.notSent(o.index(), o.key())
                              : o);
                    }
                    return new WriteResult(
                        request, result.status(), outcomes, result.callsSpent(), result.failure());
                  }
                });
    expectFailure(
        suite, suite::aWriteAnsweredWithGarbageIsNeverReportedAsNotSent, "reported NOT_SENT");
  }

  @Test
  void aConnectorThatSwallowsAMalformedResponseFailsTheGarbageCheck() {
    Suite suite =
        new Suite(
            c ->
                new BrokenConnector(c) {
                  @Override
                  public SyncResult sync(SyncRequest request, RecordSink sink) {
                    SyncResult result = c.sync(request, sink);
                    // the old way: a failure's reason is lost and the run looks complete
                    return result.status() != SyncResult.Status.FAILED
                        ? result
                        : SyncResult.builder(request.object(), SyncResult.Status.COMPLETED)
                            .records(result.records())
                            .callsSpent(result.callsSpent())
                            .checkpoint(result.checkpoint())
                            .build();
                  }
                });
    expectFailure(
        suite,
        suite::aResponseMalformedOnEveryAttemptFailsTheSyncTypedAndTheNextSyncResumesWithoutGap,
        "answered with garbage");
  }

  @Test
  void aFixtureThatOverstatesTheApiMinimumIsCaught() {
    Suite suite =
        new Suite(
            new DelegatingFixture(new AcmeFixture()) {
              @Override
              public long minimumCalls(long records) {
                return super.minimumCalls(records) + 3;
              }
            });
    expectFailure(
        suite,
        suite::callsSpentAreAtLeastTheApiMinimumAtMostASmallConstantMoreAndEveryOneIsCounted,
        "must be a true minimum");
  }

  private static void expectFailure(Suite suite, ThrowingCallable check, String message) {
    try {
      assertThatThrownBy(check).isInstanceOf(AssertionError.class).hasMessageContaining(message);
    } finally {
      suite.closeConnectorsAndSimulators();
    }
  }

  /** The suite run against a given fixture. */
  private static final class Suite extends ConnectorContractTest {
    private final ContractFixture fixture;

    Suite(ContractFixture fixture) {
      this.fixture = fixture;
    }

    Suite(UnaryOperator<Connector> breaker) {
      this(
          new DelegatingFixture(new AcmeFixture()) {
            @Override
            public ConnectorProvider provider() {
              ConnectorProvider real = super.provider();
              return new ConnectorProvider() {
                @Override
                public ConnectorDescriptor descriptor() {
                  return real.descriptor();
                }

                @Override
                public Connector open(ConnectionConfig config) {
                  Connector connector = breaker.apply(real.open(config));
                  if (connector instanceof BrokenConnector b)
                    b.baseUrl = config.baseUrl().orElseThrow();
                  return connector;
                }
              };
            }
          });
    }

    @Override
    protected ContractFixture fixture() {
      return fixture;
    }
  }

  /** A connector that forwards everything; subclasses break one thing. */
  private static class BrokenConnector implements Connector {
    final Connector c;
    String baseUrl;

    BrokenConnector(Connector c) {
      this.c = c;
    }

    @Override
    public ConnectorDescriptor descriptor() {
      return c.descriptor();
    }

    @Override
    public VerifyResult verify() {
      return c.verify();
    }

    @Override
    public Catalog discover() {
      return c.discover();
    }

    @Override
    public SyncResult sync(SyncRequest request, RecordSink sink) {
      return c.sync(request, sink);
    }

    @Override
    public WriteResult write(WriteRequest request) {
      return c.write(request);
    }

    @Override
    public Usage usage() {
      return c.usage();
    }

    @Override
    public void close() {
      c.close();
    }
  }

  /** A fixture that forwards everything; subclasses change one thing. */
  private static class DelegatingFixture implements ContractFixture {
    private final ContractFixture d;

    DelegatingFixture(ContractFixture d) {
      this.d = d;
    }

    @Override
    public ConnectorProvider provider() {
      return d.provider();
    }

    @Override
    public Simulator startSimulator(SimulatedClock clock, long records) {
      return d.startSimulator(clock, records);
    }

    @Override
    public String object() {
      return d.object();
    }

    @Override
    public ObjectTable table(Simulator simulator) {
      return d.table(simulator);
    }

    @Override
    public int pageSize() {
      return d.pageSize();
    }

    @Override
    public long recordCount() {
      return d.recordCount();
    }

    @Override
    public long minimumCalls(long records) {
      return d.minimumCalls(records);
    }

    @Override
    public long callSlack() {
      return d.callSlack();
    }

    @Override
    public String dataPathFragment() {
      return d.dataPathFragment();
    }

    @Override
    public Record expected(SimRecord record) {
      return d.expected(record);
    }

    @Override
    public Map<String, ?> modification(SimRecord record, int serial) {
      return d.modification(record, serial);
    }

    @Override
    public Map<String, ?> newRecord(int serial) {
      return d.newRecord(serial);
    }

    @Override
    public ConnectionConfig.Builder config(Simulator simulator) {
      return d.config(simulator);
    }

    @Override
    public ConnectionConfig.Builder badCredentials(Simulator simulator) {
      return d.badCredentials(simulator);
    }

    @Override
    public boolean limitSystemDailyCalls(Simulator simulator, long calls) {
      return d.limitSystemDailyCalls(simulator, calls);
    }

    @Override
    public WriteTarget writeTarget() {
      return d.writeTarget();
    }

    @Override
    public Capabilities capabilities() {
      return d.capabilities();
    }
  }
}
