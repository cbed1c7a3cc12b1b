package io.pitlake.options;

import io.pitlake.job.keyed.KeyedComputation;
import io.pitlake.job.keyed.KeyedView;
import io.pitlake.vendor.MarketDates;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.types.Row;

/**
 * Each daily bar of one option contract with the contract's terms as known at each instant: the
 * first step of {@code gold.option_features_daily} ({@code sql/gold/option_features_daily.sql}'s
 * view {@code option_bar_terms}), keyed by option ticker.
 *
 * <p>Why a step of its own: a bar names its contract by ticker only, while the underlying and the
 * deliverable are in the contract's listings; a SQL join of bars to the listing of the bar's day
 * would drop a bar whose day's listing is not known yet (a listing is known at the end of its day,
 * a bar at 20:15 New York), so a build on the inputs known by T would lack rows the full build has
 * at T. Here every bar and every listing of the ticker meet, and a bar of session D takes the terms
 * of the newest listing known at the instant among those as of D or earlier (the chain of D-1 at
 * D's bar, of D once D's listing is known; a new series' first bar waits for its first listing).
 *
 * <p>Output: per session with a bar or a listing of the contract, a row at every instant the bar's
 * newest version or the terms change value ({@link KnownAt#eachChange}), from the first instant its
 * bar or its own day's listing is known: a re-listing with the same terms, every day, adds nothing;
 * a day listed without a bar is a row without one (no trade that day), until a bar arrives.
 */
public final class OptionBarTerms implements KeyedComputation {

  private static final long serialVersionUID = 1L;

  /** The view {@code sql/gold/option_features_daily.sql} reads. */
  public static final KeyedView VIEW =
      new KeyedView(
          "option_bar_terms",
          "option_bar_terms_inputs",
          List.of("option_ticker"),
          new OptionBarTerms());

  /** The input kind of a {@code silver.option_contracts} row; every other input is a bar. */
  static final String LISTING = "listing";

  private static final String[] COLUMNS = {
    "option_ticker",
    "underlying",
    "session_date",
    "bar_version",
    "close",
    "volume",
    "trades",
    "expiration_date",
    "contract_type",
    "strike",
    "shares_per_contract",
    "available_at",
    "event_time",
    "ingested_at"
  };

  /** The compared values: every column between the ticker and the instants. */
  private static final int COMPARED = 10;

  private record Listing(
      LocalDate asOf,
      int version,
      String underlying,
      LocalDate expiry,
      String type,
      double strike,
      double shares,
      long availableAt,
      Instant ingestedAt) {}

  private record Bar(
      int version,
      double close,
      double volume,
      @Nullable Long trades,
      long availableAt,
      Instant eventTime,
      Instant ingestedAt) {}

  @Override
  public TypeInformation<Row> outputType() {
    return Types.ROW_NAMED(
        COLUMNS,
        Types.STRING,
        Types.STRING,
        Types.LOCAL_DATE,
        Types.INT,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.LONG,
        Types.LOCAL_DATE,
        Types.STRING,
        Types.DOUBLE,
        Types.DOUBLE,
        Types.INSTANT,
        Types.INSTANT,
        Types.INSTANT);
  }

  @Override
  public void compute(List<Row> inputs, Consumer<Row> out) {
    String ticker = (String) inputs.get(0).getField("option_ticker");
    List<Listing> listings = new ArrayList<>();
    Map<LocalDate, List<Bar>> bars = new TreeMap<>();
    for (Row row : inputs) {
      LocalDate day = (LocalDate) row.getField("session_date");
      long availableAt = KnownAt.millis(row, "available_at");
      Instant ingestedAt = (Instant) row.getField("ingested_at");
      if (LISTING.equals(row.getField("kind"))) {
        listings.add(
            new Listing(
                day,
                (Integer) row.getField("version"),
                (String) row.getField("underlying"),
                (LocalDate) row.getField("expiration_date"),
                (String) row.getField("contract_type"),
                (Double) row.getField("strike"),
                (Double) row.getField("shares_per_contract"),
                availableAt,
                ingestedAt));
      } else {
        bars.computeIfAbsent(day, d -> new ArrayList<>())
            .add(
                new Bar(
                    (Integer) row.getField("version"),
                    (Double) row.getField("close"),
                    (Double) row.getField("volume"),
                    (Long) row.getField("trades"),
                    availableAt,
                    (Instant) row.getField("event_time"),
                    ingestedAt));
      }
    }
    TreeSet<LocalDate> sessions = new TreeSet<>(bars.keySet());
    listings.forEach(l -> sessions.add(l.asOf()));
    // By day, so each session's listings as of it or earlier are a prefix: a contract listed for
    // months has as many listings as sessions, and filtering them all again for each session made
    // the step quadratic in the listing's length.
    listings.sort(Comparator.comparing(Listing::asOf));
    int listed = 0;
    for (LocalDate day : sessions) {
      List<Bar> versions = bars.getOrDefault(day, List.of());
      while (listed < listings.size() && !listings.get(listed).asOf().isAfter(day)) {
        listed++;
      }
      List<Listing> upToDay = listings.subList(0, listed);
      // A session's row starts with its bar or with its own listing, whichever is known first:
      // listings of earlier days known before that only give the terms.
      long first = Long.MAX_VALUE;
      for (Bar b : versions) {
        first = Math.min(first, b.availableAt());
      }
      for (int i = listed - 1; i >= 0 && upToDay.get(i).asOf().equals(day); i--) {
        first = Math.min(first, upToDay.get(i).availableAt());
      }
      TreeSet<Long> instants = new TreeSet<>();
      instants.add(first);
      for (Bar b : versions) {
        instants.add(b.availableAt());
      }
      for (Listing l : upToDay) {
        if (l.availableAt() > first) {
          instants.add(l.availableAt());
        }
      }
      KnownAt.eachChange(
          instants.tailSet(first, true),
          COMPARED,
          instant -> {
            Bar bar = KnownAt.newest(versions, instant, Bar::availableAt, Bar::version);
            Listing terms = terms(upToDay, instant);
            if (terms == null) {
              return null;
            }
            return new Object[] {
              terms.underlying(),
              day,
              bar == null ? null : bar.version(),
              bar == null ? null : bar.close(),
              bar == null ? null : bar.volume(),
              bar == null ? null : bar.trades(),
              terms.expiry(),
              terms.type(),
              terms.strike(),
              terms.shares(),
              bar == null ? startOfDay(day) : bar.eventTime(),
              bar == null ? terms.ingestedAt() : later(bar.ingestedAt(), terms.ingestedAt())
            };
          },
          (instant, v) ->
              out.accept(
                  Row.of(
                      ticker,
                      v[0],
                      v[1],
                      v[2],
                      v[3],
                      v[4],
                      v[5],
                      v[6],
                      v[7],
                      v[8],
                      v[9],
                      Instant.ofEpochMilli(instant),
                      v[10],
                      v[11])));
    }
  }

  /** The listing known at {@code instant} with the latest as-of day, its highest version. */
  @Nullable
  private static Listing terms(List<Listing> listings, long instant) {
    Listing best = null;
    for (Listing l : listings) {
      if (l.availableAt() <= instant
          && (best == null
              || l.asOf().isAfter(best.asOf())
              || l.asOf().equals(best.asOf()) && l.version() > best.version())) {
        best = l;
      }
    }
    return best;
  }

  private static Instant startOfDay(LocalDate day) {
    return MarketDates.startOfDay(day);
  }

  static Instant later(Instant a, Instant b) {
    return b.isAfter(a) ? b : a;
  }
}
