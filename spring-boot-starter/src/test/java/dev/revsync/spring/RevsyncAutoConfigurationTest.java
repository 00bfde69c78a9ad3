package dev.revsync.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.revsync.pipeline.Budgets;
import dev.revsync.pipeline.CheckpointStore;
import dev.revsync.pipeline.DailyPipeline;
import dev.revsync.pipeline.PipelineConnection;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration's choices and refusals, without a web server. */
class RevsyncAutoConfigurationTest {
  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RevsyncAutoConfiguration.class))
        .withBean(DailyPipeline.SinkFactory.class, () -> (connection, object) -> record -> {})
        .withPropertyValues(
            "revsync.verify-on-start=false",
            "revsync.store.directory=" + dir,
            "revsync.connections[0].tenant=acme",
            "revsync.connections[0].connector=salesforce",
            "revsync.connections[0].objects=Account,Contact",
            "revsync.connections[0].daily-limit=500",
            "revsync.connections[0].write-reserve=20",
            "revsync.connections[0].settings.clientId=abc",
            "revsync.connections[0].secrets.clientSecret=vault.acme.secret",
            "vault.acme.secret=s3cr3t-value");
  }

  @Test
  void withoutADataSourceTheStoreIsFilesAndEachConnectionHasItsOwnLiveBudget() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(CheckpointStore.class).toString())
                  .contains(dir.toString());
              DailyPipeline pipeline = context.getBean(DailyPipeline.class);
              PipelineConnection acme = pipeline.connections().get(0);
              assertThat(acme.objects()).containsExactly("Account", "Contact");
              assertThat(acme.config().secret("clientSecret")).contains("s3cr3t-value");
              assertThat(acme.config().toString()).doesNotContain("s3cr3t-value");
              assertThat(acme.config().quotaPolicy().ledger())
                  .isSameAs(context.getBean(CheckpointStore.class).quotaLedger());
              Budgets budgets = context.getBean(Budgets.class);
              assertThat(budgets.get("acme", "salesforce").dailyLimit()).isEqualTo(500);
              assertThat(budgets.get("acme", "salesforce").writeReserve()).isEqualTo(20);
            });
  }

  @Test
  void aLimitSavedFromTheConsoleWinsOverTheFileAfterARestart() {
    runner().run(context -> context.getBean(Budgets.class).set("acme", "salesforce", 42, 2));
    runner()
        .run(
            context -> {
              assertThat(context.getBean(Budgets.class).get("acme", "salesforce").dailyLimit())
                  .isEqualTo(42);
              assertThat(
                      context
                          .getBean(DailyPipeline.class)
                          .connections()
                          .get(0)
                          .config()
                          .quotaPolicy()
                          .writeReserve())
                  .isEqualTo(2);
            });
  }

  @Test
  void aSecretWhosePropertyNoSourceSetsStopsTheStartAndSaysWhichProperty() {
    runner()
        .withPropertyValues("revsync.connections[0].secrets.refreshToken=vault.acme.missing")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining(
                      "salesforce: revsync.connections[0].secrets.refreshToken: it names the property 'vault.acme.missing', which no"
                          + " property source sets");
            });
  }

  @Test
  void anInvalidLimitAndAMissingSinkAreRefusedWithTheirFix() {
    runner()
        .withPropertyValues("revsync.connections[0].write-reserve=900")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining(
                        "revsync.connections[0]: the write reserve of 900 is above the daily limit of 500"));
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(RevsyncAutoConfiguration.class))
        .withPropertyValues("revsync.store.type=memory")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("no (single) bean of type DailyPipeline.SinkFactory"));
  }

  @Test
  void disabledItBuildsNothing() {
    runner()
        .withPropertyValues("revsync.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(DailyPipeline.class));
  }
}
