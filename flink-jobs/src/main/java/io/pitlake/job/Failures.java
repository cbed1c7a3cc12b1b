package io.pitlake.job;

import org.apache.flink.util.SerializedThrowable;

/**
 * Turns Flink's nested job failures (JobExecutionException wrapping a task failure wrapping the
 * cause) into the one message a user can act on.
 */
public final class Failures {

  private Failures() {}

  /** The message of the innermost cause, where the actual problem is named. */
  public static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  /** "what failed: why", or just the innermost message when the outer one adds nothing. */
  public static String describe(Throwable e) {
    String root = rootMessage(e);
    String top = e.getMessage();
    if (top == null || top.contains(root)) {
      return top == null ? root : top;
    }
    return top + ": " + root;
  }

  /**
   * Whether the heap ran out somewhere in the chain: a task's {@link OutOfMemoryError} reaches the
   * client wrapped in the job's failure (serialized, when it crossed from a task), and its own
   * message ("Java heap space") names no fix.
   */
  public static boolean outOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError
          || (t instanceof SerializedThrowable serialized
              && OutOfMemoryError.class.getName().equals(serialized.getOriginalErrorClassName()))) {
        return true;
      }
    }
    return false;
  }
}
