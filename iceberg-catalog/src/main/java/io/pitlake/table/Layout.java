package io.pitlake.table;

/**
 * How a table's rows are laid out in its files. A one-symbol read of a clustered table keeps a row
 * group or two of each file it plans, by their statistics (and the symbol's bloom filter), but
 * reads the footer of each, about 1.3 KB per row group with statistics only where reads filter. So
 * the files hold few row groups, and the row groups a few symbols' year each: a one-symbol year
 * reads under 100 KB per table. docs/performance.md, "Layout: files clustered by symbol", has the
 * designs measured.
 */
enum Layout {
  /**
   * As the writers receive them; compaction may sort them later. 128 MiB files: daily bars are
   * small, so favour fewer, mid-sized files.
   */
  ARRIVAL(0, 128L * 1024 * 1024),
  /**
   * Sorted by the table's sort order per commit ({@link TableSpec#SORT_ON_WRITE}), in 64 KiB row
   * groups (as Parquet's writer counts them before compression: about 30 KB on disk, 650 bars of
   * silver or 200 of bronze) and 256 KiB files, about ten row groups each. Insert-only tables only:
   * a sort could put a key's new row before its retraction.
   *
   * <p>With a bloom filter on the leading sort column: the tables of this layout are written
   * without dictionaries ({@link TableDeclaration#withoutDictionaries()}), and the symbol's
   * dictionary was what let a reader drop a row group whose min/max straddle the symbol (the other
   * writer's file); the bloom filter, a few dozen bytes per row group, answers that now
   * (docs/performance.md, "Layout: files clustered by symbol").
   */
  CLUSTERED(64L * 1024, 256L * 1024, true),
  /**
   * {@link #CLUSTERED} for rows of a hundred and more columns (the feature library), in 1 MiB row
   * groups (about 700 rows) of 1 MiB files. A row group's fixed cost is per column: each of 187
   * columns opens a page, a dictionary page and a zstd stream per row group, so 128 KiB row groups
   * (about 100 rows) spent 250 µs of CPU per row writing and 1,600 bytes per row on disk, 1 MiB
   * ones 90 µs and 1,205 bytes (TABLES.md, "gold.features_daily", {@code bench/parquet-writes.sh}).
   * A one-symbol year (about 250 rows) now reads one row group of 1 MiB instead of two or three of
   * 128 KiB.
   */
  CLUSTERED_FEATURES(1024L * 1024, 1024L * 1024, false);

  final long rowGroupBytes;
  final long fileBytes;

  /** Whether the leading sort column gets a Parquet bloom filter in every row group. */
  final boolean leadingBloomFilter;

  Layout(long rowGroupBytes, long fileBytes) {
    this(rowGroupBytes, fileBytes, false);
  }

  Layout(long rowGroupBytes, long fileBytes, boolean leadingBloomFilter) {
    this.rowGroupBytes = rowGroupBytes;
    this.fileBytes = fileBytes;
    this.leadingBloomFilter = leadingBloomFilter;
  }

  boolean clustered() {
    return this != ARRIVAL;
  }
}
