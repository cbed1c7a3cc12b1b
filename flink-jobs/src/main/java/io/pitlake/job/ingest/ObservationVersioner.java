package io.pitlake.job.ingest;

import java.time.Instant;
import java.util.HexFormat;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Stores each distinct content of an observation once and numbers the versions in the order pitlake
 * first saw them. Version 1 is available at the vendor's rule time; a later, different content (a
 * correction or revision) is available only from when pitlake first saw it, never earlier than the
 * rule time.
 *
 * <p>The memory of what was seen is seeded from the committed table ({@link ObservationHistory})
 * rather than kept in checkpointed state: after a restart the source resumes from its checkpointed
 * cursor and the table holds exactly what was committed up to that checkpoint, so the two agree.
 * Only keys of this subtask's key groups are kept. Runs on the task thread only.
 */
public final class ObservationVersioner<T extends VersionedObservation<T>>
    extends KeyedProcessFunction<String, T, T> {

  private static final long serialVersionUID = 1L;

  private final ObservationHistory history;
  private final SerializableFunction<String, String> routing;

  /** Per key, the 64-bit prefixes of every stored payload hash. */
  private transient SeenPayloads seen;

  private transient Counter stored;
  private transient Counter duplicates;
  private transient Counter revisions;

  /** A versioner whose input is keyed by the observation key itself. */
  public ObservationVersioner(ObservationHistory history) {
    this(history, key -> key);
  }

  /**
   * A versioner whose input is keyed by {@code routing} of the observation key, e.g. the symbol of
   * a bar, so that every observation of one symbol passes through one subtask in the order it was
   * fetched (the per-symbol feature engine downstream relies on that order).
   */
  public ObservationVersioner(
      ObservationHistory history, SerializableFunction<String, String> routing) {
    this.history = history;
    this.routing = routing;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    var task = getRuntimeContext().getTaskInfo();
    int maxParallelism = task.getMaxNumberOfParallelSubtasks();
    int parallelism = task.getNumberOfParallelSubtasks();
    int subtask = task.getIndexOfThisSubtask();
    seen = new SeenPayloads();
    history.forEach(
        (key, hash, version) -> {
          if (KeyGroupRangeAssignment.assignKeyToParallelOperator(
                  routing.apply(key), maxParallelism, parallelism)
              == subtask) {
            seen.remember(key, prefix(hash), version);
          }
        });
    var group = getRuntimeContext().getMetricGroup().addGroup("versioner");
    stored = group.counter("newObservations");
    duplicates = group.counter("duplicatesSkipped");
    revisions = group.counter("revisions");
  }

  @Override
  public void processElement(T observation, Context ctx, Collector<T> out) {
    int version = seen.add(observation.observationKey(), prefix(observation.payloadHash()));
    if (version == 0) {
      duplicates.inc();
      return;
    }
    Instant rule = observation.ruleAvailableAt();
    Instant availableAt =
        version == 1 || observation.ingestedAt().isBefore(rule) ? rule : observation.ingestedAt();
    if (version > 1) {
      revisions.inc();
    }
    stored.inc();
    out.collect(observation.withVersion(version, availableAt));
  }

  private static long prefix(String hexHash) {
    return HexFormat.fromHexDigitsToLong(hexHash, 0, 16);
  }
}
