package io.pitlake.job.progress;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Turns the cumulative figures of a running ingest into a progress line: counts so far, rates over
 * the last {@code window} (a cumulative rate decays once the fetching is done and hides a stall),
 * and an estimate of the fetching left, from the chunks done so far. A chunk is one source split: a
 * symbol's range of dates, one session, one company; "split" means something else in a tool about
 * stock splits. Called by the one thread that waits for the job.
 */
public final class ProgressMeter {

  /** The span rates are measured over. */
  public static final Duration WINDOW = Duration.ofSeconds(5);

  private final String name;
  private final int chunks;
  private final Window fetchedRate;
  private final Window requestRate;
  private final Window writtenRate;

  /**
   * @param name what runs, e.g. {@code backfill} or {@code ingest}
   * @param chunks the job's chunk total, 0 when it grows while the job runs (live)
   */
  public ProgressMeter(String name, int chunks) {
    this(name, chunks, WINDOW);
  }

  ProgressMeter(String name, int chunks, Duration window) {
    this.name = name;
    this.chunks = chunks;
    this.fetchedRate = new Window(window);
    this.requestRate = new Window(window);
    this.writtenRate = new Window(window);
  }

  /** What runs, as the lines name it. */
  public String name() {
    return name;
  }

  /**
   * The line for the figures {@code now}, {@code nanos} after the job started.
   *
   * @param after what the job runs once every chunk is fetched (e.g. the SQL and the commit), or
   *     {@code null} when it only writes what it fetched
   */
  public String line(ProgressSnapshot now, long nanos, String after) {
    String fetchedPerSecond = fetchedRate.rate(nanos, now.fetched());
    String requestsPerSecond = requestRate.rate(nanos, requests(now));
    boolean fetched = chunks > 0 && now.splitsFinished() >= chunks;
    // The time and what runs come first: a terminal cuts a long line at its width.
    StringBuilder line =
        new StringBuilder("[").append(name).append("] ").append(Figures.seconds(nanos));
    if (fetched) {
      line.append(
          String.format(
              " | %s running | fetched %s rows from %s chunks, %s new",
              after == null ? "writing and commit" : after,
              Figures.count(now.fetched()),
              Figures.count(chunks),
              Figures.count(now.newRows())));
      return line.toString();
    }
    line.append(" | fetching chunks ")
        .append(Figures.count(now.splitsFinished()))
        .append(chunks > 0 ? "/" + Figures.count(chunks) : " done");
    if (chunks > 0 && now.splitsFinished() > 0) {
      double left = nanos / 1e9 * (chunks - now.splitsFinished()) / now.splitsFinished();
      line.append(String.format(Locale.ROOT, ", ~%.0f s left", Math.ceil(left)));
    }
    line.append(" | rows ")
        .append(Figures.count(now.fetched()))
        .append(" (")
        .append(fetchedPerSecond)
        .append(") | new ")
        .append(Figures.count(now.newRows()))
        .append(", unchanged ")
        .append(Figures.count(now.duplicates()))
        .append(" | requests ")
        .append(Figures.count(requests(now)))
        .append(" (")
        .append(requestsPerSecond)
        .append(")");
    if (now.retried() > 0) {
      line.append(", retried ").append(Figures.count(now.retried()));
    }
    if (now.rejected() > 0) {
      line.append(" | unreadable pages ").append(Figures.count(now.rejected()));
    }
    if (now.reconnects() > 0 || now.gapFills() > 0) {
      line.append(" | reconnects ")
          .append(Figures.count(now.reconnects()))
          .append(", gap fills ")
          .append(Figures.count(now.gapFills()));
    }
    return line.toString();
  }

  /**
   * The line at the end of the job: what it fetched and what was new, or "nothing new" when every
   * row it fetched was already in bronze.
   */
  public String done(ProgressSnapshot last, long nanos) {
    StringBuilder line = new StringBuilder("[").append(name).append("] ");
    if (last.newRows() == 0 && last.fetched() > 0) {
      line.append("nothing new (").append(Figures.count(last.duplicates())).append(" unchanged)");
    } else {
      line.append("done: ")
          .append(Figures.count(last.newRows()))
          .append(" new rows, ")
          .append(Figures.count(last.duplicates()))
          .append(" unchanged");
    }
    line.append(" | chunks ").append(Figures.count(last.splitsFinished()));
    if (chunks > 0) {
      line.append("/").append(Figures.count(chunks));
    }
    line.append(" | rows fetched ")
        .append(Figures.count(last.fetched()))
        .append(" | requests ")
        .append(Figures.count(requests(last)));
    if (last.retried() > 0) {
      line.append(", retried ").append(Figures.count(last.retried()));
    }
    line.append(String.format(Locale.ROOT, ", p99 latency %.0f ms", last.p99LatencyMs()));
    if (last.rejected() > 0) {
      line.append(" | unreadable pages ").append(Figures.count(last.rejected()));
    }
    return line.append(" | ").append(Figures.seconds(nanos)).toString();
  }

  /**
   * The line of a running SQL job: what it runs, the rows its scans read so far and the rows its
   * writers received, at the rate of the last window.
   */
  public String sqlLine(String what, SqlProgress now, long nanos) {
    return String.format(
        "[%s] %s | %s | rows read %s | rows written %s (%s)",
        name,
        Figures.seconds(nanos),
        what,
        Figures.count(now.read()),
        Figures.count(now.written()),
        writtenRate.rate(nanos, now.written()));
  }

  private static long requests(ProgressSnapshot s) {
    return s.pages() + s.retried();
  }

  /** One figure's samples over the last window, for its rate. */
  private static final class Window {
    private final long nanos;
    private final Deque<long[]> samples = new ArrayDeque<>();

    Window(Duration window) {
      this.nanos = window.toNanos();
    }

    /** The rate from the oldest sample in the window to {@code value} now; "-" at the first. */
    String rate(long now, long value) {
      samples.addLast(new long[] {now, value});
      while (samples.size() > 2 && now - samples.peekFirst()[0] > nanos) {
        samples.removeFirst();
      }
      long[] first = samples.peekFirst();
      double seconds = (now - first[0]) / 1e9;
      return seconds > 0 ? Figures.rate((value - first[1]) / seconds) : "-";
    }
  }
}
