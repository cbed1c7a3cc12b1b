package io.pitlake.dq;

import io.pitlake.table.IcebergAppends;
import io.pitlake.table.PitlakeTables;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * Writes an audit's results to {@code gold.dq_results} on {@code main}, whether it publishes or not
 * (a blocked build's findings must be where readers look): a summary row per gate, then a row per
 * finding, each with the audited branch heads.
 */
final class AuditResults {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private final String auditId;
  private final OffsetDateTime started;
  private final Configuration options;

  AuditResults(String auditId, Instant started, Configuration options) {
    this.auditId = auditId;
    this.started = started.atOffset(ZoneOffset.UTC);
    this.options = options;
  }

  /** What each gate's findings make of the audit: pass, blocked, quarantined or warned. */
  String outcome(Gate gate, List<Finding> findings) {
    if (findings.stream().noneMatch(f -> f.gate() == gate)) {
      return "pass";
    }
    return switch (options.get(gate.severity())) {
      case BLOCK -> "blocked";
      case QUARANTINE -> "quarantined";
      case WARN -> "warned";
    };
  }

  /** Appends every result; {@code heads} names the audited head snapshot of each table. */
  void record(Catalog catalog, List<Finding> findings, Map<TableIdentifier, Long> heads) {
    Table results = catalog.loadTable(PitlakeTables.GOLD_DQ_RESULTS.id());
    String snapshots =
        heads.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", "));
    List<Record> rows = new ArrayList<>();
    for (Gate gate : Gate.values()) {
      String outcome = outcome(gate, findings);
      List<Finding> of = findings.stream().filter(f -> f.gate() == gate).toList();
      rows.add(row(results, gate, outcome, null, null, null, of.size(), snapshots, started));
      for (Finding f : of) {
        OffsetDateTime event =
            f.sessionDate() == null
                ? started
                : f.sessionDate().atTime(LocalTime.MIDNIGHT).atZone(NEW_YORK).toOffsetDateTime();
        rows.add(
            row(
                results,
                gate,
                outcome,
                f.symbol(),
                f.sessionDate(),
                f.detail(),
                1,
                snapshots,
                event));
      }
    }
    IcebergAppends.append(results, rows);
  }

  private Record row(
      Table results,
      Gate gate,
      String outcome,
      @Nullable String symbol,
      @Nullable LocalDate session,
      @Nullable String detail,
      long findings,
      String snapshots,
      OffsetDateTime eventTime) {
    GenericRecord r = GenericRecord.create(results.schema());
    r.setField("audit_id", auditId);
    r.setField("gate", gate.id());
    r.setField("severity", options.get(gate.severity()).name().toLowerCase());
    r.setField("outcome", outcome);
    r.setField("symbol", symbol);
    r.setField("session_date", session);
    r.setField("detail", detail);
    r.setField("findings", findings);
    r.setField("snapshot_ids", snapshots);
    r.setField("event_time", eventTime);
    r.setField("available_at", started);
    r.setField("ingested_at", started);
    return r;
  }
}
