package io.pitlake.job.ingest;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.function.SerializableFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>"Exactly what was committed up to that checkpoint" holds only once Iceberg's committer has
 * re-committed the restored checkpoint's files, which it does while its own task initializes,
 * concurrently with this one. A versioner that read the table first would miss the rows of a
 * checkpoint whose commit the failure interrupted, and store them again, as version 1, when the
 * source re-fetches the page it was reading. So each subtask checkpoints the last content it
 * emitted (a few bytes, not the memory), and a restored versioner reads the table again until it
 * holds every such content of its key groups: the rows of one checkpoint are committed in one
 * snapshot, so the last one present means all are.
 */
public final class ObservationVersioner<T extends VersionedObservation<T>>
    extends KeyedProcessFunction<String, T, T> implements CheckpointedFunction {

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(ObservationVersioner.class);

  /**
   * How long a restored versioner waits for the committer's re-commit. Iceberg commits in the
   * committer's {@code initializeState}, seconds after a restore; a table that still lacks the rows
   * after this was changed by someone else (rolled back), and waiting longer would not bring them.
   */
  static final Duration COMMIT_WAIT = Duration.ofMinutes(2);

  private static final Duration REREAD_PAUSE = Duration.ofMillis(200);

  /** One entry per subtask: the key and payload prefix of the last content it emitted. */
  private static final ListStateDescriptor<String> LAST_EMITTED =
      new ListStateDescriptor<>("versioner-last-emitted", Types.STRING);

  private final ObservationHistory history;
  private final SerializableFunction<String, String> routing;

  /** Per key, the 64-bit prefixes of every stored payload hash. */
  private transient SeenPayloads seen;

  private transient ListState<String> lastEmittedState;

  /** What the restored checkpoint says every subtask emitted last (all subtasks: keys move). */
  private transient List<LastEmitted> restored;

  /** The last content this subtask emitted since it opened, or null. */
  private transient LastEmitted lastEmitted;

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
  public void initializeState(FunctionInitializationContext context) throws Exception {
    lastEmittedState = context.getOperatorStateStore().getUnionListState(LAST_EMITTED);
    restored = new ArrayList<>();
    if (context.isRestored()) {
      lastEmittedState.get().forEach(entry -> restored.add(LastEmitted.parse(entry)));
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    lastEmittedState.clear();
    if (lastEmitted != null) {
      lastEmittedState.add(lastEmitted.toString());
    }
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    Predicate<String> subtaskKeys = SubtaskKeys.of(getRuntimeContext());
    Predicate<String> mine = key -> subtaskKeys.test(routing.apply(key));
    List<LastEmitted> committed =
        restored == null ? List.of() : restored.stream().filter(e -> mine.test(e.key())).toList();
    long deadline = System.nanoTime() + COMMIT_WAIT.toNanos();
    seen = read(mine);
    while (!committed.stream().allMatch(e -> seen.contains(e.key(), e.payloadPrefix()))) {
      if (System.nanoTime() > deadline) {
        LOG.warn(
            "The committed table still lacks the last content this versioner emitted before the"
                + " restored checkpoint ({}) after {}: versions may be numbered again",
            committed,
            COMMIT_WAIT);
        break;
      }
      Thread.sleep(REREAD_PAUSE.toMillis());
      seen = read(mine);
    }
    var group = getRuntimeContext().getMetricGroup().addGroup("versioner");
    stored = group.counter("newObservations");
    duplicates = group.counter("duplicatesSkipped");
    revisions = group.counter("revisions");
  }

  /** The committed table's contents of this subtask's keys. */
  private SeenPayloads read(Predicate<String> mine) throws IOException {
    SeenPayloads read = new SeenPayloads();
    history.forEach(
        (key, hash, version) -> {
          if (mine.test(key)) {
            read.remember(key, prefix(hash), version);
          }
        });
    return read;
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
    lastEmitted = new LastEmitted(observation.observationKey(), prefix(observation.payloadHash()));
    out.collect(observation.withVersion(version, availableAt));
  }

  private static long prefix(String hexHash) {
    return HexFormat.fromHexDigitsToLong(hexHash, 0, 16);
  }

  /** A content by its key and payload prefix, as checkpointed ({@code prefix-hex key}). */
  record LastEmitted(String key, long payloadPrefix) {

    static LastEmitted parse(String entry) {
      int space = entry.indexOf(' ');
      return new LastEmitted(
          entry.substring(space + 1), HexFormat.fromHexDigitsToLong(entry, 0, space));
    }

    @Override
    public String toString() {
      return HexFormat.of().toHexDigits(payloadPrefix) + " " + key;
    }
  }
}
