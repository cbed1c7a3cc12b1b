package io.pitlake.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.NotificationEmitter;
import sun.misc.Signal;

/**
 * The last line of a run that dies. Flink's embedded cluster ends the JVM itself on a fatal error
 * in one of its threads ({@code FatalExitExceptionHandler} calls {@code System.exit(-17)}, exit
 * 239), so neither the CLI's error handler nor a catch block ever runs, and the terminal's last
 * line used to be an unrelated JVM warning. A shutdown hook is the one place that still runs then:
 * when the JVM stops before the command returned, it prints one line that names the cause and the
 * fix, and ends the process with exit code 1 instead of Flink's 239.
 *
 * <p>Ctrl-C (SIGINT) or a SIGTERM is how {@code pitlake live} and {@code pitlake catalog serve} are
 * meant to stop, so a signal is no fatal error: a handler records it, and the JVM ends with the
 * shell's code for that signal (130, 143) after one line saying it was stopped, within {@link
 * #STOP_GRACE}.
 *
 * <p>Whether memory was the cause is known from the JVM's own accounting: a heap pool whose usage
 * after a full collection crossed {@link #FULL} of its maximum (a collection-usage threshold, so
 * the JVM itself reports it, on the GC's thread), or an {@link OutOfMemoryError} seen by the CLI.
 */
public final class FatalExit {

  /** Heap still in use after a collection, as a share of the maximum, that counts as exhausted. */
  static final double FULL = 0.95;

  /** How long the JVM may take to stop after Ctrl-C or SIGTERM before it is halted. */
  static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private static final AtomicBoolean RETURNED = new AtomicBoolean();
  private static final AtomicReference<String> SIGNALLED = new AtomicReference<>();
  private static final AtomicBoolean HEAP_EXHAUSTED = new AtomicBoolean();

  private FatalExit() {}

  /**
   * Arms the hook for this JVM: from now until {@link #returned} an exit is a fatal error, reported
   * on {@code err} as one line.
   */
  public static void install(PrintStream err) {
    watchHeap();
    for (String name : List.of("INT", "TERM")) {
      Signal.handle(
          new Signal(name),
          signal -> {
            int code = 128 + signal.getNumber();
            SIGNALLED.set("SIG" + signal.getName());
            haltAfter(STOP_GRACE, code);
            System.exit(code);
          });
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (SIGNALLED.get() != null && !RETURNED.get()) {
                    err.println("pitlake: stopped by " + SIGNALLED.get());
                    err.flush();
                  } else if (!RETURNED.get()) {
                    err.println("pitlake: " + message());
                    err.flush();
                    // halt, not exit: we are already inside the JVM's exit; halt keeps the status.
                    Runtime.getRuntime().halt(Pitlake.EXIT_FAILED);
                  }
                },
                "pitlake-fatal-exit"));
  }

  /**
   * Ends the JVM after {@code grace} whatever still runs: the embedded cluster's own shutdown hooks
   * wait for a streaming job to cancel, which took over a minute on a loaded machine. A live run is
   * no worse off than after a crash (its commits are atomic), and a stop takes seconds.
   */
  private static void haltAfter(Duration grace, int code) {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(grace.toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Runtime.getRuntime().halt(code);
            },
            "pitlake-stop-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** The command returned (normally or with its own one-line error): the exit is the CLI's. */
  public static void returned() {
    RETURNED.set(true);
  }

  /** Records that the CLI itself saw the heap run out (an {@link OutOfMemoryError}). */
  public static void heapExhausted() {
    HEAP_EXHAUSTED.set(true);
  }

  /** The one line for a JVM that stops before the command returned. */
  static String message() {
    return HEAP_EXHAUSTED.get() || heapFullNow()
        ? outOfMemory()
        : "the JVM stopped on a fatal error inside Flink before the command finished; the cause is"
            + " the last FATAL or ERROR entry of the log (.pitlake/logs/pitlake.log unless"
            + " PITLAKE_LOG_DIR is set)";
  }

  /** What to say when the heap ran out, with the heap this JVM had. */
  static String outOfMemory() {
    long maxMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
    return String.format(
        "out of memory: the JVM's heap (%,d MB) was exhausted; give it more, e.g."
            + " PITLAKE_JAVA_OPTS=-Xmx%dg ./pitlake ... (the default is half the machine's memory),"
            + " or run fewer symbols or a shorter range per run",
        maxMb, Math.max(2, 2 * ((maxMb + 1023) / 1024)));
  }

  private static boolean heapFullNow() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP
          && pool.isCollectionUsageThresholdSupported()
          && pool.getCollectionUsage() != null
          && pool.getUsage().getMax() > 0
          && pool.getCollectionUsage().getUsed() >= FULL * pool.getUsage().getMax()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Asks the JVM to notify when a heap pool stays above {@link #FULL} after a collection. The
   * notification arrives on a JVM service thread, which may be the last thread to run before the
   * heap is gone.
   */
  private static void watchHeap() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      long max = pool.getUsage().getMax();
      if (pool.getType() == MemoryType.HEAP
          && pool.isCollectionUsageThresholdSupported()
          && max > 0) {
        pool.setCollectionUsageThreshold((long) (FULL * max));
      }
    }
    ((NotificationEmitter) ManagementFactory.getMemoryMXBean())
        .addNotificationListener(
            (notification, handback) -> {
              if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(
                  notification.getType())) {
                HEAP_EXHAUSTED.set(true);
              }
            },
            null,
            null);
  }
}
