package io.pitlake.job;

import java.util.Collection;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.state.rocksdb.ConfigurableRocksDBOptionsFactory;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;

/**
 * RocksDB options that keep a long-running job's incremental checkpoints from growing while its
 * state does not: RocksDB starts a new {@code MANIFEST} once the current one exceeds {@link
 * #MAX_MANIFEST_SIZE}.
 *
 * <p>Why: the {@code MANIFEST} is RocksDB's log of file changes. Every checkpoint flushes the
 * memtable into a new file (one more entry), and every compaction adds another; RocksDB's default
 * starts a new one only past 1 GB. An incremental checkpoint shares SST files with earlier ones but
 * uploads the whole {@code MANIFEST} each time, so a keyed operator whose state stays a few values
 * (Iceberg's table maintenance trigger, one per table) uploaded a 19 KB {@code MANIFEST} after a
 * simulated day and a 165 KB one after eight: {@code bench/soak.sh}'s checkpoint grew 2.4x, 90% of
 * it {@code MANIFEST}s (docs/live.md, "Bounded checkpoints"). A new {@code MANIFEST} starts with
 * the live files only (a few KB), so a bound keeps each operator's share near its state.
 */
public final class RocksDbManifestBound implements ConfigurableRocksDBOptionsFactory {

  private static final long serialVersionUID = 1L;

  public static final ConfigOption<MemorySize> MAX_MANIFEST_SIZE =
      ConfigOptions.key("streaming.rocksdb.max-manifest-size")
          .memoryType()
          .defaultValue(MemorySize.parse("16kb"))
          .withDescription(
              "Size past which RocksDB starts a new MANIFEST (its log of file changes, uploaded"
                  + " whole with every incremental checkpoint). RocksDB's own default is 1 GB, so"
                  + " a checkpoint grows with the number of checkpoints and compactions behind it;"
                  + " a new MANIFEST holds the live files only. Larger values start new ones less"
                  + " often at the cost of larger checkpoints.");

  private final long maxManifestBytes;

  /** With the default bound; {@link #configure} reads the job's. */
  public RocksDbManifestBound() {
    this(MAX_MANIFEST_SIZE.defaultValue().getBytes());
  }

  private RocksDbManifestBound(long maxManifestBytes) {
    if (maxManifestBytes <= 0) {
      throw new IllegalArgumentException(
          MAX_MANIFEST_SIZE.key()
              + " must be positive, e.g. 16kb; got "
              + maxManifestBytes
              + " bytes");
    }
    this.maxManifestBytes = maxManifestBytes;
  }

  @Override
  public RocksDBOptionsFactory configure(ReadableConfig configuration) {
    return new RocksDbManifestBound(configuration.get(MAX_MANIFEST_SIZE).getBytes());
  }

  @Override
  public DBOptions createDBOptions(DBOptions current, Collection<AutoCloseable> handlesToClose) {
    return current.setMaxManifestFileSize(maxManifestBytes);
  }

  @Override
  public ColumnFamilyOptions createColumnOptions(
      ColumnFamilyOptions current, Collection<AutoCloseable> handlesToClose) {
    return current;
  }
}
