package io.pitlake.source.rest.enumerator;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.source.rest.split.RestSplit;
import java.time.LocalDate;
import java.util.List;
import javax.annotation.Nullable;

/**
 * What the enumerator checkpoints: the splits not yet handed out, in hand-out order, how many
 * splits the run has made so far (for the progress gauges) and, when it follows a dataset ({@link
 * io.pitlake.source.rest.FollowMode}), the newest day it already made splits for, so a restored
 * live job neither fetches a published day twice nor skips one. Assigned splits are checkpointed by
 * their readers.
 *
 * @param coveredTo {@code null} for a bounded run, and for a following run before its first
 *     discovery
 */
public record RestEnumState(
    List<RestSplit> pendingSplits, int totalSplits, @Nullable LocalDate coveredTo) {

  public RestEnumState {
    pendingSplits = List.copyOf(pendingSplits);
    checkArgument(
        totalSplits >= pendingSplits.size(),
        "totalSplits %s is smaller than the %s pending splits",
        totalSplits,
        pendingSplits.size());
  }

  /** The state of a bounded run. */
  public RestEnumState(List<RestSplit> pendingSplits, int totalSplits) {
    this(pendingSplits, totalSplits, null);
  }
}
