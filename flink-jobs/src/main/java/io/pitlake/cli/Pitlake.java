package io.pitlake.cli;

import io.pitlake.job.Failures;
import io.pitlake.job.FlinkSettings;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * The {@code pitlake} command line: one subcommand per capability, exit codes 0 (done), 1 (the run
 * failed) and 2 (bad usage), and every error as one line that names the flag and the fix.
 */
@Command(
    name = "pitlake",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersion.class,
    description = "Point-in-time-correct market-data lakehouse on Apache Flink and Apache Iceberg.",
    subcommands = {
      BackfillCommand.class,
      LiveCommand.class,
      IngestCommand.class,
      UpdateCommand.class,
      BuildCommand.class,
      CatalogCommand.class,
      QueryCommand.class,
      ExportCommand.class,
      ReportCommand.class,
      TablesCommand.class,
      TagCommand.class,
      MaintainCommand.class,
      HelpCommand.class
    })
public final class Pitlake {

  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  public static void main(String[] args) {
    boolean ownJvm = !FlinkSettings.submittedByFlinkClient();
    if (ownJvm) {
      FatalExit.install(System.err);
    }
    int code;
    try {
      code =
          commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
              .execute(args);
    } catch (OutOfMemoryError e) {
      System.err.println("pitlake: " + FatalExit.outOfMemory());
      code = EXIT_FAILED;
    }
    FatalExit.returned();
    if (!ownJvm) {
      // Under `flink run` the client exits by itself; in a Flink application (the Kubernetes
      // operator's application mode) this method runs inside the JobManager, which exiting would
      // kill. Failure is an exception there: Flink reports it as the application's failure.
      if (code != EXIT_OK) {
        throw new IllegalStateException(
            "pitlake "
                + String.join(" ", args)
                + " failed with exit code "
                + code
                + " (see above)");
      }
      return;
    }
    // Flink's embedded cluster leaves non-daemon threads behind; the CLI is done.
    System.exit(code);
  }

  /** The one factory that wires output streams, error handlers and exit codes (tests reuse it). */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Pitlake());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          String command = ex.getCommandLine().getCommandName();
          ex.getCommandLine()
              .getErr()
              .printf("pitlake: %s (see 'pitlake %s --help')%n", oneLine(ex.getMessage()), command);
          return EXIT_USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof UsageException usage) {
            commandLine.getErr().println("pitlake: " + oneLine(usage.getMessage()));
            return EXIT_USAGE;
          }
          if (Failures.outOfMemory(ex)) {
            FatalExit.heapExhausted();
            commandLine.getErr().println("pitlake: " + FatalExit.outOfMemory());
          } else {
            commandLine.getErr().println("pitlake: " + oneLine(Failures.describe(ex)));
          }
          return EXIT_FAILED;
        });
    return cli;
  }

  private static String oneLine(String message) {
    return message == null ? "unknown error" : message.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
