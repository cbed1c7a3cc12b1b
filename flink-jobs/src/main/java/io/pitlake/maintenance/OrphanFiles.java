package io.pitlake.maintenance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionStatisticsFile;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StatisticsFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * The files under a table's location, and deleting those no snapshot references (orphans: files of
 * a failed or aborted write, a checkpoint's files never committed, metadata past Iceberg's log).
 *
 * <p>Only files under {@code data/} and {@code metadata/} of the table's location, older than the
 * orphan age, are candidates. Locations are compared with their scheme normalised ({@code file:/x},
 * {@code file:///x} and {@code /x} are one file; {@code s3a://} is {@code s3://}). As a guard
 * against a location written two ways this does not know, a candidate whose file name (a UUID in
 * every Iceberg writer's names) a referenced file also has stops the run instead of being deleted.
 */
final class OrphanFiles {

  /**
   * What an orphan sweep did.
   *
   * @param deleted orphan files deleted, and their bytes
   */
  record Result(int deleted, long bytes) {}

  private OrphanFiles() {}

  /** What is under the table's location, or empty when its FileIO cannot list. */
  static Optional<LakeMaintenance.Storage> storage(Table table) {
    return list(table)
        .map(
            all ->
                new LakeMaintenance.Storage(
                    all.size(), all.stream().mapToLong(FileInfo::size).sum()));
  }

  /** Deletes the orphans created before {@code olderThan}; empty when the FileIO cannot list. */
  static Optional<Result> delete(Table table, Instant olderThan) {
    table.refresh();
    Optional<List<FileInfo>> listed = list(table);
    if (listed.isEmpty()) {
      return Optional.empty();
    }
    Set<String> referenced = referenced(table);
    Map<String, String> referencedNames = new HashMap<>();
    for (String location : referenced) {
      referencedNames.put(name(location), location);
    }
    String root = normalize(table.location()).replaceAll("/+$", "") + "/";
    List<FileInfo> orphans = new ArrayList<>();
    for (FileInfo file : listed.get()) {
      String location = normalize(file.location());
      boolean candidate =
          (location.startsWith(root + "data/") || location.startsWith(root + "metadata/"))
              && file.createdAtMillis() < olderThan.toEpochMilli()
              && !referenced.contains(location);
      if (!candidate) {
        continue;
      }
      String same = referencedNames.get(name(location));
      if (same != null) {
        throw new IllegalStateException(
            String.format(
                "%s: %s is not referenced as written but %s is, a file of the same name: the two"
                    + " spellings of one location were not recognised, so no orphan is deleted",
                table.name(), file.location(), same));
      }
      orphans.add(file);
    }
    long bytes = 0;
    for (FileInfo orphan : orphans) {
      table.io().deleteFile(orphan.location());
      bytes += orphan.size();
    }
    return Optional.of(new Result(orphans.size(), bytes));
  }

  /**
   * Every file the table's metadata references: the metadata files of its log, and for every
   * snapshot (tagged ones included) its manifest list, manifests and their live data and delete
   * files, and the statistics files.
   */
  static Set<String> referenced(Table table) {
    Set<String> files = new HashSet<>();
    ReachableFileUtil.metadataFileLocations(table, false).forEach(f -> files.add(normalize(f)));
    files.add(normalize(ReachableFileUtil.versionHintLocation(table)));
    Set<String> manifests = new HashSet<>();
    for (Snapshot snapshot : table.snapshots()) {
      if (snapshot.manifestListLocation() != null) {
        files.add(normalize(snapshot.manifestListLocation()));
      }
      for (ManifestFile manifest : snapshot.allManifests(table.io())) {
        if (manifests.add(manifest.path())) {
          files.add(normalize(manifest.path()));
          contentFiles(table, manifest).forEach(f -> files.add(normalize(f)));
        }
      }
    }
    for (StatisticsFile stats : table.statisticsFiles()) {
      files.add(normalize(stats.path()));
    }
    for (PartitionStatisticsFile stats : table.partitionStatisticsFiles()) {
      files.add(normalize(stats.path()));
    }
    return files;
  }

  private static List<String> contentFiles(Table table, ManifestFile manifest) {
    List<String> paths = new ArrayList<>();
    if (manifest.content() == ManifestContent.DATA) {
      try (CloseableIterable<String> read =
          ManifestFiles.readPaths(manifest, table.io(), table.specs())) {
        read.forEach(paths::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read manifest " + manifest.path(), e);
      }
    } else {
      try (ManifestReader<DeleteFile> read =
          ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
        for (DeleteFile file : read) {
          paths.add(((ContentFile<?>) file).location());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read manifest " + manifest.path(), e);
      }
    }
    return paths;
  }

  private static Optional<List<FileInfo>> list(Table table) {
    if (!(table.io() instanceof SupportsPrefixOperations prefixes)) {
      return Optional.empty();
    }
    List<FileInfo> files = new ArrayList<>();
    String root = table.location().replaceAll("/+$", "") + "/";
    try {
      prefixes.listPrefix(root).forEach(files::add);
    } catch (UncheckedIOException e) {
      // A table whose directory does not exist (yet) holds nothing.
      if (!(e.getCause() instanceof java.io.FileNotFoundException)) {
        throw e;
      }
    }
    return Optional.of(files);
  }

  /** One spelling per location: {@code file:/x} for local paths, {@code s3://} for S3's. */
  static String normalize(String location) {
    int colon = location.indexOf(':');
    String scheme =
        colon > 1 && location.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")
            ? location.substring(0, colon).toLowerCase(Locale.ROOT)
            : "";
    String rest = scheme.isEmpty() ? location : location.substring(colon + 1);
    if (scheme.isEmpty() || scheme.equals("file")) {
      return "file:/" + rest.replaceFirst("^/+", "");
    }
    if (scheme.equals("s3a") || scheme.equals("s3n")) {
      scheme = "s3";
    }
    return scheme + ":" + rest;
  }

  private static String name(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }
}
