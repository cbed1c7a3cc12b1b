package io.pitlake.reference;

import io.pitlake.job.keyed.KeyedComputation;
import io.pitlake.job.keyed.KeyedView;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * The states of one security ({@code sql/silver/security_master.sql}): a state starts at the
 * security's first snapshot and at every snapshot whose attributes differ from the snapshot before
 * it, which needs the security's snapshots in date order. As a SQL self-join ("the previous
 * snapshot") that retracts in streaming; computed here once per security from all its rows, the
 * table is insert-only in both modes.
 *
 * <p>Input rows ({@link #VIEW}'s input, one security's): kind {@value #DETAILS} (a ticker details
 * snapshot, its first bronze version) or {@value #TICKER_CHANGE} (a ticker event: {@code
 * vendor_ticker} from {@code change_date} on). Snapshots of one date compete: the active one wins,
 * then the smaller ticker, then the smaller payload hash, so no input order changes the result.
 */
public record SecurityMasterStates() implements KeyedComputation {

  /** The view the SQL file reads, keyed by the security (its id is a function of each row). */
  public static final KeyedView VIEW =
      new KeyedView(
          "security_master_states",
          "security_master_inputs",
          List.of("vendor", "security_id"),
          new SecurityMasterStates());

  static final String DETAILS = "details";
  static final String TICKER_CHANGE = "ticker_change";

  private static final Comparator<Row> PREFERRED =
      Comparator.<Row, Boolean>comparing(r -> !(Boolean) r.getField("active"))
          .thenComparing(r -> (String) r.getField("vendor_ticker"))
          .thenComparing(r -> (String) r.getField("payload_hash"))
          .thenComparing(r -> (Instant) r.getField("ingested_at"));

  /**
   * The table's columns in its order. The attributes make a state: market cap and share counts move
   * daily and are not attributes, and a delisting counts by its New York date.
   */
  private static final List<Column> COLUMNS =
      List.of(
          Column.of("vendor", Types.STRING),
          Column.of("security_id", Types.STRING),
          Column.of("valid_from", Types.LOCAL_DATE),
          Column.of("ticker", Types.STRING),
          Column.attribute("vendor_ticker", Types.STRING),
          Column.attribute("name", Types.STRING),
          Column.attribute("primary_exchange", Types.STRING),
          Column.attribute("security_type", Types.STRING),
          Column.attribute("cik", Types.STRING),
          Column.attribute("composite_figi", Types.STRING),
          Column.attribute("share_class_figi", Types.STRING),
          Column.attribute("list_date", Types.LOCAL_DATE),
          Column.attribute("active", Types.BOOLEAN),
          Column.of("delisted_at", Types.INSTANT),
          Column.attribute("delist_date", Types.LOCAL_DATE),
          Column.of("observed_from", Types.LOCAL_DATE),
          Column.of("event_time", Types.INSTANT),
          Column.of("available_at", Types.INSTANT),
          Column.of("ingested_at", Types.INSTANT),
          Column.of("payload_hash", Types.STRING));

  /** An output column; a change of an attribute from one snapshot to the next starts a state. */
  private record Column(String name, TypeInformation<?> type, boolean attribute) {
    static Column of(String name, TypeInformation<?> type) {
      return new Column(name, type, false);
    }

    static Column attribute(String name, TypeInformation<?> type) {
      return new Column(name, type, true);
    }
  }

  @Override
  public TypeInformation<Row> outputType() {
    return Types.ROW_NAMED(
        COLUMNS.stream().map(Column::name).toArray(String[]::new),
        COLUMNS.stream().map(Column::type).toArray(TypeInformation<?>[]::new));
  }

  @Override
  public void compute(List<Row> inputs, Consumer<Row> out) {
    TreeMap<LocalDate, Row> snapshots = new TreeMap<>();
    List<Row> changes = new ArrayList<>();
    for (Row row : inputs) {
      String kind = (String) row.getField("kind");
      if (DETAILS.equals(kind)) {
        snapshots.merge(
            (LocalDate) row.getField("as_of"), row, (a, b) -> PREFERRED.compare(a, b) <= 0 ? a : b);
      } else if (TICKER_CHANGE.equals(kind)) {
        changes.add(row);
      } else {
        throw new IllegalArgumentException(
            String.format(
                "security_master_inputs row of kind %s: the SQL must give kind '%s' or '%s'",
                kind, DETAILS, TICKER_CHANGE));
      }
    }
    Row previous = null;
    for (Row snapshot : snapshots.values()) {
      if (previous == null || !sameState(previous, snapshot)) {
        LocalDate previousAsOf = previous == null ? null : (LocalDate) previous.getField("as_of");
        out.accept(state(snapshot, validFrom(snapshot, previousAsOf, changes)));
      }
      previous = snapshot;
    }
  }

  private static boolean sameState(Row a, Row b) {
    return COLUMNS.stream()
        .filter(Column::attribute)
        .allMatch(c -> Objects.equals(a.getField(c.name()), b.getField(c.name())));
  }

  /**
   * The first day of the state {@code start} begins, in order: the latest change to its ticker
   * dated after the previous snapshot and by this one, and known when this snapshot became known;
   * an inactive state's delist date in that same gap; a first state's list date; else the
   * snapshot's own date (month-end snapshots cannot say which day in between it changed).
   */
  private static LocalDate validFrom(Row start, LocalDate previousAsOf, List<Row> changes) {
    LocalDate asOf = (LocalDate) start.getField("as_of");
    Instant known = (Instant) start.getField("available_at");
    LocalDate change =
        changes.stream()
            .filter(c -> c.getField("vendor_ticker").equals(start.getField("vendor_ticker")))
            .filter(c -> !((LocalDate) c.getField("change_date")).isAfter(asOf))
            .filter(c -> !((Instant) c.getField("available_at")).isAfter(known))
            .map(c -> (LocalDate) c.getField("change_date"))
            .max(Comparator.naturalOrder())
            .orElse(null);
    if (inGap(change, previousAsOf, asOf)) {
      return change;
    }
    LocalDate delisted = (LocalDate) start.getField("delist_date");
    if (!(Boolean) start.getField("active") && inGap(delisted, previousAsOf, asOf)) {
      return delisted;
    }
    LocalDate listed = (LocalDate) start.getField("list_date");
    if (previousAsOf == null && listed != null && !listed.isAfter(asOf)) {
      return listed;
    }
    return asOf;
  }

  /** Whether {@code day} falls after the previous snapshot (if any) and by this one. */
  private static boolean inGap(LocalDate day, LocalDate previousAsOf, LocalDate asOf) {
    return day != null && !day.isAfter(asOf) && (previousAsOf == null || day.isAfter(previousAsOf));
  }

  private static Row state(Row start, LocalDate validFrom) {
    return Row.of(
        COLUMNS.stream()
            .map(
                c ->
                    switch (c.name()) {
                      case "valid_from" -> validFrom;
                      case "observed_from" -> start.getField("as_of");
                      default -> start.getField(c.name());
                    })
            .toArray());
  }
}
