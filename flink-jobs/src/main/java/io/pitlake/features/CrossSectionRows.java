package io.pitlake.features;

import static org.apache.flink.util.Preconditions.checkState;

import io.pitlake.features.library.CrossSection;
import io.pitlake.job.keyed.KeyedComputation;
import io.pitlake.job.keyed.KeyedView;
import io.pitlake.table.FeatureColumns;
import io.pitlake.universe.MembershipCsv;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * The rows of {@code gold.cross_section_daily} for one session, from every {@code
 * gold.features_daily} row of that session ({@code sql/gold/cross_section_daily.sql}'s view {@code
 * cross_section_inputs}): FEATURES.md §3, one cross-section taken once.
 *
 * <p>The cross-section is taken at the session's <b>instant</b>: the later of its decision instant
 * (the panel's, {@code decision_at}: the close plus {@code panel.decision-offset}) and the first
 * {@code available_at} among the session's features rows (the bars' publication: every bar's first
 * version is dated by the vendor's rule, 20:15 New York for Polygon's daily bars). With the default
 * offset the close comes before any of the session's bars is known, so the decision instant alone
 * would leave every cross-section empty; this is the rule of the first-known export ({@code
 * sql/reads/bars_daily_first_known.sql}), taken per session instead of per symbol. Each symbol
 * enters with its newest features row known at the instant; a row known later (a revision, a late
 * action, a bar first known after the instant) never enters and gives no new row.
 *
 * <p>Why per session and at once: which row is newest at the instant, and every statistic, depend
 * on the session's other rows; as SQL joins and groupings those retract in streaming. Here they are
 * a pure function of the session's rows in any order, computed once ({@link KeyedView}), so the
 * table is insert-only and batch and streaming agree bit for bit: the statistics read the symbols
 * in name order.
 *
 * <p><b>Universes.</b> The cross-section over every symbol is universe {@value #ALL}; each index of
 * {@code gold.universe_daily} with a member in the session (input kind {@value #MEMBER}: its rows
 * for the session known at the instant, matched to the symbols by their ticker that session) gets
 * one more, over those members only, so its ranks and z-scores never see a non-member. A member
 * without a features row known at the instant (delisted, or its bar not yet known) is absent, as it
 * is from {@value #ALL}; an index with no such member writes nothing for the session.
 */
public final class CrossSectionRows implements KeyedComputation {

  private static final long serialVersionUID = 1L;

  /** The view {@code sql/gold/cross_section_daily.sql} reads. */
  public static final KeyedView VIEW =
      new KeyedView(
          "cross_section_rows",
          "cross_section_inputs",
          List.of("session_date"),
          new CrossSectionRows());

  /** The universe of the cross-section over every symbol with a features row. */
  static final String ALL = MembershipCsv.ALL;

  /** The input kind of a {@code gold.universe_daily} row; every other input is a features row. */
  static final String MEMBER = "member";

  /** The columns before the statistics, in the table's order. */
  static final List<String> KEY_COLUMNS =
      List.of(
          "session_date",
          "symbol",
          "available_at",
          "event_time",
          "ingested_at",
          "features_available_at");

  @Override
  public TypeInformation<Row> outputType() {
    List<String> names = new ArrayList<>(KEY_COLUMNS);
    names.addAll(FeatureColumns.CROSS_SECTION);
    List<TypeInformation<?>> types =
        new ArrayList<>(
            List.of(
                Types.LOCAL_DATE,
                Types.STRING,
                Types.INSTANT,
                Types.INSTANT,
                Types.INSTANT,
                Types.INSTANT));
    types.addAll(Collections.nCopies(FeatureColumns.CROSS_SECTION.size(), Types.DOUBLE));
    names.add("security_id");
    types.add(Types.STRING);
    names.add("universe");
    types.add(Types.STRING);
    return Types.ROW_NAMED(names.toArray(String[]::new), types.toArray(TypeInformation[]::new));
  }

  @Override
  public void compute(List<Row> inputs, Consumer<Row> out) {
    LocalDate session = (LocalDate) inputs.get(0).getField("session_date");
    Instant decision = (Instant) inputs.get(0).getField("decision_at");
    checkState(
        decision != null,
        "gold.features_daily has rows for %s, which has no decision instant: not an NYSE session"
            + " the calendar knows",
        session);
    List<Row> features = new ArrayList<>();
    TreeMap<String, List<Row>> memberships = new TreeMap<>();
    for (Row row : inputs) {
      if (MEMBER.equals(row.getField("kind"))) {
        memberships
            .computeIfAbsent((String) row.getField("universe"), u -> new ArrayList<>())
            .add(row);
      } else {
        features.add(row);
      }
    }
    if (features.isEmpty()) {
      return;
    }
    Instant firstKnown = Instant.MAX;
    for (Row row : features) {
      Instant at = (Instant) row.getField("available_at");
      if (at.isBefore(firstKnown)) {
        firstKnown = at;
      }
    }
    Instant instant = firstKnown.isAfter(decision) ? firstKnown : decision;
    TreeMap<String, Row> newest = new TreeMap<>();
    for (Row row : features) {
      if (known(row, instant)) {
        newest.merge(
            (String) row.getField("symbol"),
            row,
            (a, b) ->
                ((Instant) a.getField("available_at")).isAfter((Instant) b.getField("available_at"))
                    ? a
                    : b);
      }
    }
    emit(session, ALL, instant, List.copyOf(newest.values()), Instant.MIN, out);
    for (Map.Entry<String, List<Row>> universe : memberships.entrySet()) {
      Set<String> tickers = new HashSet<>();
      Instant ingestedAt = Instant.MIN;
      for (Row membership : universe.getValue()) {
        if (known(membership, instant)) {
          tickers.add((String) membership.getField("symbol"));
          ingestedAt = later(ingestedAt, (Instant) membership.getField("ingested_at"));
        }
      }
      List<Row> members =
          newest.values().stream().filter(r -> tickers.contains(r.getField("symbol"))).toList();
      if (!members.isEmpty()) {
        emit(session, universe.getKey(), instant, members, ingestedAt, out);
      }
    }
  }

  /**
   * Writes one universe's cross-section of the session: a row per member, its statistics over
   * {@code members} only. {@code ingestedAt} is the newest fetch among the membership rows used
   * (MIN for {@value #ALL}); the members' own fetches count too.
   */
  private static void emit(
      LocalDate session,
      String universe,
      Instant instant,
      List<Row> members,
      Instant ingestedAt,
      Consumer<Row> out) {
    for (Row row : members) {
      ingestedAt = later(ingestedAt, (Instant) row.getField("ingested_at"));
    }
    List<double[]> stats = new ArrayList<>();
    for (String feature : FeatureColumns.CROSS_SECTIONAL) {
      double[] x = values(members, feature);
      stats.add(CrossSection.percentileRanks(x));
      stats.add(CrossSection.zScores(x));
    }
    stats.add(CrossSection.demeaned(values(members, "ret_1d")));
    for (int i = 0; i < members.size(); i++) {
      Row member = members.get(i);
      Object[] fields = new Object[KEY_COLUMNS.size() + stats.size() + 2];
      fields[0] = session;
      fields[1] = member.getField("symbol");
      fields[2] = instant;
      fields[3] = member.getField("event_time");
      fields[4] = ingestedAt;
      fields[5] = member.getField("available_at");
      for (int k = 0; k < stats.size(); k++) {
        double value = stats.get(k)[i];
        fields[KEY_COLUMNS.size() + k] = Double.isNaN(value) ? null : value;
      }
      fields[fields.length - 2] = member.getField("security_id");
      fields[fields.length - 1] = universe;
      out.accept(Row.of(fields));
    }
  }

  private static boolean known(Row row, Instant instant) {
    return !((Instant) row.getField("available_at")).isAfter(instant);
  }

  private static Instant later(Instant a, Instant b) {
    return b.isAfter(a) ? b : a;
  }

  /** The feature's values of {@code rows}, NULL as NaN. */
  private static double[] values(List<Row> rows, String feature) {
    double[] x = new double[rows.size()];
    for (int i = 0; i < x.length; i++) {
      Double value = (Double) rows.get(i).getField(feature);
      x[i] = value == null ? Double.NaN : value;
    }
    return x;
  }
}
