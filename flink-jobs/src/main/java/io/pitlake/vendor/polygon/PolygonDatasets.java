package io.pitlake.vendor.polygon;

import static io.pitlake.job.ingest.Freshness.Calendar.EVERY_DAY;
import static io.pitlake.job.ingest.Freshness.Calendar.NYSE_SESSIONS;

import io.pitlake.job.BackfillOptions;
import io.pitlake.job.ingest.BronzeForm;
import io.pitlake.job.ingest.Freshness;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableSpec;
import io.pitlake.time.NyseCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.annotation.Nullable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Polygon's datasets: reference data and corporate actions by ticker, and the bars ({@link
 * #bulk()}) whose requests grow with the range, the typed daily bars among them. Every request
 * authenticates with the bearer header, so the key never appears in a URL.
 */
public enum PolygonDatasets implements VendorDataset {
  /** Asked for by execution date: a month back catches actions the vendor adds or corrects late. */
  SPLITS("splits", Freshness.events(30), PolygonDataset.SPLITS),
  DIVIDENDS("dividends", Freshness.events(30), PolygonDataset.DIVIDENDS),
  /** Asked for by publication day (UTC): three days cover late indexing and the time zones. */
  NEWS("news", Freshness.events(3), PolygonDataset.NEWS),
  TICKER_EVENTS("ticker_events", Freshness.history(EVERY_DAY, true), PolygonDataset.TICKER_EVENTS),
  /**
   * As of each month's last session: the newest as-of day is asked for again, then each month's.
   */
  TICKER_DETAILS(
      "ticker_details", Freshness.since(0, NYSE_SESSIONS), PolygonDataset.TICKER_DETAILS),
  GROUPED_DAILY("grouped_daily", Freshness.since(10, NYSE_SESSIONS), PolygonDataset.GROUPED_DAILY),
  AGGS_MINUTE("aggs_minute", Freshness.since(3, NYSE_SESSIONS), PolygonDataset.MINUTE_AGGS),
  /**
   * The daily bars, unadjusted ({@link PolygonAggsProtocol}): the backfill's and live run's input,
   * typed in {@code bronze.polygon_aggs} ({@link PolygonDailyBarForm}). An update asks for each
   * symbol from its newest session less the live run's lookback ({@code live.lookback-days}'
   * default).
   */
  AGGS_DAY(
      "aggs_day",
      Freshness.since(BackfillOptions.LIVE_LOOKBACK_DAYS.defaultValue(), NYSE_SESSIONS),
      null),
  /**
   * Polygon's own split-adjusted daily bars ({@code adjusted=true}), fetched only to check
   * pitlake's adjustment against the vendor's ({@code gold.price_dq}); never a price input. Every
   * split re-adjusts the whole history, so an update asks for all of it (one request a symbol).
   */
  AGGS_DAY_ADJUSTED(
      "aggs_day_adjusted",
      Freshness.history(NYSE_SESSIONS, false),
      PolygonDataset.DAY_AGGS_ADJUSTED),
  /**
   * Each underlying's option chain as listed on each session ({@code as_of}), so the contracts of
   * any past day are known, those expired since included: a request per underlying and session.
   */
  OPTIONS_CONTRACTS(
      "options_contracts", Freshness.since(0, NYSE_SESSIONS), PolygonDataset.OPTIONS_CONTRACTS),
  /**
   * Daily bars of every contract of an underlying ({@link PolygonOptionAggsProtocol}): a split per
   * underlying and month lists the contracts and asks for each one's bars.
   */
  OPTIONS_AGGS_DAY("options_aggs_day", Freshness.since(10, NYSE_SESSIONS), null);

  private final String dataset;
  private final Freshness freshness;

  /**
   * What {@link PolygonDatasetProtocol} asks for; null for a dataset with a protocol of its own.
   */
  @Nullable private final PolygonDataset endpoint;

  PolygonDatasets(String dataset, Freshness freshness, @Nullable PolygonDataset endpoint) {
    this.dataset = dataset;
    this.freshness = freshness;
    this.endpoint = endpoint;
  }

  @Override
  public String vendor() {
    return PolygonModule.NAME;
  }

  @Override
  public String dataset() {
    return dataset;
  }

  @Override
  public String id() {
    return VendorDataset.idOf(vendor(), dataset);
  }

  @Override
  public TableSpec table() {
    return this == AGGS_DAY
        ? PitlakeTables.BRONZE_POLYGON_AGGS
        : VendorDataset.rawTable(vendor(), dataset);
  }

  @Override
  public BronzeForm<?> bronze() {
    return this == AGGS_DAY ? PolygonDailyBarForm.INSTANCE : BronzeForm.raw();
  }

  @Override
  public Freshness freshness() {
    return freshness;
  }

  @Override
  public boolean bulk() {
    return switch (this) {
      case GROUPED_DAILY,
          AGGS_MINUTE,
          AGGS_DAY,
          AGGS_DAY_ADJUSTED,
          OPTIONS_CONTRACTS,
          OPTIONS_AGGS_DAY ->
          true;
      default -> false;
    };
  }

  @Override
  public KeyKind keyKind() {
    return this == GROUPED_DAILY ? KeyKind.NONE : KeyKind.TICKER;
  }

  @Override
  public ConfigOption<String> baseUrlOption() {
    return PolygonOptions.BASE_URL;
  }

