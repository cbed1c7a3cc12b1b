package io.pitlake.source.rest.reader;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A {@link Sleeper} on a monitor: {@link #wakeUp()} notifies it. */
final class MonitorSleeper implements Sleeper {

  private final Object monitor = new Object();
  private boolean wakeUpPending;

  @Override
  public boolean sleep(Duration duration) throws InterruptedException {
    long deadline = System.nanoTime() + duration.toNanos();
    synchronized (monitor) {
      while (!wakeUpPending) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return true;
        }
        TimeUnit.NANOSECONDS.timedWait(monitor, left);
      }
      wakeUpPending = false;
      return false;
    }
  }

  @Override
  public void wakeUp() {
    synchronized (monitor) {
      wakeUpPending = true;
      monitor.notifyAll();
    }
  }
}
