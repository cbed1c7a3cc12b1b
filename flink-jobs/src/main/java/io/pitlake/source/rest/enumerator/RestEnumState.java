package io.pitlake.source.rest.enumerator;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.source.rest.split.RestSplit;
import java.util.List;

/**
 * What the enumerator checkpoints: the splits not yet handed out, in hand-out order, and how many
 * splits the backfill has in total (for the progress gauges). Assigned splits are checkpointed by
 * their readers.
 */
public record RestEnumState(List<RestSplit> pendingSplits, int totalSplits) {

  public RestEnumState {
    pendingSplits = List.copyOf(pendingSplits);
    checkArgument(
        totalSplits >= pendingSplits.size(),
        "totalSplits %s is smaller than the %s pending splits",
        totalSplits,
        pendingSplits.size());
  }
}
