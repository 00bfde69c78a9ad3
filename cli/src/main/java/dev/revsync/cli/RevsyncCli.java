package dev.revsync.cli;

import dev.revsync.RevsyncException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code revsync} command-line tool: list connectors, start a simulator sandbox, verify,
 * discover, sync and write against a real system or a sandbox, run the daily pipeline, and the
 * demo. Errors print one clear line; {@code --verbose} adds the stack trace.
 */
@Command(
    name = "revsync",
    mixinStandardHelpOptions = true,
    version = "revsync 0.1.0-SNAPSHOT",
    description = "Connects a host backend to CRM and marketing-automation systems.",
    subcommands = {
      SystemsCommand.class,
      SandboxCommand.class,
      VerifyCommand.class,
      DiscoverCommand.class,
      SyncCommand.class,
      WriteCommand.class,
      PipelineCommand.class,
      DemoCommand.class,
      ConsoleCommand.class
    })
public final class RevsyncCli implements Runnable {
  /**
   * Exit status of a sync or write that ran but FAILED (the output says why; what was done is
   * kept). 2 is a bad command or configuration, 1 an unexpected error.
   */
  static final int EXIT_FAILED = 3;

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "Show stack traces of errors.")
  boolean verbose;

  /** Where secrets are looked up; tests substitute a map. */
  final UnaryOperator<String> env;

  /** The clock of budgets and windows; tests substitute a simulated one. */
  final Clock clock;

  RevsyncCli(UnaryOperator<String> env, Clock clock) {
    this.env = env;
    this.clock = clock;
  }

  public static void main(String[] args) {
    if (java.util.Arrays.asList(args).contains("--verbose")) {
      // Before the first logger exists: slf4j-simple reads its level once.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
    System.exit(commandLine(System::getenv, Clock.systemUTC()).execute(args));
  }

  static CommandLine commandLine(UnaryOperator<String> env, Clock clock) {
    RevsyncCli root = new RevsyncCli(env, clock);
    CommandLine cl = new CommandLine(root);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (e instanceof RevsyncException) {
        String message = e.getMessage();
        err.println(message.startsWith("revsync:") ? message : "revsync: " + message);
      } else {
        err.println("revsync: unexpected error: " + e);
      }
      if (root.verbose) e.printStackTrace(err);
      err.flush();
      return e instanceof RevsyncException ? 2 : 1;
    });
    return cl;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(new CommandLine(this), "name a command; see revsync --help");
  }
}
