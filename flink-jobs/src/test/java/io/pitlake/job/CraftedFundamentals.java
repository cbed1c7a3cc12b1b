package io.pitlake.job;

import static org.apache.flink.util.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.job.ingest.RawNormalizer;
import io.pitlake.job.ingest.VendorDataset;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.vendor.VendorJson;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.annotation.Nullable;
import org.apache.iceberg.data.Record;

/**
 * Bronze rows of SEC submissions and companyfacts and of FMP statements, written by hand and
 * stamped the way {@code pitlake ingest} stamps them ({@link VendorDataset#identify} with the
 * default availability rules), so that a test can break exactly one thing about one company. The
 * simulators serve consistent data by design; a data-quality check needs the inconsistent case too.
 */
final class CraftedFundamentals {

  /** One filing in submissions, to report facts under. */
  record Filing(long cik, String accession, String form, LocalDate filed) {}

  private static final List<VendorDataset> DATASETS =
      List.of(
          VendorDataset.SEC_SUBMISSIONS,
          VendorDataset.SEC_COMPANYFACTS,
          VendorDataset.FMP_INCOME_STATEMENT,
          VendorDataset.FMP_BALANCE_SHEET,
          VendorDataset.FMP_CASH_FLOW);
  private static final LocalTime EDGAR_CUT_OFF = LocalTime.of(17, 30);
  private static final DateTimeFormatter FMP_ACCEPTED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final Instant INGESTED = Instant.parse("2026-01-05T12:00:00Z");

  private final VendorDataset.AvailabilityRules rules =
      VendorDataset.AvailabilityRules.of(Runs.options());
  private final Map<VendorDataset, List<Record>> rows = new LinkedHashMap<>();

  /**
   * A 10-K, 10-Q or amendment accepted at {@code acceptedNewYork}, before EDGAR's 17:30 cut-off so
   * that it is filed that day.
   */
  Filing filing(
      long cik, String accession, String form, LocalDate period, LocalDateTime acceptedNewYork) {
    checkArgument(
        acceptedNewYork.toLocalTime().isBefore(EDGAR_CUT_OFF),
        "acceptance %s is after EDGAR's 17:30 cut-off; use an earlier time so that the filing date"
            + " is the acceptance date",
        acceptedNewYork);
    Filing filing = new Filing(cik, accession, form, acceptedNewYork.toLocalDate());
    ObjectNode json = VendorJson.MAPPER.createObjectNode();
    json.put("cik", cik);
    json.put("accessionNumber", accession);
    json.put("filingDate", filing.filed().toString());
    json.put("reportDate", period.toString());
    json.put("acceptanceDateTime", acceptedNewYork + ":00.000Z");
    json.put("form", form);
    add(VendorDataset.SEC_SUBMISSIONS, json);
    return filing;
  }

  /** A us-gaap value the filing reports; {@code start} null for a balance. */
  void fact(Filing filing, String concept, @Nullable LocalDate start, LocalDate end, long value) {
    fact(filing, "us-gaap", concept, "USD", start, end, value);
  }

  /** The cover page's share count, dated a week before the filing as real cover pages are. */
  void sharesOutstanding(Filing filing, long shares) {
    fact(
        filing,
        "dei",
        "EntityCommonStockSharesOutstanding",
        "shares",
        null,
        filing.filed().minusDays(7),
        shares);
  }

  /**
   * One FMP statement row ({@code income_statement} or {@code balance_sheet}) of period {@code
   * period} ({@code FY}, {@code Q1}..{@code Q4}) ending {@code date}, with its line items.
   */
  void fmp(
      VendorDataset statement,
      long cik,
      String symbol,
      LocalDate date,
      String period,
      LocalDateTime acceptedNewYork,
      Map<String, Long> lineItems) {
    checkArgument(
        statement.vendor().equals("fmp"), "%s is not an FMP statement dataset", statement.id());
    ObjectNode json = VendorJson.MAPPER.createObjectNode();
    json.put("date", date.toString());
    json.put("symbol", symbol);
    json.put("reportedCurrency", "USD");
    json.put("cik", String.format("%010d", cik));
    json.put("filingDate", acceptedNewYork.toLocalDate().toString());
    json.put("acceptedDate", acceptedNewYork.format(FMP_ACCEPTED));
    json.put("fiscalYear", Integer.toString(date.getYear()));
    json.put("period", period);
    lineItems.forEach(json::put);
    add(statement, json);
  }

  /** Appends every row crafted so far that {@code keep} accepts; every dataset gets its table. */
  void appendTo(Lake lake, Predicate<Record> keep) {
    for (VendorDataset dataset : DATASETS) {
      lake.append(
          dataset.table(),
          rows.getOrDefault(dataset, List.of()).stream().filter(keep).map(Record::copy).toList());
    }
  }

  private void fact(
      Filing filing,
      String taxonomy,
      String concept,
      String unit,
      @Nullable LocalDate start,
      LocalDate end,
      long value) {
    ObjectNode json = VendorJson.MAPPER.createObjectNode();
    json.put("cik", filing.cik());
    json.put("entityName", "Crafted " + filing.cik());
    json.put("taxonomy", taxonomy);
    json.put("concept", concept);
    json.put("label", concept);
    json.put("unit", unit);
    if (start != null) {
      json.put("start", start.toString());
    }
    json.put("end", end.toString());
    json.put("val", value);
    json.put("accn", filing.accession());
    json.put("fy", end.getYear());
    json.put("fp", filing.form().startsWith("10-K") ? "FY" : "Q");
    json.put("form", filing.form());
    json.put("filed", filing.filed().toString());
    add(VendorDataset.SEC_COMPANYFACTS, json);
  }

  private void add(VendorDataset dataset, ObjectNode json) {
    String payload = VendorJson.compact(json);
    VendorDataset.Identity identity =
        dataset.identify(payload, "crafted", LocalDate.EPOCH, INGESTED, rules);
    Record record = Lake.newRecord(dataset.table());
    record.setField("vendor", dataset.vendor());
    record.setField("dataset", dataset.id());
    record.setField("observation_key", identity.key());
    record.setField(
        "event_time",
        identity.eventTime() == null ? null : identity.eventTime().atOffset(ZoneOffset.UTC));
    record.setField("available_at", identity.availableAt().atOffset(ZoneOffset.UTC));
    record.setField("ingested_at", INGESTED.atOffset(ZoneOffset.UTC));
    record.setField("version", 1);
    record.setField("payload_hash", RawNormalizer.sha256(payload));
    record.setField("payload", payload);
    record.setField("request_url", "crafted:" + dataset.id());
    record.setField("split_id", "crafted");
    rows.computeIfAbsent(dataset, d -> new ArrayList<>()).add(record);
  }
}
