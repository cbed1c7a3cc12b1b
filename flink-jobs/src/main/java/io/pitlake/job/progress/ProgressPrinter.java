package io.pitlake.job.progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Prints progress for a person: on a terminal, status as one line that each status overwrites and
 * an event replaces; in a pipe or a log, a status line only when nothing was printed for {@code
 * every}, so a log gets one line per interval and is never silent for longer. Called by the thread
 * that waits for the job.
 */
public final class ProgressPrinter implements ProgressListener, AutoCloseable {

  /** Goes to the start of the line and clears it (VT100, which every terminal emulator speaks). */
  private static final String CLEAR_LINE = "\r\033[K";

  private final PrintWriter out;
  private final boolean terminal;
  private final long everyNanos;
  private final LongSupplier clock;
  private final int columns;
  private long lastPrinted;
  private boolean statusShown;

  public ProgressPrinter(PrintWriter out, boolean terminal, Duration every) {
    this(out, terminal, every, System::nanoTime, Integer.getInteger("pitlake.progress.columns", 0));
  }

  /**
   * @param columns the terminal's width: a longer status line would wrap, and the next could then
   *     clear only its last row; 0 when unknown
   */
  ProgressPrinter(
      PrintWriter out, boolean terminal, Duration every, LongSupplier clock, int columns) {
    this.out = out;
    this.terminal = terminal;
    this.everyNanos = every.toNanos();
    this.clock = clock;
    this.columns = columns;
    this.lastPrinted = clock.getAsLong();
  }

  /**
   * Whether standard error is a terminal: the launcher says so in {@code pitlake.progress.terminal}
   * (the JVM can only tell whether standard input and output are).
   */
  public static boolean stderrIsTerminal() {
    String told = System.getProperty("pitlake.progress.terminal");
    return told != null ? Boolean.parseBoolean(told) : System.console() != null;
  }

  @Override
  public synchronized void event(String line) {
    if (statusShown) {
      out.print(CLEAR_LINE);
      statusShown = false;
    }
    out.println(line);
    out.flush();
    lastPrinted = clock.getAsLong();
  }

  @Override
  public synchronized void status(String line) {
    if (terminal) {
      out.print(
          CLEAR_LINE
              + (columns > 1 && line.length() >= columns ? line.substring(0, columns - 1) : line));
      out.flush();
      statusShown = true;
      return;
    }
    long now = clock.getAsLong();
    if (now - lastPrinted >= everyNanos) {
      out.println(line);
      out.flush();
      lastPrinted = now;
    }
  }

  /** Ends a status line left on a terminal, so what follows starts on a line of its own. */
  @Override
  public synchronized void close() {
    if (statusShown) {
      out.println();
      out.flush();
      statusShown = false;
    }
  }
}
