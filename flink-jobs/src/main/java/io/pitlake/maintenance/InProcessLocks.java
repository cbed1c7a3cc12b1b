package io.pitlake.maintenance;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.flink.maintenance.api.TriggerLockFactory;

/**
 * The lock of one table's maintenance pipeline inside a live job, held in the memory of the process
 * that runs it. Iceberg 1.11.0's own in-job lock (the coordinator lock, {@code
 * TableMaintenance.forTable} without a factory) keeps its locks in a static list that the
 * coordinators of several tables iterate and change at once: a job maintaining four tables failed
 * at start with a {@code ConcurrentModificationException} in {@code BaseCoordinator.registerLock}.
 * Its external locks need a JDBC database or ZooKeeper that pitlake does not otherwise need.
 *
 * <p>Enough here because the pipeline runs with parallelism 1 as one chained task (monitor, trigger
 * manager, expiry, lock remover), so its trigger manager and lock remover share a process; and the
 * only task is snapshot expiry, whose commits are optimistic: two runs at once would cost a retry,
 * never a wrong table. The trigger manager and the lock remover each deserialize their own copy of
 * the factory, so the locks live in a static map under the pipeline's {@code name}, unique per job;
 * a task's start ({@link #open}) finds nothing running and clears its locks.
 */
final class InProcessLocks implements TriggerLockFactory {

  private static final long serialVersionUID = 1L;

  private static final ConcurrentMap<String, AtomicBoolean> HELD = new ConcurrentHashMap<>();

  private final String name;

  /**
   * @param name the pipeline's name, unique per job and table
   */
  InProcessLocks(String name) {
    this.name = name;
  }

  @Override
  public void open() {
    held(name).set(false);
    held(name + "#recovery").set(false);
  }

  @Override
  public Lock createLock() {
    return new InProcessLock(held(name));
  }

  @Override
  public Lock createRecoveryLock() {
    return new InProcessLock(held(name + "#recovery"));
  }

  @Override
  public void close() {}

  private static AtomicBoolean held(String key) {
    return HELD.computeIfAbsent(key, k -> new AtomicBoolean());
  }

  private record InProcessLock(AtomicBoolean held) implements Lock {
    @Override
    public boolean tryLock() {
      return held.compareAndSet(false, true);
    }

    @Override
    public boolean isHeld() {
      return held.get();
    }

    @Override
    public void unlock() {
      held.set(false);
    }
  }
}
