package io.pitlake.tag;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * One consistent point of the lake: the snapshot each table gets for a tag. Found by {@link
 * ConsistentPoint}; a later publish step may build one from the snapshots it published.
 *
 * @param tables one choice per table, in the order given
 */
public record TagPoint(List<Choice> tables) {

  /**
   * The snapshot a table is tagged at.
   *
   * @param table the table
   * @param snapshotId the snapshot, or {@code null} for a table with none yet (it gets an empty
   *     one, so the tag exists on it and reads as the empty table it was)
   * @param jobId the Flink job whose checkpoint the snapshot belongs to, when a streaming job is
   *     writing the table; else {@code null}
   * @param checkpointId that job's checkpoint ({@code flink.max-committed-checkpoint-id}), or
   *     {@code null}
   */
  public record Choice(
      TableIdentifier table,
      @Nullable Long snapshotId,
      @Nullable String jobId,
      @Nullable Long checkpointId) {}

  public TagPoint {
    tables = List.copyOf(tables);
    checkArgument(!tables.isEmpty(), "a tag point needs at least one table");
  }

  /** The checkpoint each streaming job's tables are tagged at, by job id. */
  public Map<String, Long> checkpoints() {
    return tables.stream()
        .filter(c -> c.jobId() != null)
        .collect(Collectors.toMap(Choice::jobId, Choice::checkpointId, Math::max));
  }
}