  /**
   * Bars are paged by {@link PolygonOptions#PAGE_SIZE} like the daily aggregates; reference data by
   * {@link PolygonOptions#REFERENCE_PAGE_SIZE}.
   */
  @Override
  public PageProtocol protocol(Configuration options) {
    if (this == OPTIONS_AGGS_DAY) {
      return new PolygonOptionAggsProtocol(
          options.get(PolygonOptions.PAGE_SIZE), AuthStyle.bearerHeader());
    }
    if (this == AGGS_DAY) {
      return new PolygonAggsProtocol(options.get(PolygonOptions.PAGE_SIZE));
    }
    int pageSize =
        switch (this) {
          case AGGS_MINUTE, AGGS_DAY_ADJUSTED -> options.get(PolygonOptions.PAGE_SIZE);
          default -> options.get(PolygonOptions.REFERENCE_PAGE_SIZE);
        };
    return new PolygonDatasetProtocol(endpoint, pageSize, AuthStyle.bearerHeader());
  }

  /**
   * Daily bars: one per ticker and {@code backfill.split-days} (a decade fits one page); grouped
   * daily bars: one split per session; minute bars: one per ticker and session; ticker details: one
   * per ticker and month, as of the month's last session in the range, so a security's name,
   * listing and identifiers are known month by month. Everything else, the adjusted daily bars
   * included (a page holds 50,000 sessions): one per ticker. Option chains: one per underlying and
   * session; option bars: one per underlying and month.
   */
  @Override
  public List<RestSplit> splits(
      List<String> keys, LocalDate from, LocalDate to, Configuration options) {
    return switch (this) {
      case AGGS_DAY ->
          RestSplit.chunks(keys, from, to, Period.ofDays(options.get(BackfillOptions.SPLIT_DAYS)));
      case GROUPED_DAILY -> PolygonDatasetProtocol.groupedDailySplits(from, to);
      case AGGS_MINUTE, OPTIONS_CONTRACTS -> PolygonDatasetProtocol.sessionSplits(keys, from, to);
      case OPTIONS_AGGS_DAY -> PolygonOptionAggsProtocol.monthSplits(keys, from, to);
      case TICKER_DETAILS -> monthEndSplits(keys, from, to);
      default -> VendorDataset.splitPerKey(keyKind(), keys, from, to);
    };
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

  @Override
  public Identity identify(
      String payload,
      String splitKey,
      LocalDate splitFrom,
      Instant ingestedAt,
      AvailabilityRules rules) {
    return switch (this) {
      case SPLITS -> {
        PolygonSplit split = PolygonSplit.parse(payload);
        yield new Identity(
            split.id() != null ? split.id() : split.ticker() + "|" + split.executionDate(),
            split.eventTime(),
            split.availableAt());
      }
      case DIVIDENDS -> {
        PolygonDividend dividend = PolygonDividend.parse(payload);
        yield new Identity(
            dividend.id() != null
                ? dividend.id()
                : dividend.ticker() + "|" + dividend.exDividendDate() + "|" + dividend.cashAmount(),
            dividend.eventTime(),
            dividend.availableAt());
      }
      case NEWS -> {
        PolygonNewsArticle article = PolygonNewsArticle.parse(payload);
        yield new Identity(article.id(), article.eventTime(), article.availableAt());
      }
      case TICKER_EVENTS -> {
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
      case TICKER_DETAILS -> {
        PolygonTickerDetails details = PolygonTickerDetails.parse(payload, splitFrom);
        yield new Identity(
            details.ticker() + "|" + details.asOf(), details.eventTime(), details.availableAt());
      }
      case GROUPED_DAILY -> {
        PolygonGroupedBar bar = PolygonGroupedBar.parse(payload, splitFrom);
        yield Identity.ofBar(bar.symbol(), bar.eventTime(), bar.availableAt(rules.polygonDay()));
      }
      case AGGS_MINUTE -> {
        PolygonMinuteBar bar = PolygonMinuteBar.parse(payload, splitKey);
        yield Identity.ofBar(bar.symbol(), bar.eventTime(), bar.availableAt(rules.polygonMinute()));
      }
      case OPTIONS_CONTRACTS -> {
        PolygonOptionContract contract = PolygonOptionContract.parse(payload, splitFrom);
        yield new Identity(contract.key(), contract.eventTime(), contract.availableAt());
      }
      case OPTIONS_AGGS_DAY -> {
        PolygonOptionDayBar bar = PolygonOptionDayBar.parse(payload);
        yield Identity.ofBar(bar.ticker(), bar.eventTime(), bar.availableAt(rules.polygonDay()));
      }
      case AGGS_DAY -> {
        // What the typed form's normalizer finds too (PolygonDailyBarNormalizer).
        Instant start = PolygonAdjustedDayBar.parse(payload, splitKey).eventTime();
        yield new Identity(
            PolygonAggObservation.key(splitKey, start.toEpochMilli()),
            start,
            rules.polygonDay().availableAt(start.atZone(NyseCalendar.ZONE).toLocalDate()));
      }
      case AGGS_DAY_ADJUSTED -> {
        PolygonAdjustedDayBar bar = PolygonAdjustedDayBar.parse(payload, splitKey);
        yield Identity.ofBar(
            bar.symbol(), bar.eventTime(), bar.availableAt(rules.polygonDay(), ingestedAt));
      }
    };
  }
}
