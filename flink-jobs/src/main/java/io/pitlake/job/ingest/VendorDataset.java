package io.pitlake.job.ingest;

import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.vendor.MinuteBarAvailability;
import io.pitlake.vendor.VendorModule;
import io.pitlake.vendor.alpaca.AlpacaDatasets;
import io.pitlake.vendor.alpaca.AlpacaOptions;
import io.pitlake.vendor.fmp.FmpDatasets;
import io.pitlake.vendor.fmp.FmpOptions;
import io.pitlake.vendor.fmp.FmpStatementAvailability;
import io.pitlake.vendor.polygon.PolygonDailyBarAvailability;
import io.pitlake.vendor.polygon.PolygonDatasets;
import io.pitlake.vendor.polygon.PolygonOptions;
import io.pitlake.vendor.sec.SecDatasets;
import io.pitlake.vendor.sec.SecFilingAvailability;
import io.pitlake.vendor.sec.SecOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * A vendor dataset pitlake ingests into bronze as raw, versioned payloads ({@code pitlake ingest}):
 * its table, its REST protocol, how its splits are cut, and how an element is identified and
 * stamped with {@code event_time} and {@code available_at}.
 *
 * <p>Each vendor declares its datasets in its own module ({@code vendor/<name>/}, an enum
 * implementing this interface, listed by its {@link VendorModule}); the statics here only read that
 * registry, so adding a dataset touches its vendor's module (and its table's declaration and SQL)
 * and nothing else.
 *
 * <p>The identity decides what a revision is: two payloads with one key are two versions of one
 * thing. The availability rules are the vendor packages' own, documented in docs/vendors.md
 * ("Vendor packages"); where a dataset's instant depends on another dataset (an SEC fact is known
 * when its filing was accepted), bronze takes the conservative rule of the element alone and silver
 * refines it with the join.
 *
 * <p>Bar datasets ({@link #bulk()}) cost a request per session (and symbol group), so {@code
 * --vendor} leaves them out: a user names them with {@code --datasets}.
 */
public interface VendorDataset {

  // The datasets pitlake's code and tests name; a new dataset needs no line here. (No default
  // methods in this interface: a vendor's enum initialized first would otherwise initialize these
  // fields while its own constants are still null.)
  VendorDataset SEC_COMPANY_TICKERS = SecDatasets.COMPANY_TICKERS;
  VendorDataset SEC_SUBMISSIONS = SecDatasets.SUBMISSIONS;
  VendorDataset SEC_COMPANYFACTS = SecDatasets.COMPANYFACTS;
  VendorDataset FMP_INCOME_STATEMENT = FmpDatasets.INCOME_STATEMENT;
  VendorDataset FMP_BALANCE_SHEET = FmpDatasets.BALANCE_SHEET;
  VendorDataset FMP_CASH_FLOW = FmpDatasets.CASH_FLOW;
  VendorDataset POLYGON_SPLITS = PolygonDatasets.SPLITS;
  VendorDataset POLYGON_DIVIDENDS = PolygonDatasets.DIVIDENDS;
  VendorDataset POLYGON_NEWS = PolygonDatasets.NEWS;
  VendorDataset POLYGON_TICKER_EVENTS = PolygonDatasets.TICKER_EVENTS;
  VendorDataset POLYGON_TICKER_DETAILS = PolygonDatasets.TICKER_DETAILS;
  VendorDataset POLYGON_GROUPED_DAILY = PolygonDatasets.GROUPED_DAILY;
  VendorDataset POLYGON_AGGS_MINUTE = PolygonDatasets.AGGS_MINUTE;
  VendorDataset POLYGON_AGGS_DAY = PolygonDatasets.AGGS_DAY;
  VendorDataset POLYGON_AGGS_DAY_ADJUSTED = PolygonDatasets.AGGS_DAY_ADJUSTED;
  VendorDataset ALPACA_CORPORATE_ACTIONS = AlpacaDatasets.CORPORATE_ACTIONS;
  VendorDataset ALPACA_NEWS = AlpacaDatasets.NEWS;
  VendorDataset ALPACA_BARS_DAY = AlpacaDatasets.BARS_DAY;
  VendorDataset ALPACA_BARS_MINUTE = AlpacaDatasets.BARS_MINUTE;

  /** What a dataset's splits are keyed by, and the CLI flag that lists them. */
  enum KeyKind {
    CIK("--ciks"),
    TICKER("--symbols"),
    NONE("nothing");

    private final String flag;

    KeyKind(String flag) {
      this.flag = flag;
    }

    public String flag() {
      return flag;
    }
  }

  /**
   * What an element says about itself.
   *
   * @param key the dataset's key of the thing observed
   * @param eventTime the instant or start it describes, if any
   * @param availableAt when it became knowable by the dataset's rule
   */
  record Identity(String key, @Nullable Instant eventTime, Instant availableAt) {

    /**
     * A bar's identity: {@code SYMBOL|start}, the vendor's symbol and the instant its window starts
     * (ISO-8601), so silver reads the symbol back from the key even where the payload omits it.
     */
    public static Identity ofBar(String symbol, Instant start, Instant availableAt) {
      return new Identity(symbol + "|" + start, start, availableAt);
    }
  }

  /** The vendor's name ({@code sec}), as its module declares it. */
  String vendor();

  /** The dataset's name within its vendor ({@code companyfacts}). */
  String dataset();

  /** {@code vendor.dataset}, as users name it ({@code --datasets sec.companyfacts}). */
  String id();

  /**
   * Its bronze table: raw, {@code bronze.<vendor>_<dataset>} ({@link #rawTable}), or the typed
   * table of a typed {@link #bronze()} form.
   */
  TableSpec table();

  /** How {@code pitlake update} finds what is new: high-water column, lookback, calendar. */
  Freshness freshness();

  /**
   * Whether its requests or rows grow with the sessions of the range: bars, fetched per session or
   * per symbol group and period, and adjusted bars, of which every later split makes a new version
   * of each earlier session. {@code --vendor} does not select these.
   */
  boolean bulk();

  KeyKind keyKind();

  /** The option that holds the base URL this dataset's requests go to. */
  ConfigOption<String> baseUrlOption();

  /**
   * What its bronze rows are ({@link BronzeForm}): {@link BronzeForm#raw()} for the payload as it
   * came, or a typed form of the vendor module's own.
   */
  BronzeForm<?> bronze();

  /** The dataset's protocol, configured by the vendor's options. */
  PageProtocol protocol(Configuration options);

  /**
   * The splits of a run over {@code keys} and {@code [from, to]}: most datasets take {@link
   * #splitPerKey}; bar datasets cut their own.
   */
  List<RestSplit> splits(List<String> keys, LocalDate from, LocalDate to, Configuration options);

  /**
   * Identifies and stamps one element.
   *
   * @param splitKey the key of the split that fetched it (a minute bar does not name its ticker)
   * @param splitFrom the split's first day (the session a grouped page or ticker details are of)
   * @param ingestedAt when it was fetched: the availability of data that carries no time of its own
   * @throws IllegalArgumentException naming the field, when the element is not one of this dataset
   */
  Identity identify(
      String payload,
      String splitKey,
      LocalDate splitFrom,
      Instant ingestedAt,
      AvailabilityRules rules);

  /** {@code vendor.dataset}, as users name a dataset ({@code --datasets sec.companyfacts}). */
  static String idOf(String vendor, String dataset) {
    return vendor + "." + dataset;
  }

  /** A dataset's raw bronze table, {@code bronze.<vendor>_<dataset>}. */
  static TableSpec rawTable(String vendor, String dataset) {
    return PitlakeTables.rawBronze(vendor, dataset);
  }

  /**
   * One split per key (a CIK or a ticker: these vendors serve a key's whole history in one
   * document, so the dates are not sent), or one split for a dataset with no key.
   */
  static List<RestSplit> splitPerKey(
      KeyKind keyKind, List<String> keys, LocalDate from, LocalDate to) {
    if (keyKind == KeyKind.NONE) {
      return List.of(RestSplit.of("all", from, to));
    }
    List<RestSplit> splits = new ArrayList<>();
    for (String key : keys) {
      splits.add(RestSplit.of(key, from, to));
    }
    return splits;
  }

  /**
   * Every dataset: each vendor's own ones, then each vendor's {@link #bulk()} ones, vendors in
   * {@link VendorModule#all()} order.
   */
  static VendorDataset[] values() {
    List<VendorDataset> all = new ArrayList<>();
    for (boolean bulk : new boolean[] {false, true}) {
      for (VendorModule vendor : VendorModule.all()) {
        vendor.datasets().stream().filter(d -> d.bulk() == bulk).forEach(all::add);
      }
    }
    return all.toArray(VendorDataset[]::new);
  }

  /**
   * The dataset named {@code id} ({@code sec.companyfacts}).
   *
   * @throws IllegalArgumentException naming the choices
   */
  static VendorDataset of(String id) {
    for (VendorDataset d : values()) {
      if (d.id().equals(id.strip().toLowerCase(Locale.ROOT))) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        String.format("'%s' is not a dataset: use one of %s", id, ids()));
  }

  /**
   * Every dataset of {@code vendor} but the {@link #bulk()} ones, in declaration order.
   *
   * @throws IllegalArgumentException if no dataset has that vendor, naming the vendors there are
   */
  static List<VendorDataset> ofVendor(String vendor) {
    String wanted = vendor.strip().toLowerCase(Locale.ROOT);
    List<VendorDataset> datasets =
        Arrays.stream(values()).filter(d -> d.vendor().equals(wanted) && !d.bulk()).toList();
    if (datasets.isEmpty()) {
      throw new IllegalArgumentException(
          String.format(
              "'%s' is not a vendor: use one of %s",
              vendor,
              VendorModule.all().stream()
                  .map(VendorModule::name)
                  .collect(Collectors.joining(", "))));
    }
    return datasets;
  }

  /** Every dataset id, comma-separated, for messages. */
  static String ids() {
    return Arrays.stream(values()).map(VendorDataset::id).collect(Collectors.joining(", "));
  }

  /** The availability rules of the raw datasets, from their vendors' options. */
  record AvailabilityRules(
      SecFilingAvailability sec,
      FmpStatementAvailability fmp,
      PolygonDailyBarAvailability polygonDay,
      MinuteBarAvailability polygonMinute,
      Duration alpacaDayDelay,
      Duration alpacaMinuteDelay)
      implements java.io.Serializable {

    public static AvailabilityRules of(Configuration options) {
      return new AvailabilityRules(
          new SecFilingAvailability(options.get(SecOptions.PUBLICATION_DELAY)),
          new FmpStatementAvailability(options.get(FmpOptions.PUBLICATION_DELAY)),
          new PolygonDailyBarAvailability(options.get(PolygonOptions.PUBLICATION_DELAY)),
          new MinuteBarAvailability(options.get(PolygonOptions.MINUTE_PUBLICATION_DELAY)),
          options.get(AlpacaOptions.DAY_PUBLICATION_DELAY),
          options.get(AlpacaOptions.MINUTE_PUBLICATION_DELAY));
    }
  }
}
