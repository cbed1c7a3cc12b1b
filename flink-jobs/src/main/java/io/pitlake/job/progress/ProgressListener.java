package io.pitlake.job.progress;

import java.util.function.Consumer;

/**
 * Receives what a running job reports: events, lines that stay (a job started, a stage done), and
 * status, the state of the moment, which the next status replaces. Called by the thread that waits
 * for the job.
 */
public interface ProgressListener {

  /** A line that stays. */
  void event(String line);

  /** The state of the moment; a listener may show only the newest. */
  void status(String line);

  /** Every line, events and status alike, to {@code lines}. */
  static ProgressListener lines(Consumer<String> lines) {
    return new ProgressListener() {
      @Override
      public void event(String line) {
        lines.accept(line);
      }

      @Override
      public void status(String line) {
        lines.accept(line);
      }
    };
  }
}
