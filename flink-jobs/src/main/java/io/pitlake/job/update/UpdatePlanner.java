package io.pitlake.job.update;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.job.ingest.Freshness;
import io.pitlake.job.ingest.VendorDataset.KeyKind;
import io.pitlake.job.update.HighWaterMarks.Mark;
import io.pitlake.time.NyseCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.catalog.Catalog;

/**
 * Decides what {@code pitlake update} fetches of each dataset from the lake alone: each key's
 * high-water mark ({@link HighWaterMarks}), the dataset's lookback and its vendor's calendar
 * ({@link Freshness}).
 *
 * <p>A key is asked for from its newest day less the lookback (or, where every answer is the whole
 * history, from its first day) to {@code to}. The keys are {@code --symbols} or {@code --ciks} when
 * given; otherwise the keys the dataset holds, and for a {@link Freshness#sparse} one (splits,
 * news) every key of its kind the lake holds, so that a first split or article is asked for too. A
 * key new to a dataset starts at the dataset's first day in the lake.
 */
public final class UpdatePlanner {

  /**
   * What an update is asked to do.
   *
   * @param datasets the datasets to update, whether the lake holds them or not; with {@code
   *     vendors} empty, every dataset that has rows in the lake
   * @param vendors the vendors whose datasets in the lake to update, besides {@code datasets}
   * @param symbols the tickers of the ticker-keyed datasets; empty for the lake's
   * @param ciks the CIKs of the CIK-keyed datasets; empty for the lake's
   * @param to the last day to ask for; null for the newest each vendor published
   * @param now the instant the run is at (what is published by then)
   */
  public record Request(
      List<UpdatedDataset> datasets,
      List<String> vendors,
      List<String> symbols,
      List<String> ciks,
      @Nullable LocalDate to,
      Instant now) {

    public Request {
      datasets = List.copyOf(datasets);
      vendors = List.copyOf(vendors);
      symbols = List.copyOf(symbols);
      ciks = List.copyOf(ciks);
    }
  }

  private final Catalog catalog;
  private final Configuration options;
  private final Map<UpdatedDataset, Map<String, Mark>> marks = new HashMap<>();

  /**
   * @param options the vendors' options (the bars' publication delay)
   */
  public UpdatePlanner(Catalog catalog, Configuration options) {
    this.catalog = catalog;
    this.options = options;
  }

  /** One update per dataset asked for, in declaration order. */
  public List<DatasetUpdate> plan(Request request) {
    Set<String> named =
        request.datasets().stream().map(UpdatedDataset::id).collect(Collectors.toSet());
    boolean all = named.isEmpty() && request.vendors().isEmpty();
    List<UpdatedDataset> datasets = new ArrayList<>();
    for (UpdatedDataset dataset : UpdatedDataset.all()) {
      boolean held = all || request.vendors().contains(dataset.vendor());
      if (named.contains(dataset.id()) || (held && !marks(dataset).isEmpty())) {
        datasets.add(dataset);
      }
    }
    List<DatasetUpdate> updates = new ArrayList<>();
    for (UpdatedDataset dataset : datasets) {
      updates.add(plan(dataset, request));
    }
    return updates;
  }

  private DatasetUpdate plan(UpdatedDataset dataset, Request request) {
    Freshness freshness = dataset.freshness();
    Freshness.Calendar calendar = freshness.calendar();
    LocalDate asked =
        request.to() != null ? request.to() : LocalDate.ofInstant(request.now(), NyseCalendar.ZONE);
    LocalDate latest = calendar.latest(request.now(), options);
    LocalDate to = calendar.perKey() && latest.isBefore(asked) ? latest : asked;
    Map<String, Mark> own = marks(dataset);
    if (own.isEmpty()) {
      return new DatasetUpdate(
          dataset,
          to,
          Map.of(),
          0,
          0,
          "the lake holds none of it: fetch it first (pitlake backfill or pitlake ingest)");
    }
    LocalDate first =
        own.values().stream().map(Mark::first).min(LocalDate::compareTo).orElseThrow();
    LocalDate newest =
        own.values().stream().map(Mark::newest).max(LocalDate::compareTo).orElseThrow();
    if (!calendar.perKey()) {
      Optional<String> quiet = calendar.quiet(newest, to, asked, options);
      if (quiet.isPresent()) {
        return new DatasetUpdate(dataset, to, Map.of(), 0, 0, quiet.get());
      }
    }
    Map<String, LocalDate> starts = new TreeMap<>();
    int newKeys = 0;
    int upToDate = 0;
    // Where anything new would start when every key is up to date: the oldest of their marks.
    LocalDate oldest = newest;
    for (String key : keys(dataset, request)) {
      Mark mark = own.get(key);
      LocalDate start;
      if (mark == null) {
        start = first;
        newKeys++;
      } else if (calendar.perKey()
          && calendar.quiet(mark.newest(), to, asked, options).isPresent()) {
        upToDate++;
        oldest = mark.newest().isBefore(oldest) ? mark.newest() : oldest;
        continue;
      } else {
        start = freshness.wholeHistory() ? mark.first() : mark.newest().minus(freshness.lookback());
      }
      starts.put(key, clamp(start, to));
    }
    String quiet =
        starts.isEmpty()
            ? calendar.quiet(oldest, to, asked, options).orElse("no key to ask for")
            : null;
    return new DatasetUpdate(dataset, to, starts, newKeys, upToDate, quiet);
  }

  /** The keys to ask for; see the class comment. */
  private List<String> keys(UpdatedDataset dataset, Request request) {
    if (dataset.keyKind() == KeyKind.NONE) {
      return List.of(UpdatedDataset.ALL);
    }
    List<String> named = dataset.keyKind() == KeyKind.CIK ? request.ciks() : request.symbols();
    if (!named.isEmpty()) {
      return named;
    }
    TreeSet<String> keys = new TreeSet<>(marks(dataset).keySet());
    if (dataset.freshness().sparse()) {
      for (UpdatedDataset other : UpdatedDataset.all()) {
        if (other.keyKind() == dataset.keyKind()) {
          keys.addAll(marks(other).keySet());
        }
      }
    }
    return List.copyOf(keys);
  }

  private Map<String, Mark> marks(UpdatedDataset dataset) {
    return marks.computeIfAbsent(dataset, d -> HighWaterMarks.read(catalog, d));
  }

  private static LocalDate clamp(LocalDate start, LocalDate to) {
    checkArgument(!to.isBefore(NyseCalendar.FIRST_SUPPORTED_DATE), "--to %s is too early", to);
    if (start.isBefore(NyseCalendar.FIRST_SUPPORTED_DATE)) {
      return NyseCalendar.FIRST_SUPPORTED_DATE;
    }
    return start.isAfter(to) ? to : start;
  }
}
