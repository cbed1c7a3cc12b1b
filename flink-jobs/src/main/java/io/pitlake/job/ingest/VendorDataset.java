package io.pitlake.job.ingest;

import static io.pitlake.job.ingest.Freshness.Calendar.EDGAR_DAYS;
import static io.pitlake.job.ingest.Freshness.Calendar.EVERY_DAY;
import static io.pitlake.job.ingest.Freshness.Calendar.NYSE_SESSIONS;

import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.time.NyseCalendar;
import io.pitlake.vendor.MinuteBarAvailability;
import io.pitlake.vendor.alpaca.AlpacaBar;
import io.pitlake.vendor.alpaca.AlpacaBarsProtocol;
import io.pitlake.vendor.alpaca.AlpacaCorporateAction;
import io.pitlake.vendor.alpaca.AlpacaCorporateActionsProtocol;
import io.pitlake.vendor.alpaca.AlpacaNewsArticle;
import io.pitlake.vendor.alpaca.AlpacaNewsProtocol;
import io.pitlake.vendor.alpaca.AlpacaOptions;
import io.pitlake.vendor.alpaca.AlpacaTimeframe;
import io.pitlake.vendor.fmp.FmpOptions;
import io.pitlake.vendor.fmp.FmpStatement;
import io.pitlake.vendor.fmp.FmpStatementAvailability;
import io.pitlake.vendor.fmp.FmpStatementProtocol;
import io.pitlake.vendor.fmp.FmpStatementRow;
import io.pitlake.vendor.polygon.PolygonAdjustedDayBar;
import io.pitlake.vendor.polygon.PolygonDailyBarAvailability;
import io.pitlake.vendor.polygon.PolygonDataset;
import io.pitlake.vendor.polygon.PolygonDatasetProtocol;
import io.pitlake.vendor.polygon.PolygonDividend;
import io.pitlake.vendor.polygon.PolygonGroupedBar;
import io.pitlake.vendor.polygon.PolygonMinuteBar;
import io.pitlake.vendor.polygon.PolygonNewsArticle;
import io.pitlake.vendor.polygon.PolygonOptions;
import io.pitlake.vendor.polygon.PolygonSplit;
import io.pitlake.vendor.polygon.PolygonTickerDetails;
import io.pitlake.vendor.polygon.PolygonTickerEvent;
import io.pitlake.vendor.sec.SecCompanyFactsProtocol;
import io.pitlake.vendor.sec.SecCompanyTicker;
import io.pitlake.vendor.sec.SecCompanyTickersProtocol;
import io.pitlake.vendor.sec.SecFactVersion;
import io.pitlake.vendor.sec.SecFiling;
import io.pitlake.vendor.sec.SecFilingAvailability;
import io.pitlake.vendor.sec.SecOptions;
import io.pitlake.vendor.sec.SecSubmissionsProtocol;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The vendor datasets pitlake ingests into bronze as raw, versioned payloads ({@code pitlake
 * ingest}): for each, its table, its REST protocol, how its splits are cut, and how an element is
 * identified and stamped with {@code event_time} and {@code available_at}.
 *
 * <p>The identity decides what a revision is: two payloads with one key are two versions of one
 * thing. The availability rules are the vendor packages' own, documented in DESIGN.md ("Vendor
 * packages"); where a dataset's instant depends on another dataset (an SEC fact is known when its
 * filing was accepted), bronze takes the conservative rule of the element alone and silver refines
 * it with the join.
 *
 * <p>Bar datasets ({@link #bulk()}) cost a request per session (and symbol group), so {@code
 * --vendor} leaves them out: a user names them with {@code --datasets}.
 */
public enum VendorDataset {
  SEC_COMPANY_TICKERS("sec", "company_tickers", Freshness.documents(EDGAR_DAYS)),
  SEC_SUBMISSIONS("sec", "submissions", Freshness.documents(EDGAR_DAYS)),
  SEC_COMPANYFACTS("sec", "companyfacts", Freshness.documents(EDGAR_DAYS)),
  FMP_INCOME_STATEMENT("fmp", "income_statement", Freshness.documents(EVERY_DAY)),
  FMP_BALANCE_SHEET("fmp", "balance_sheet", Freshness.documents(EVERY_DAY)),
  FMP_CASH_FLOW("fmp", "cash_flow", Freshness.documents(EVERY_DAY)),
  /** Asked for by execution date: a month back catches actions the vendor adds or corrects late. */
  POLYGON_SPLITS("polygon", "splits", Freshness.events(30)),
  POLYGON_DIVIDENDS("polygon", "dividends", Freshness.events(30)),
  /** Asked for by publication day (UTC): three days cover late indexing and the time zones. */
  POLYGON_NEWS("polygon", "news", Freshness.events(3)),
  POLYGON_TICKER_EVENTS("polygon", "ticker_events", Freshness.history(EVERY_DAY, true)),
  /**
   * As of each month's last session: the newest as-of day is asked for again, then each month's.
   */
  POLYGON_TICKER_DETAILS("polygon", "ticker_details", Freshness.since(0, NYSE_SESSIONS)),
  ALPACA_CORPORATE_ACTIONS("alpaca", "corporate_actions", Freshness.events(30)),
  ALPACA_NEWS("alpaca", "news", Freshness.events(3)),
  POLYGON_GROUPED_DAILY("polygon", "grouped_daily", Freshness.since(10, NYSE_SESSIONS)),
  POLYGON_AGGS_MINUTE("polygon", "aggs_minute", Freshness.since(3, NYSE_SESSIONS)),
  ALPACA_BARS_DAY("alpaca", "bars_day", Freshness.since(10, NYSE_SESSIONS)),
  ALPACA_BARS_MINUTE("alpaca", "bars_minute", Freshness.since(3, NYSE_SESSIONS)),
  /**
   * Polygon's own split-adjusted daily bars ({@code adjusted=true}), fetched only to check
   * pitlake's adjustment against the vendor's ({@code gold.price_dq}); never a price input. Every
   * split re-adjusts the whole history, so an update asks for all of it (one request a symbol).
   */
  POLYGON_AGGS_DAY_ADJUSTED(
      "polygon", "aggs_day_adjusted", Freshness.history(NYSE_SESSIONS, false));

  /** Alpaca daily bars per split: a year of every symbol of a group fits a few pages. */
  private static final Period ALPACA_DAY_CHUNK = Period.ofYears(1);

  /** Alpaca minute bars per split: one session, the unit retried or quarantined alone. */
  private static final Period ALPACA_MINUTE_CHUNK = Period.ofDays(1);

  /** What a dataset's splits are keyed by, and the CLI flag that lists them. */
  public enum KeyKind {
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
  public record Identity(String key, @Nullable Instant eventTime, Instant availableAt) {}

  private final String vendor;
  private final String dataset;
  private final Freshness freshness;

  VendorDataset(String vendor, String dataset, Freshness freshness) {
    this.vendor = vendor;
    this.dataset = dataset;
    this.freshness = freshness;
  }

  public String vendor() {
    return vendor;
  }

  /** {@code vendor.dataset}, as users name it ({@code --datasets sec.companyfacts}). */
  public String id() {
    return vendor + "." + dataset;
  }

  public TableSpec table() {
    return PitlakeTables.rawBronze(vendor, dataset);
  }

  /** How {@code pitlake update} finds what is new: high-water column, lookback, calendar. */
  public Freshness freshness() {
    return freshness;
  }

  /**
   * The dataset named {@code id} ({@code sec.companyfacts}).
   *
   * @throws IllegalArgumentException naming the choices
   */
  public static VendorDataset of(String id) {
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
  public static List<VendorDataset> ofVendor(String vendor) {
    String wanted = vendor.strip().toLowerCase(Locale.ROOT);
    List<VendorDataset> datasets =
        Arrays.stream(values()).filter(d -> d.vendor.equals(wanted) && !d.bulk()).toList();
    if (datasets.isEmpty()) {
      throw new IllegalArgumentException(
          String.format(
              "'%s' is not a vendor: use one of %s",
              vendor,
              Arrays.stream(values())
                  .map(VendorDataset::vendor)
                  .distinct()
                  .collect(Collectors.joining(", "))));
    }
    return datasets;
  }

  /** Every dataset id, comma-separated, for messages. */
  public static String ids() {
    return Arrays.stream(values()).map(VendorDataset::id).collect(Collectors.joining(", "));
  }

  /**
   * Whether its requests or rows grow with the sessions of the range: bars, fetched per session or
   * per symbol group and period, and adjusted bars, of which every later split makes a new version
   * of each earlier session. {@code --vendor} does not select these.
   */
  public boolean bulk() {
    return switch (this) {
      case POLYGON_GROUPED_DAILY,
          POLYGON_AGGS_MINUTE,
          ALPACA_BARS_DAY,
          ALPACA_BARS_MINUTE,
          POLYGON_AGGS_DAY_ADJUSTED ->
          true;
      default -> false;
    };
  }

  public KeyKind keyKind() {
    return switch (this) {
      case SEC_COMPANY_TICKERS, POLYGON_GROUPED_DAILY -> KeyKind.NONE;
      case SEC_SUBMISSIONS, SEC_COMPANYFACTS -> KeyKind.CIK;
      default -> KeyKind.TICKER;
    };
  }

  /** The option that holds the base URL this dataset's requests go to. */
  public ConfigOption<String> baseUrlOption() {
    return switch (vendor) {
      case "sec" -> this == SEC_COMPANY_TICKERS ? SecOptions.FILES_BASE_URL : SecOptions.BASE_URL;
      case "fmp" -> FmpOptions.BASE_URL;
      case "polygon" -> PolygonOptions.BASE_URL;
      case "alpaca" -> AlpacaOptions.BASE_URL;
      default -> throw new IllegalStateException("no base URL option for " + id());
    };
  }

  /** The dataset's protocol, configured by the vendor's options. */
  public PageProtocol protocol(Configuration options) {
    return switch (this) {
      case SEC_COMPANY_TICKERS -> new SecCompanyTickersProtocol(SecOptions.userAgent(options));
      case SEC_SUBMISSIONS -> new SecSubmissionsProtocol(SecOptions.userAgent(options));
      case SEC_COMPANYFACTS -> new SecCompanyFactsProtocol(SecOptions.userAgent(options));
      case FMP_INCOME_STATEMENT -> fmp(FmpStatement.INCOME, options);
      case FMP_BALANCE_SHEET -> fmp(FmpStatement.BALANCE_SHEET, options);
      case FMP_CASH_FLOW -> fmp(FmpStatement.CASH_FLOW, options);
      case POLYGON_SPLITS -> polygon(PolygonDataset.SPLITS, options);
      case POLYGON_DIVIDENDS -> polygon(PolygonDataset.DIVIDENDS, options);
      case POLYGON_NEWS -> polygon(PolygonDataset.NEWS, options);
      case POLYGON_TICKER_EVENTS -> polygon(PolygonDataset.TICKER_EVENTS, options);
      case POLYGON_TICKER_DETAILS -> polygon(PolygonDataset.TICKER_DETAILS, options);
      case POLYGON_GROUPED_DAILY -> polygon(PolygonDataset.GROUPED_DAILY, options);
      case POLYGON_AGGS_MINUTE -> aggregates(PolygonDataset.MINUTE_AGGS, options);
      case POLYGON_AGGS_DAY_ADJUSTED -> aggregates(PolygonDataset.DAY_AGGS_ADJUSTED, options);
      case ALPACA_BARS_DAY -> alpacaBars(AlpacaTimeframe.DAY, options);
      case ALPACA_BARS_MINUTE -> alpacaBars(AlpacaTimeframe.MINUTE, options);
      case ALPACA_CORPORATE_ACTIONS ->
          new AlpacaCorporateActionsProtocol(
              options.get(AlpacaOptions.CORPORATE_ACTIONS_PAGE_SIZE));
      case ALPACA_NEWS -> new AlpacaNewsProtocol(options.get(AlpacaOptions.NEWS_PAGE_SIZE));
    };
  }

  /**
   * The splits of a run over {@code keys} and {@code [from, to]}. Bars: one per session (grouped
   * daily), per ticker and session (Polygon minute bars), or per symbol group and period (Alpaca,
   * {@link AlpacaOptions#SYMBOLS_PER_REQUEST} symbols a request). Ticker details: one per ticker
   * and month, as of the month's last session in the range, so a security's name, listing and
   * identifiers are known month by month. Everything else, Polygon's adjusted daily bars included
   * (a page holds 50,000 sessions): one per key (a CIK or a ticker: these vendors serve a key's
   * whole history in one document, so the dates are not sent), or one split for the company tickers
   * file.
   */
  public List<RestSplit> splits(
      List<String> keys, LocalDate from, LocalDate to, Configuration options) {
    switch (this) {
      case POLYGON_GROUPED_DAILY:
        return PolygonDatasetProtocol.groupedDailySplits(from, to);
      case POLYGON_AGGS_MINUTE:
        return PolygonDatasetProtocol.minuteSplits(keys, from, to);
      case ALPACA_BARS_DAY:
        return AlpacaBarsProtocol.splits(
            keys, options.get(AlpacaOptions.SYMBOLS_PER_REQUEST), from, to, ALPACA_DAY_CHUNK);
      case ALPACA_BARS_MINUTE:
        return AlpacaBarsProtocol.splits(
            keys, options.get(AlpacaOptions.SYMBOLS_PER_REQUEST), from, to, ALPACA_MINUTE_CHUNK);
      case POLYGON_TICKER_DETAILS:
        return monthEndSplits(keys, from, to);
      default:
        break;
    }
    if (keyKind() == KeyKind.NONE) {
      return List.of(RestSplit.of("all", from, to));
    }
    List<RestSplit> splits = new ArrayList<>();
    for (String key : keys) {
      splits.add(RestSplit.of(key, from, to));
    }
    return splits;
  }

  /** One split per ticker and month: the month's last session in {@code [from, to]}. */
  private static List<RestSplit> monthEndSplits(List<String> keys, LocalDate from, LocalDate to) {
    Map<YearMonth, LocalDate> lastSession = new TreeMap<>();
    for (LocalDate session : NyseCalendar.instance().sessions(from, to)) {
      lastSession.put(YearMonth.from(session), session);
    }
    List<RestSplit> splits = new ArrayList<>();
    for (LocalDate session : lastSession.values()) {
      for (String key : keys) {
        splits.add(RestSplit.of(key, session, session));
      }
    }
    return splits;
  }

  /**
   * Identifies and stamps one element.
   *
   * @param splitKey the key of the split that fetched it (a minute bar does not name its ticker)
   * @param splitFrom the split's first day (the session a grouped page or ticker details are of)
   * @param ingestedAt when it was fetched: the availability of data that carries no time of its own
   * @throws IllegalArgumentException naming the field, when the element is not one of this dataset
   */
  public Identity identify(
      String payload,
      String splitKey,
      LocalDate splitFrom,
      Instant ingestedAt,
      AvailabilityRules rules) {
    return switch (this) {
      case SEC_COMPANY_TICKERS -> {
        SecCompanyTicker t = SecCompanyTicker.parse(payload);
        // A snapshot of today's tickers: known when fetched, describing nothing earlier.
        yield new Identity(Long.toString(t.cik()), null, ingestedAt);
      }
      case SEC_SUBMISSIONS -> {
        SecFiling f = SecFiling.parse(payload);
        Instant available = f.availableAt(rules.sec());
        yield new Identity(f.accessionNumber(), available, available);
      }
      case SEC_COMPANYFACTS -> {
        SecFactVersion v = SecFactVersion.parse(payload);
        String key =
            String.join(
                "|",
                Long.toString(v.cik()),
                v.taxonomy(),
                v.concept(),
                v.unit(),
                String.valueOf(v.start()),
                v.end().toString(),
                v.accn());
        // The filing's acceptance is in submissions; alone, a fact is surely known at the open
        // after its filing date (silver joins the acceptance instant).
        yield new Identity(
            key,
            v.end().atStartOfDay(NyseCalendar.ZONE).toInstant(),
            rules.sec().availableAt(v.filed(), null));
      }
      case FMP_INCOME_STATEMENT, FMP_BALANCE_SHEET, FMP_CASH_FLOW -> {
        FmpStatementRow r = FmpStatementRow.parse(payload);
        yield new Identity(
            String.join("|", r.symbol(), r.date().toString(), r.period()),
            r.date().atStartOfDay(NyseCalendar.ZONE).toInstant(),
            r.availableAt(rules.fmp()));
      }
      case POLYGON_SPLITS -> {
        PolygonSplit split = PolygonSplit.parse(payload);
        yield new Identity(
            split.id() != null ? split.id() : split.ticker() + "|" + split.executionDate(),
            split.eventTime(),
            split.availableAt());
      }
      case POLYGON_DIVIDENDS -> {
        PolygonDividend dividend = PolygonDividend.parse(payload);
        yield new Identity(
            dividend.id() != null
                ? dividend.id()
                : dividend.ticker() + "|" + dividend.exDividendDate() + "|" + dividend.cashAmount(),
            dividend.eventTime(),
            dividend.availableAt());
      }
      case POLYGON_NEWS -> {
        PolygonNewsArticle article = PolygonNewsArticle.parse(payload);
        yield new Identity(article.id(), article.eventTime(), article.availableAt());
      }
      case POLYGON_TICKER_EVENTS -> {
        PolygonTickerEvent event = PolygonTickerEvent.parse(payload);
        String company =
            event.compositeFigi() != null
                ? event.compositeFigi()
                : event.cik() != null ? event.cik() : String.valueOf(event.name());
        yield new Identity(
            String.join("|", company, event.type(), event.date().toString()),
            event.eventTime(),
            event.availableAt());
      }
      case POLYGON_TICKER_DETAILS -> {
        PolygonTickerDetails details = PolygonTickerDetails.parse(payload, splitFrom);
        yield new Identity(
            details.ticker() + "|" + details.asOf(), details.eventTime(), details.availableAt());
      }
      case POLYGON_GROUPED_DAILY -> {
        PolygonGroupedBar bar = PolygonGroupedBar.parse(payload, splitFrom);
        yield barIdentity(bar.symbol(), bar.eventTime(), bar.availableAt(rules.polygonDay()));
      }
      case POLYGON_AGGS_MINUTE -> {
        PolygonMinuteBar bar = PolygonMinuteBar.parse(payload, splitKey);
        yield barIdentity(bar.symbol(), bar.eventTime(), bar.availableAt(rules.polygonMinute()));
      }
      case ALPACA_BARS_DAY -> {
        AlpacaBar bar = AlpacaBar.parse(payload);
        yield barIdentity(
            bar.symbol(),
            bar.eventTime(),
            bar.availableAt(AlpacaTimeframe.DAY, rules.alpacaDayDelay()));
      }
      case ALPACA_BARS_MINUTE -> {
        AlpacaBar bar = AlpacaBar.parse(payload);
        yield barIdentity(
            bar.symbol(),
            bar.eventTime(),
            bar.availableAt(AlpacaTimeframe.MINUTE, rules.alpacaMinuteDelay()));
      }
      case POLYGON_AGGS_DAY_ADJUSTED -> {
        PolygonAdjustedDayBar bar = PolygonAdjustedDayBar.parse(payload, splitKey);
        yield barIdentity(
            bar.symbol(), bar.eventTime(), bar.availableAt(rules.polygonDay(), ingestedAt));
      }
      case ALPACA_CORPORATE_ACTIONS -> {
        AlpacaCorporateAction action = AlpacaCorporateAction.parse(payload);
        yield new Identity(action.id(), action.eventTime(), action.availableAt());
      }
      case ALPACA_NEWS -> {
        AlpacaNewsArticle article = AlpacaNewsArticle.parse(payload);
        yield new Identity(Long.toString(article.id()), article.eventTime(), article.availableAt());
      }
    };
  }

  /**
   * A bar's identity: {@code SYMBOL|start}, the vendor's symbol and the instant its window starts
   * (ISO-8601), so silver reads the symbol back from the key even where the payload omits it.
   */
  private static Identity barIdentity(String symbol, Instant start, Instant availableAt) {
    return new Identity(symbol + "|" + start, start, availableAt);
  }

  private static PageProtocol alpacaBars(AlpacaTimeframe timeframe, Configuration options) {
    return new AlpacaBarsProtocol(
        timeframe,
        options.get(AlpacaOptions.FEED),
        options.get(AlpacaOptions.ADJUSTMENT),
        options.get(AlpacaOptions.BARS_PAGE_SIZE));
  }

  /** Polygon bars, paged by {@link PolygonOptions#PAGE_SIZE} like the daily aggregates. */
  private static PageProtocol aggregates(PolygonDataset dataset, Configuration options) {
    return new PolygonDatasetProtocol(
        dataset, options.get(PolygonOptions.PAGE_SIZE), AuthStyle.bearerHeader());
  }

  private static PageProtocol polygon(PolygonDataset dataset, Configuration options) {
    return new PolygonDatasetProtocol(
        dataset, options.get(PolygonOptions.REFERENCE_PAGE_SIZE), AuthStyle.bearerHeader());
  }

  private static PageProtocol fmp(FmpStatement statement, Configuration options) {
    return new FmpStatementProtocol(
        statement,
        options.get(FmpOptions.STATEMENT_PERIOD),
        options.get(FmpOptions.STATEMENT_LIMIT));
  }

  /** The availability rules of the raw datasets, from their vendors' options. */
  public record AvailabilityRules(
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
