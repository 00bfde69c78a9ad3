package dev.revsync.cli;

import dev.revsync.ConnectorDescriptor;
import dev.revsync.ConnectorProvider;
import dev.revsync.Connectors;
import dev.revsync.simulators.Simulator;
import dev.revsync.simulators.SimulatorOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Starts a connector's simulator on 127.0.0.1 and prints a ready-to-use connection file. */
@Command(
    name = "sandbox",
    description = "Start a connector's simulator on 127.0.0.1 and print a connection file.")
final class SandboxCommand implements Runnable {
  @Spec CommandSpec spec;
  @ParentCommand RevsyncCli cli;

  @Parameters(paramLabel = "CONNECTOR", description = "The connector id, such as salesforce.")
  String connector;

  @Option(names = "--records", description = "Records per object (default: the simulator's).")
  Long records;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated data.")
  long seed;

  @Option(names = "--out", description = "Also write the connection file here.")
  Path out;

  @Option(
      names = "--no-wait",
      description = "Stop the simulator right after printing (for scripts and tests).")
  boolean noWait;

  @Override
  public void run() {
    ConnectorProvider provider =
        Connectors.provider(connector)
            .orElseThrow(
                () ->
                    new dev.revsync.ConfigurationException(
                        "revsync",
                        "sandbox " + connector,
                        "unknown connector '" + connector + "'",
                        "Run 'revsync systems' to list the connectors",
                        null));
    ConnectorDescriptor d = provider.descriptor();
    Map<String, Long> counts = new TreeMap<>();
    if (records != null) d.objects().forEach(o -> counts.put(o, records));
    Simulator simulator =
        Simulators.require(connector).start(new SimulatorOptions(seed, cli.clock, counts));
    try {
      Map<String, String> env = new LinkedHashMap<>();
      String file =
          ConnectionFile.render(d, "sandbox/" + connector, simulator.connectionSettings(), env);
      PrintWriter o = spec.commandLine().getOut();
      o.println(
          "# revsync sandbox: "
              + d.displayName()
              + " simulator at "
              + simulator.baseUrl()
              + (noWait ? "" : " (Ctrl-C to stop)"));
      if (!env.isEmpty()) {
        o.println("# sandbox test credentials; export them before using this file:");
        env.forEach((k, v) -> o.println("#   export " + k + "=" + v));
      }
      o.print(file);
      o.flush();
      if (out != null) {
        try {
          Files.writeString(out, file, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new dev.revsync.ConfigurationException(
              "revsync",
              "sandbox --out " + out,
              "cannot write: " + e.getMessage(),
              "Choose a writable path",
              e);
        }
      }
      if (!noWait) {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      simulator.close();
    }
  }
}
