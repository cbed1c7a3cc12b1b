package io.pitlake.vendor.alpaca;

import static io.pitlake.job.ingest.Freshness.Calendar.NYSE_SESSIONS;

import io.pitlake.job.ingest.BronzeForm;
import io.pitlake.job.ingest.Freshness;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.table.TableSpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Alpaca's raw datasets: corporate actions and news by ticker, and the bars ({@link #bulk()}),
 * asked for per group of {@link AlpacaOptions#SYMBOLS_PER_REQUEST} symbols and period.
 */
public enum AlpacaDatasets implements VendorDataset {
  CORPORATE_ACTIONS("corporate_actions", Freshness.events(30), null),
  NEWS("news", Freshness.events(3), null),
  /** A year of every symbol of a group fits a few pages. */
  BARS_DAY("bars_day", Freshness.since(10, NYSE_SESSIONS), AlpacaTimeframe.DAY),
  /** One session a split, the unit retried or quarantined alone. */
  BARS_MINUTE("bars_minute", Freshness.since(3, NYSE_SESSIONS), AlpacaTimeframe.MINUTE);

  private final String dataset;
  private final Freshness freshness;

  /** The bars' timeframe; null for the datasets that are not bars. */
  private final AlpacaTimeframe timeframe;

  AlpacaDatasets(String dataset, Freshness freshness, AlpacaTimeframe timeframe) {
    this.dataset = dataset;
    this.freshness = freshness;
    this.timeframe = timeframe;
  }

  @Override
  public String vendor() {
    return AlpacaModule.NAME;
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
    return VendorDataset.rawTable(vendor(), dataset);
  }

  @Override
  public Freshness freshness() {
    return freshness;
  }

  @Override
  public boolean bulk() {
    return timeframe != null;
  }

  @Override
  public KeyKind keyKind() {
    return KeyKind.TICKER;
  }

  @Override
  public BronzeForm<?> bronze() {
    return BronzeForm.raw();
  }

  @Override
  public ConfigOption<String> baseUrlOption() {
    return AlpacaOptions.BASE_URL;
  }

  @Override
  public PageProtocol protocol(Configuration options) {
    return switch (this) {
      case CORPORATE_ACTIONS ->
          new AlpacaCorporateActionsProtocol(
              options.get(AlpacaOptions.CORPORATE_ACTIONS_PAGE_SIZE));
      case NEWS -> new AlpacaNewsProtocol(options.get(AlpacaOptions.NEWS_PAGE_SIZE));
      case BARS_DAY, BARS_MINUTE ->
          new AlpacaBarsProtocol(
              timeframe,
              options.get(AlpacaOptions.FEED),
              options.get(AlpacaOptions.ADJUSTMENT),
              options.get(AlpacaOptions.BARS_PAGE_SIZE));
    };
  }

  /** Bars: one split per symbol group and period (a year, or a day); the rest one per ticker. */
  @Override
  public List<RestSplit> splits(
      List<String> keys, LocalDate from, LocalDate to, Configuration options) {
    return switch (this) {
      case BARS_DAY, BARS_MINUTE ->
          AlpacaBarsProtocol.splits(
              keys,
              options.get(AlpacaOptions.SYMBOLS_PER_REQUEST),
              from,
              to,
              this == BARS_DAY ? Period.ofYears(1) : Period.ofDays(1));
      default -> VendorDataset.splitPerKey(keyKind(), keys, from, to);
    };
  }

  @Override
  public Identity identify(
      String payload,
      String splitKey,
      LocalDate splitFrom,
      Instant ingestedAt,
      AvailabilityRules rules) {
    return switch (this) {
      case CORPORATE_ACTIONS -> {
        AlpacaCorporateAction action = AlpacaCorporateAction.parse(payload);
        yield new Identity(action.id(), action.eventTime(), action.availableAt());
      }
      case NEWS -> {
        AlpacaNewsArticle article = AlpacaNewsArticle.parse(payload);
        yield new Identity(Long.toString(article.id()), article.eventTime(), article.availableAt());
      }
      case BARS_DAY, BARS_MINUTE -> {
        AlpacaBar bar = AlpacaBar.parse(payload);
        yield Identity.ofBar(
            bar.symbol(),
            bar.eventTime(),
            bar.availableAt(
                timeframe, this == BARS_DAY ? rules.alpacaDayDelay() : rules.alpacaMinuteDelay()));
      }
    };
  }
}
