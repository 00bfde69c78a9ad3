package dev.revsync.cli;

import dev.revsync.AuthenticationException;
import dev.revsync.ConfigurationException;
import dev.revsync.PermissionException;
import dev.revsync.RevsyncException;
import dev.revsync.internal.http.SharedHttpClient;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code revsync} command-line tool: list connectors, start a simulator sandbox, verify,
 * discover, sync and write against a real system or a sandbox, run the daily pipeline, and the
 * demo. Errors print one clear line; {@code --verbose} adds the stack trace. Every command takes
 * {@code --help} ({@code scope = INHERIT} hands the standard help options down), and {@code revsync
 * help <command>} works too.
 */
@Command(
    name = "revsync",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    version = "revsync 0.1.0-SNAPSHOT",
    description = "Connects a host backend to CRM and marketing-automation systems.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      RevsyncCli.EXIT_OK + ":done: everything asked for was pulled or written",
      RevsyncCli.EXIT_PARTIAL
          + ":partly done: a budget or the window stopped it, or some items failed (run again to resume)",
      RevsyncCli.EXIT_USAGE
          + ":a bad command, file, configuration or credential (the line says what to fix)",
      RevsyncCli.EXIT_FAILED
          + ":a sync or write FAILED, or the system answered with an error (the line says why; what was done is kept)",
      RevsyncCli.EXIT_BUG + ":an unexpected error (run with --verbose and report it)"
    })
public final class RevsyncCli implements Runnable {
  /**
   * The commands by name, in the order help lists them. A command line that names one builds only
   * that one's model (picocli reads every option of every registered command by reflection first:
   * 0.1–0.2 s of each run's start); any other builds them all, for help and suggestions.
   */
  static final Map<String, Class<?>> COMMANDS = commands();

