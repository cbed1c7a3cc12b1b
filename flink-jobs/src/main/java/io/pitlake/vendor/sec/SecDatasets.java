package io.pitlake.vendor.sec;

import static io.pitlake.job.ingest.Freshness.Calendar.EDGAR_DAYS;

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
 * SEC EDGAR's datasets: the company tickers file (no key), and each CIK's submissions and company
 * facts, each served whole in one document. A filing is known when it was accepted ({@link
 * SecFilingAvailability}); a fact alone, at the open after its filing date.
 */
public enum SecDatasets implements VendorDataset {
  COMPANY_TICKERS("company_tickers"),
  SUBMISSIONS("submissions"),
  COMPANYFACTS("companyfacts");

  private final String dataset;

  SecDatasets(String dataset) {
    this.dataset = dataset;
  }

  @Override
  public String vendor() {
    return SecModule.NAME;
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
    return Freshness.documents(EDGAR_DAYS);
  }

  @Override
  public boolean bulk() {
    return false;
  }

  @Override
  public KeyKind keyKind() {
    return this == COMPANY_TICKERS ? KeyKind.NONE : KeyKind.CIK;
  }

  /** The tickers file is on www.sec.gov, the rest on data.sec.gov. */
  @Override
  public BronzeForm<?> bronze() {
    return BronzeForm.raw();
  }

  @Override
  public ConfigOption<String> baseUrlOption() {
    return this == COMPANY_TICKERS ? SecOptions.FILES_BASE_URL : SecOptions.BASE_URL;
  }

  /** One split per key ({@link VendorDataset#splitPerKey}). */
  @Override
  public List<RestSplit> splits(
      List<String> keys, LocalDate from, LocalDate to, Configuration options) {
    return VendorDataset.splitPerKey(keyKind(), keys, from, to);
  }

  @Override
  public PageProtocol protocol(Configuration options) {
    return switch (this) {
      case COMPANY_TICKERS -> new SecCompanyTickersProtocol(SecOptions.userAgent(options));
      case SUBMISSIONS -> new SecSubmissionsProtocol(SecOptions.userAgent(options));
      case COMPANYFACTS -> new SecCompanyFactsProtocol(SecOptions.userAgent(options));
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
      case COMPANY_TICKERS -> {
        SecCompanyTicker t = SecCompanyTicker.parse(payload);
        // A snapshot of today's tickers: known when fetched, describing nothing earlier.
        yield new Identity(Long.toString(t.cik()), null, ingestedAt);
      }
      case SUBMISSIONS -> {
        SecFiling f = SecFiling.parse(payload);
        Instant available = f.availableAt(rules.sec());
        yield new Identity(f.accessionNumber(), available, available);
      }
      case COMPANYFACTS -> {
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
    };
  }
}
