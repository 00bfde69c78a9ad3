package dev.revsync.cli;

import dev.revsync.Connector;
import dev.revsync.VerifyResult;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Logs in and prints who we are and how much allowance is left. */
@Command(name = "verify", description = "Log in and check a connection.")
final class VerifyCommand implements Runnable {
  @Spec CommandSpec spec;
  @ParentCommand RevsyncCli cli;
  @Mixin ConnectionOption connection;

  @Override
  public void run() {
    ConnectionFile file = connection.load(cli);
    try (Connector c = file.provider.open(file.config)) {
      VerifyResult v = c.verify();
      PrintWriter out = spec.commandLine().getOut();
      out.println("connected: " + v.system() + " as " + v.user());
      out.println("organization: " + v.organizationId());
      out.println("base url: " + v.baseUrl());
      if (!v.permissions().isEmpty())
        out.println("permissions: " + String.join(", ", v.permissions()));
      if (v.systemDailyLimit().isPresent()) {
        out.println(
            "system daily limit: "
                + v.systemDailyLimit().getAsLong()
                + (v.systemRemaining().isPresent()
                    ? ", remaining " + v.systemRemaining().getAsLong()
                    : ""));
      }
      // Sorted: a connector's details map may be in hash order, and two runs should read alike.
      new java.util.TreeMap<>(v.details()).forEach((k, val) -> out.println(k + ": " + val));
      out.println("calls spent: " + v.callsSpent());
      out.flush();
    }
  }
}
