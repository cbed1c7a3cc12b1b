package io.pitlake.job.ingest;

import java.util.function.Predicate;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Which keys reach this parallel instance of a keyed operator: an operator that seeds its memory
 * from a committed table keeps only its own key groups' rows.
 */
final class SubtaskKeys {

  private SubtaskKeys() {}

  /** Whether a key (as passed to {@code keyBy}) is assigned to the subtask of {@code context}. */
  static Predicate<String> of(RuntimeContext context) {
    var task = context.getTaskInfo();
    int maxParallelism = task.getMaxNumberOfParallelSubtasks();
    int parallelism = task.getNumberOfParallelSubtasks();
    int subtask = task.getIndexOfThisSubtask();
    return key ->
        KeyGroupRangeAssignment.assignKeyToParallelOperator(key, maxParallelism, parallelism)
            == subtask;
  }
}
