package dev.revsync.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --connection FILE} option shared by the commands that talk to one system. */
final class ConnectionOption {
  @Option(names = {"-c", "--connection"}, required = true, paramLabel = "FILE",
      description = "A connection file (properties; secrets as ${env:NAME}).")
  Path file;

  ConnectionFile load(RevsyncCli cli) {
    return ConnectionFile.load(file, cli.env, cli.clock);
  }
}
