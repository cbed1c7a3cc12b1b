package io.pitlake.job.ingest;

import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.time.NyseCalendar;
import io.pitlake.vendor.alpaca.AlpacaCorporateAction;
import io.pitlake.vendor.alpaca.AlpacaCorporateActionsProtocol;
import io.pitlake.vendor.alpaca.AlpacaNewsArticle;
import io.pitlake.vendor.alpaca.AlpacaNewsProtocol;
import io.pitlake.vendor.alpaca.AlpacaOptions;
import io.pitlake.vendor.fmp.FmpOptions;
import io.pitlake.vendor.fmp.FmpStatement;
import io.pitlake.vendor.fmp.FmpStatementAvailability;
import io.pitlake.vendor.fmp.FmpStatementProtocol;
import io.pitlake.vendor.fmp.FmpStatementRow;
import io.pitlake.vendor.polygon.PolygonDataset;
import io.pitlake.vendor.polygon.PolygonDatasetProtocol;
import io.pitlake.vendor.polygon.PolygonDividend;
import io.pitlake.vendor.polygon.PolygonNewsArticle;
import io.pitlake.vendor.polygon.PolygonOptions;
import io.pitlake.vendor.polygon.PolygonSplit;
import io.pitlake.vendor.polygon.PolygonTickerEvent;
import io.pitlake.vendor.sec.SecCompanyFactsProtocol;
import io.pitlake.vendor.sec.SecCompanyTicker;
import io.pitlake.vendor.sec.SecCompanyTickersProtocol;
import io.pitlake.vendor.sec.SecFactVersion;
import io.pitlake.vendor.sec.SecFiling;
import io.pitlake.vendor.sec.SecFilingAvailability;
import io.pitlake.vendor.sec.SecOptions;
import io.pitlake.vendor.sec.SecSubmissionsProtocol;
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
 * The vendor datasets pitlake ingests into bronze as raw, versioned payloads ({@code pitlake
 * ingest}): for each, its table, its REST protocol, how its splits are cut, and how an element is
 * identified and stamped with {@code event_time} and {@code available_at}.
 *
 * <p>The identity decides what a revision is: two payloads with one key are two versions of one
 * thing. The availability rules are the vendor packages' own, documented in DESIGN.md ("Vendor
 * packages"); where a dataset's instant depends on another dataset (an SEC fact is known when its
 * filing was accepted), bronze takes the conservative rule of the element alone and silver refines
 * it with the join.
 */
public enum VendorDataset {
  SEC_COMPANY_TICKERS("sec", "company_tickers"),
  SEC_SUBMISSIONS("sec", "submissions"),
  SEC_COMPANYFACTS("sec", "companyfacts"),
  FMP_INCOME_STATEMENT("fmp", "income_statement"),
  FMP_BALANCE_SHEET("fmp", "balance_sheet"),
  FMP_CASH_FLOW("fmp", "cash_flow"),
  POLYGON_SPLITS("polygon", "splits"),
  POLYGON_DIVIDENDS("polygon", "dividends"),
  POLYGON_NEWS("polygon", "news"),
  POLYGON_TICKER_EVENTS("polygon", "ticker_events"),
  ALPACA_CORPORATE_ACTIONS("alpaca", "corporate_actions"),
  ALPACA_NEWS("alpaca", "news");

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

  VendorDataset(String vendor, String dataset) {
    this.vendor = vendor;
    this.dataset = dataset;
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
   * Every dataset of {@code vendor}, in declaration order.
   *
   * @throws IllegalArgumentException if no dataset has that vendor, naming the vendors there are
   */
  public static List<VendorDataset> ofVendor(String vendor) {
    String wanted = vendor.strip().toLowerCase(Locale.ROOT);
    List<VendorDataset> datasets =
        Arrays.stream(values()).filter(d -> d.vendor.equals(wanted)).toList();
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

  public KeyKind keyKind() {
    return switch (this) {
      case SEC_COMPANY_TICKERS -> KeyKind.NONE;
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
      case ALPACA_CORPORATE_ACTIONS ->
          new AlpacaCorporateActionsProtocol(
              options.get(AlpacaOptions.CORPORATE_ACTIONS_PAGE_SIZE));
      case ALPACA_NEWS -> new AlpacaNewsProtocol(options.get(AlpacaOptions.NEWS_PAGE_SIZE));
    };
  }

  /**
   * One split per key (a CIK or a ticker: these vendors serve a key's whole history in one
   * document, so the dates are not sent), or one split for the company tickers file.
   */
  public List<RestSplit> splits(List<String> keys, LocalDate from, LocalDate to) {
    if (keyKind() == KeyKind.NONE) {
      return List.of(RestSplit.of("all", from, to));
    }
    List<RestSplit> splits = new ArrayList<>();
    for (String key : keys) {
      splits.add(RestSplit.of(key, from, to));
    }
    return splits;
  }

  /**
   * Identifies and stamps one element.
   *
   * @param ingestedAt when it was fetched: the availability of data that carries no time of its own
   * @throws IllegalArgumentException naming the field, when the element is not one of this dataset
   */
  public Identity identify(String payload, Instant ingestedAt, AvailabilityRules rules) {
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
  public record AvailabilityRules(SecFilingAvailability sec, FmpStatementAvailability fmp)
      implements java.io.Serializable {

    public static AvailabilityRules of(Configuration options) {
      return new AvailabilityRules(
          new SecFilingAvailability(options.get(SecOptions.PUBLICATION_DELAY)),
          new FmpStatementAvailability(options.get(FmpOptions.PUBLICATION_DELAY)));
    }
  }
}