  private static Map<String, Class<?>> commands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("help", CommandLine.HelpCommand.class);
    m.put("systems", SystemsCommand.class);
    m.put("sandbox", SandboxCommand.class);
    m.put("verify", VerifyCommand.class);
    m.put("discover", DiscoverCommand.class);
    m.put("sync", SyncCommand.class);
    m.put("write", WriteCommand.class);
    m.put("pipeline", PipelineCommand.class);
    m.put("demo", DemoCommand.class);
    m.put("console", ConsoleCommand.class);
    return Collections.unmodifiableMap(m);
  }

  /** Exit status: everything asked for was done. */
  static final int EXIT_OK = 0;

  /** Exit status: an unexpected error, a bug (as the JVM's own uncaught-exception status). */
  static final int EXIT_BUG = 1;

  /** Exit status: a bad command, file or configuration; picocli's own usage errors use it too. */
  static final int EXIT_USAGE = 2;

  /**
   * Exit status of a sync or write that ran but FAILED (the output says why; what was done is
   * kept).
   */
  static final int EXIT_FAILED = 3;

  /**
   * Exit status of a run that did part of its work: a budget or the window stopped a sync, or a
   * write left items failed, unsent or unknown. Running again resumes; a script can tell it from
   * success and from failure.
   */
  static final int EXIT_PARTIAL = 4;

  /** The exit status of several outcomes: the worst wins (failed, then partial, then done). */
  static int worst(int a, int b) {
    if (a == EXIT_FAILED || b == EXIT_FAILED) return EXIT_FAILED;
    if (a == EXIT_PARTIAL || b == EXIT_PARTIAL) return EXIT_PARTIAL;
    return Math.max(a, b);
  }

  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Show stack traces of errors.")
  boolean verbose;

  /** Where secrets are looked up; tests substitute a map. */
  final UnaryOperator<String> env;

  /** The clock of budgets and windows; tests substitute a simulated one. */
  final Clock clock;

  /**
   * Whether a person watches the output: progress redraws a line with {@code \r} only then; a log
   * file or pipe gets plain periodic lines instead.
   */
  final boolean terminal;

  RevsyncCli(UnaryOperator<String> env, Clock clock, boolean terminal) {
    this.env = env;
    this.clock = clock;
    this.terminal = terminal;
  }

  public static void main(String[] args) {
    if (java.util.Arrays.asList(args).contains("--verbose")) {
      // Before the first logger exists: slf4j-simple reads its level once.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
    // Java 17 can only tell whether stdin and stdout are both a terminal; a redirected stdout is
    // taken to mean a script or a log, which then gets no \r frames on stderr either.
    boolean terminal = isTerminal();
    System.exit(run(args, System::getenv, Clock.systemUTC(), terminal));
  }

  /**
   * Runs {@code revsync args} and returns its exit status: {@link #main} with the environment,
   * clock and terminal given (the benchmarks run the tool on a clock of their own through it).
   */
  static int run(String[] args, UnaryOperator<String> env, Clock clock, boolean terminal) {
    if (CONNECTING.contains(commandNamed(args))) buildHttpClientAhead();
    return commandLine(env, clock, terminal, args).execute(args);
  }

  /** The commands that open connections over HTTP (the demo to its built-in simulators). */
  private static final Set<String> CONNECTING =
      Set.of("verify", "discover", "sync", "write", "pipeline", "demo");

  /**
   * Builds the process's HTTP client on a thread of its own while the main thread reads the command
   * line and the connection file: its TLS set-up (the JDK's trust store and TLS classes) took 0.1 s
   * of every start, and picocli's model of the command about as long. The first connection waits
   * for it if it is not done; a failure here is met again, and reported, by that connection.
   */
  private static void buildHttpClientAhead() {
    Thread t =
        new Thread(
            () -> {
              try {
                SharedHttpClient.get();
              } catch (RuntimeException ignored) {
                // Met again, and reported, by the first connection.
              }
            },
            "revsync-http-client");
    t.setDaemon(true);
    t.start();
  }

  /** The tool as tests run it: not on a terminal, every command built. */
  static CommandLine commandLine(UnaryOperator<String> env, Clock clock) {
    return commandLine(env, clock, false);
  }

  /**
   * The tool with every command built.
   *
   * @param terminal whether a person watches the output
   */
  static CommandLine commandLine(UnaryOperator<String> env, Clock clock, boolean terminal) {
    return commandLine(env, clock, terminal, new String[0]);
  }

  /**
   * The tool for running {@code args}: only the command they name is built, or every command when
   * they name none ({@code --help}, {@code help sync}, a misspelt name).
   */
  static CommandLine commandLine(
      UnaryOperator<String> env, Clock clock, boolean terminal, String[] args) {
    RevsyncCli root = new RevsyncCli(env, clock, terminal);
    CommandLine cl = new CommandLine(root);
    String named = commandNamed(args);
    if (named != null && !named.equals("help")) {
      cl.addSubcommand(named, COMMANDS.get(named));
    } else {
      COMMANDS.forEach(cl::addSubcommand);
    }
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          if (e instanceof RevsyncException) {
            String message = e.getMessage();
            err.println(message.startsWith("revsync:") ? message : "revsync: " + message);
          } else {
            err.println("revsync: unexpected error: " + e);
          }
          if (root.verbose) e.printStackTrace(err);
          err.flush();
          return exitStatus(e);
        });
    return cl;
  }

  /**
   * The command {@code args} name: the first word that is not an option (the tool's own options
   * take no value), if it is a command; else null.
   */
  static String commandNamed(String[] args) {
    for (String arg : args) {
      if (arg.startsWith("-")) continue;
      return COMMANDS.containsKey(arg) ? arg : null;
    }
    return null;
  }

  /**
   * What the host or the customer fixes (a file, a setting, credentials, a permission) is a usage
   * error; what the system or the network did is a failure; anything else is a bug.
   */
  private static int exitStatus(Exception e) {
    if (e instanceof ConfigurationException
        || e instanceof AuthenticationException
        || e instanceof PermissionException) {
      return EXIT_USAGE;
    }
    return e instanceof RevsyncException ? EXIT_FAILED : EXIT_BUG;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this), "name a command; see revsync --help");
  }

  /**
   * Whether stdin and stdout are a terminal. Up to JDK 21 {@code System.console()} is null when
   * they are not; from JDK 22 it is always there and {@code Console.isTerminal()} (22+) tells,
   * called reflectively since the code is compiled for 17.
   */
  @SuppressWarnings(
      "SystemConsoleNull") // the null check is the JDK 17–21 answer; 22+ asks isTerminal()
  private static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) return false;
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 17–21: a console exists only for a terminal
    }
  }
}
