package io.pitlake.vendor.fmp;

import static io.pitlake.job.ingest.Freshness.Calendar.EVERY_DAY;

import io.pitlake.job.ingest.BronzeForm;
import io.pitlake.job.ingest.Freshness;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.table.TableSpec;
import io.pitlake.time.NyseCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * FMP's financial statements, one dataset per statement, a ticker's whole history a request; a row
 * is known as {@link FmpStatementAvailability} says.
 */
public enum FmpDatasets implements VendorDataset {
  INCOME_STATEMENT("income_statement", FmpStatement.INCOME),
  BALANCE_SHEET("balance_sheet", FmpStatement.BALANCE_SHEET),
  CASH_FLOW("cash_flow", FmpStatement.CASH_FLOW);

  private final String dataset;
  private final FmpStatement statement;

  FmpDatasets(String dataset, FmpStatement statement) {
    this.dataset = dataset;
    this.statement = statement;
  }

  @Override
  public String vendor() {
    return FmpModule.NAME;
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
    return Freshness.documents(EVERY_DAY);
  }

  @Override
  public boolean bulk() {
    return false;
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
    return FmpOptions.BASE_URL;
  }

  /** One split per key ({@link VendorDataset#splitPerKey}). */
  @Override
  public List<RestSplit> splits(
      List<String> keys, LocalDate from, LocalDate to, Configuration options) {
    return VendorDataset.splitPerKey(keyKind(), keys, from, to);
  }

  @Override
  public PageProtocol protocol(Configuration options) {
    return new FmpStatementProtocol(
        statement,
        options.get(FmpOptions.STATEMENT_PERIOD),
        options.get(FmpOptions.STATEMENT_LIMIT));
  }

  @Override
  public Identity identify(
      String payload,
      String splitKey,
      LocalDate splitFrom,
      Instant ingestedAt,
      AvailabilityRules rules) {
    FmpStatementRow r = FmpStatementRow.parse(payload);
    return new Identity(
        String.join("|", r.symbol(), r.date().toString(), r.period()),
        r.date().atStartOfDay(NyseCalendar.ZONE).toInstant(),
        r.availableAt(rules.fmp()));
  }
}
