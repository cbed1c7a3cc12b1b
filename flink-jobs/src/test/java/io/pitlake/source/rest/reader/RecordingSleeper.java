package io.pitlake.source.rest.reader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@link Sleeper} that returns at once and remembers every non-zero wait it was asked for. */
final class RecordingSleeper implements Sleeper {

  private final List<Duration> waits = new ArrayList<>();
  private boolean wakeUpPending;

  @Override
  public synchronized boolean sleep(Duration duration) {
    if (wakeUpPending) {
      wakeUpPending = false;
      return false;
    }
    if (!duration.isZero()) {
      waits.add(duration);
    }
    return true;
  }

  @Override
  public synchronized void wakeUp() {
    wakeUpPending = true;
  }

  synchronized List<Duration> waits() {
    return List.copyOf(waits);
  }
}
