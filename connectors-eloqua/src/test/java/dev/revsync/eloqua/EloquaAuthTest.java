package dev.revsync.eloqua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.AuthenticationException;
import dev.revsync.Checkpoint;
import dev.revsync.ConnectionConfig;
import dev.revsync.SyncMode;
import dev.revsync.SyncRequest;
import dev.revsync.SyncResult;
import dev.revsync.VerifyResult;
import dev.revsync.simulators.eloqua.EloquaSimulator;
import dev.revsync.testkit.RecordingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Login, /id discovery and OAuth against the simulator. */
class EloquaAuthTest {

  @Test
  void verifyAsksIdThenMakesOneBulkCallAndReportsSiteUserAndPod() {
    try (EloquaWorld w = new EloquaWorld(b -> {})) {
      VerifyResult result = w.open(1_000).verify();
      assertThat(result.system()).isEqualTo("eloqua");
      assertThat(result.organizationId()).isEqualTo("42");
      assertThat(result.user()).isEqualTo("Acme.Integration");
      assertThat(result.baseUrl()).isEqualTo(w.sim.podBaseUrl());
      assertThat(result.details()).containsEntry("siteName", "AcmeCorp");
      assertThat(result.callsSpent()).isEqualTo(2);
      assertThat(w.log().entries())
          .extracting(e -> e.path())
          .containsExactly("/id", "/pod/p03/api/bulk/2.0/contacts/fields");
    }
  }

  @Test
  void aRotatedRefreshTokenReachesTheHostsCallbackAndIsTheOneThatWorksNext() {
    try (EloquaWorld w =
        new EloquaWorld(
            b ->
                b.authFlow(EloquaSimulator.AuthFlow.OAUTH)
                    .accessTokenLifetime(Duration.ofHours(8)))) {
      String original = w.sim.currentRefreshToken();
      List<String> stored = new ArrayList<>();
      ConnectionConfig config =
          w.config()
              .credentialListener(
                  (connection, key, value) -> {
                    assertThat(key).isEqualTo("refreshToken");
                    stored.add(value);
                  })
              .build();
      EloquaConnector connector = w.open(config, 1_000);
      SyncResult first =
          connector.sync(SyncRequest.builder("Contact").build(), new RecordingSink());
      assertThat(first.status()).isEqualTo(SyncResult.Status.COMPLETED);
      w.clock.advance(
          Duration.ofHours(9)); // the access token expired: the next call refreshes again
      SyncResult second =
          connector.sync(
              SyncRequest.builder("Contact").checkpoint(first.checkpoint()).build(),
              new RecordingSink());
      assertThat(second.status()).isEqualTo(SyncResult.Status.COMPLETED);

      assertThat(stored).hasSize(2).doesNotContain(original);
      assertThat(stored.get(1)).isEqualTo(w.sim.currentRefreshToken());
      assertThat(w.count(e -> e.path().equals("/auth/oauth2/token"))).isEqualTo(2);

      // A host that kept the old token is locked out; one that stored the rotated token is not.
      Throwable stale =
          w.open(w.config().secret("refreshToken", original).build(), 1_000)
              .sync(SyncRequest.builder("Contact").mode(SyncMode.FULL).build(), new RecordingSink())
              .failure();
      assertThat(stale)
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("invalid_grant")
          .hasMessageNotContaining(original);
      VerifyResult fresh =
          w.open(w.config().secret("refreshToken", stored.get(1)).build(), 1_000).verify();
      assertThat(fresh.user()).isEqualTo("Acme.Integration");
    }
  }

  @Test
  void anOauthTokenRefusedMidSyncIsCheckedWithIdThenRefreshedOnce() {
    try (EloquaWorld w = new EloquaWorld(b -> b.authFlow(EloquaSimulator.AuthFlow.OAUTH))) {
      List<String> stored = new ArrayList<>();
      EloquaConnector connector =
          w.open(w.config().credentialListener((c, k, v) -> stored.add(v)).build(), 1_000);
      w.sim.faults().expireTokensAfter(6);
      RecordingSink sink = new RecordingSink();
      SyncResult result =
          connector.sync(SyncRequest.builder("Contact").checkpoint(Checkpoint.EMPTY).build(), sink);
      assertThat(result.status()).as("%s", result).isEqualTo(SyncResult.Status.COMPLETED);
      assertThat(sink.latestById()).hasSize(2_500);
      assertThat(w.count(e -> e.status() == 401)).isPositive();
      assertThat(stored).hasSize(w.count(e -> e.path().equals("/auth/oauth2/token")));
    }
  }

  @Test
  void wrongCredentialsAreAnAuthenticationErrorFromIdWithoutThePassword() {
    try (EloquaWorld w = new EloquaWorld(b -> {})) {
      ConnectionConfig bad = w.config().secret("password", "wrong-Passw0rd!").build();
      Throwable thrown =
          org.assertj.core.api.Assertions.catchThrowable(() -> w.open(bad, 1_000).verify());
      assertThat(thrown)
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("Not authenticated")
          .hasMessageContaining("AcmeCorp\\Acme.Integration")
          .hasMessageNotContaining("wrong-Passw0rd!");
    }
  }
}
