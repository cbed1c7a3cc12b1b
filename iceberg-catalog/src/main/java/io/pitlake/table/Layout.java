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
   * <p>Without dictionaries, and with a bloom filter on the leading sort column instead: in a row
   * group this small Parquet built a dictionary of every column and then fell back to plain for the
   * doubles, hashes and payloads (all distinct), which was a quarter to a third of the writers'
   * CPU; zstd packs the sorted symbols and instants as small without one. The symbol's dictionary
   * was also what let a reader drop a row group whose min/max straddle the symbol (the other
   * writer's file): the bloom filter, a few dozen bytes per row group, answers that now
   * (docs/performance.md, "Layout: files clustered by symbol").
   */
  CLUSTERED(64L * 1024, 256L * 1024, false, true),
  /**
   * {@link #CLUSTERED} for rows of a hundred and more columns (the feature library), in 1 MiB row
   * groups (about 700 rows) of 1 MiB files, without dictionaries. A row group's fixed cost is per
   * column: each of 187 columns opens a page, a dictionary page and a zstd stream per row group, so
   * 128 KiB row groups (about 100 rows) spent 250 µs of CPU per row writing and 1,600 bytes per row
   * on disk, 1 MiB ones 90 µs and 1,205 bytes; the doubles are nearly all distinct within a row
   * group, so dictionaries saved 0.4% of the bytes for a third of the writer's CPU (TABLES.md,
   * "gold.features_daily", {@code bench/parquet-writes.sh}). A one-symbol year (about 250 rows) now
   * reads one row group of 1 MiB instead of two or three of 128 KiB.
   */
  CLUSTERED_FEATURES(1024L * 1024, 1024L * 1024, false, false);

  final long rowGroupBytes;
  final long fileBytes;

  /** Whether Parquet may dictionary-encode columns ({@link PitlakeTables#PARQUET_DICTIONARY}). */
  final boolean dictionaries;

  /** Whether the leading sort column gets a Parquet bloom filter in every row group. */
  final boolean leadingBloomFilter;

  Layout(long rowGroupBytes, long fileBytes) {
    this(rowGroupBytes, fileBytes, true, false);
  }

  Layout(long rowGroupBytes, long fileBytes, boolean dictionaries, boolean leadingBloomFilter) {
    this.rowGroupBytes = rowGroupBytes;
    this.fileBytes = fileBytes;
    this.dictionaries = dictionaries;
    this.leadingBloomFilter = leadingBloomFilter;
  }

  boolean clustered() {
    return this != ARRIVAL;
  }
}
