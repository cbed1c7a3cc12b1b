package io.pitlake.job.update;

import io.pitlake.job.ingest.VendorDataset.KeyKind;
import io.pitlake.job.progress.Figures;
import io.pitlake.source.rest.split.RestSplit;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;

/**
 * What an update fetches of one dataset: each key from its start to {@code to}, or nothing, and
 * why.
 *
 * @param to the last day asked for: {@code --to}, else the newest day the vendor published (for
 *     bars never one whose bars are not out)
 * @param starts the first day asked for, by key ({@link UpdatedDataset#ALL} for a dataset keyed by
 *     nothing)
 * @param newKeys how many of them the dataset holds nothing of yet: they start at its first day
 * @param upToDate keys left out because they hold every session published (bars)
 * @param quiet why nothing is fetched, or null
 */
public record DatasetUpdate(
    UpdatedDataset dataset,
    LocalDate to,
    Map<String, LocalDate> starts,
    int newKeys,
    int upToDate,
    @Nullable String quiet) {

  public DatasetUpdate {
    starts = Map.copyOf(starts);
  }

  /** Whether this update asks the vendor for anything. */
  public boolean fetches() {
    return quiet == null && !starts.isEmpty();
  }

  /** The first day asked for, over every key. */
  public LocalDate from() {
    return starts.values().stream().min(LocalDate::compareTo).orElse(to);
  }

  /** One line for the user: what is asked for, or why nothing is. */
  public String line() {
    if (!fetches()) {
      return String.format("%s: nothing new: %s", dataset.id(), quiet);
    }
    LocalDate last = starts.values().stream().max(LocalDate::compareTo).orElseThrow();
    String range = from().equals(last) ? "from " + from() : "from " + from() + ".." + last;
    StringBuilder line = new StringBuilder(dataset.id()).append(": ");
    if (dataset.keyKind() != KeyKind.NONE) {
      line.append(Figures.count(starts.size()))
          .append(' ')
          .append(dataset.keyKind() == KeyKind.CIK ? "CIK" : "symbol")
          .append(starts.size() == 1 ? "" : "s")
          .append(' ');
    }
    line.append(range).append(" to ").append(to);
    if (dataset.freshness().wholeHistory()) {
      line.append(" (whole history: the vendor sends it all)");
    } else if (!dataset.freshness().lookback().isZero()) {
      line.append(" (newest day less ")
          .append(dataset.freshness().lookback().getDays())
          .append(" days)");
    }
    if (newKeys > 0) {
      line.append(", ").append(Figures.count(newKeys)).append(" new to it");
    }
    if (upToDate > 0) {
      line.append(", ").append(Figures.count(upToDate)).append(" up to date");
    }
    return line.toString();
  }

  /**
   * The splits of a raw dataset: the keys that start on the same day together ({@link
   * io.pitlake.job.ingest.VendorDataset#splits}), the earliest start first.
   */
  List<RestSplit> splits(Configuration options) {
    Map<LocalDate, List<String>> byStart = new TreeMap<>();
    new TreeMap<>(starts)
        .forEach((key, start) -> byStart.computeIfAbsent(start, d -> new ArrayList<>()).add(key));
    List<RestSplit> splits = new ArrayList<>();
    byStart.forEach(
        (start, keys) ->
            splits.addAll(
                dataset
                    .raw()
                    .splits(
                        dataset.keyKind() == KeyKind.NONE ? List.of() : keys, start, to, options)));
    return splits;
  }
}
