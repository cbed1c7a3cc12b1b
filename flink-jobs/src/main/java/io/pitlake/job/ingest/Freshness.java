package io.pitlake.job.ingest;

import static org.apache.flink.util.Preconditions.checkArgument;

import io.pitlake.time.NyseCalendar;
import io.pitlake.vendor.polygon.PolygonDailyBarAvailability;
import io.pitlake.vendor.polygon.PolygonOptions;
import io.pitlake.vendor.sec.EdgarCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;

/**
 * What {@code pitlake update} needs to know of a dataset to fetch only what its vendor published
 * since the lake last heard from it. Declared once per dataset, with the dataset: {@link
 * VendorDataset}'s constants, Polygon's daily bars among them.
 *
 * @param column the bronze column whose newest value for a key (a ticker, a CIK) is that key's
 *     high-water mark: {@code event_time} where it moves with what the vendor publishes (a session,
 *     an article's publication, an action's date, which the requests filter on), {@code
 *     available_at} for documents, whose event is a period's end
 * @param lookback how far before its mark's day a key is asked for again, so that the vendor's
 *     revisions of recent data become new versions (what is unchanged adds nothing)
 * @param calendar the days on which the vendor publishes
 * @param wholeHistory the vendor answers every request with the key's whole history (SEC and FMP
 *     documents, ticker events, Polygon's adjusted bars, which every split rewrites): an update
 *     asks for it again from the key's first day in the lake, at the cost of any request
 * @param sparse a key has rows only once something happened to it (a split, an article): an update
 *     asks for every ticker the lake holds, not only those the dataset holds, or a key's first
 *     event would never be fetched
 */
public record Freshness(
    String column, Period lookback, Calendar calendar, boolean wholeHistory, boolean sparse) {

  public static final String EVENT_TIME = "event_time";
  public static final String AVAILABLE_AT = "available_at";

  public Freshness {
    checkArgument(
        EVENT_TIME.equals(column) || AVAILABLE_AT.equals(column),
        "high-water column %s: use event_time or available_at",
        column);
    checkArgument(!lookback.isNegative(), "lookback %s must not be negative", lookback);
  }

  /**
   * A dataset asked for by date, with rows for every key and day (bars): each key from its newest
   * day less {@code lookbackDays}.
   */
  public static Freshness since(int lookbackDays, Calendar calendar) {
    return new Freshness(EVENT_TIME, Period.ofDays(lookbackDays), calendar, false, false);
  }

  /** Events asked for by date, any day, for every ticker of the lake. */
  public static Freshness events(int lookbackDays) {
    return new Freshness(EVENT_TIME, Period.ofDays(lookbackDays), Calendar.EVERY_DAY, false, true);
  }

  /** Documents each key has (filings, statements), served whole, marked by their availability. */
  public static Freshness documents(Calendar calendar) {
    return new Freshness(AVAILABLE_AT, Period.ZERO, calendar, true, false);
  }

  /** A key's whole history of dated rows in every answer. */
  public static Freshness history(Calendar calendar, boolean sparse) {
    return new Freshness(EVENT_TIME, Period.ZERO, calendar, true, sparse);
  }

  /** The days a vendor publishes on, and what that says about an update on a given day. */
  public enum Calendar {
    /**
     * NYSE sessions: a session's bars are final once published (the close plus after-hours plus
     * {@code polygon.aggs-day.publication-delay}, as {@code pitlake live} computes it), so a key
     * whose newest session is the newest published one has nothing new, and nothing is new on a
     * holiday.
     */
    NYSE_SESSIONS,
    /**
     * EDGAR's business days ({@link EdgarCalendar}: open on Good Friday, closed on Columbus Day).
     * Filings arrive all day, so a business day is never done; a closed day brings nothing once the
     * lake holds the last business day before it.
     */
    EDGAR_DAYS,
    /** Every day (news, corporate actions, statements): something may always be new. */
    EVERY_DAY;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    /**
     * The newest day the vendor has published by {@code now}: the default {@code --to}. For bars,
     * the newest session whose bars are out, never a partial one; otherwise today in New York.
     */
    public LocalDate latest(Instant now, Configuration options) {
      if (this == NYSE_SESSIONS) {
        LocalDate session = barRule(options).newestAvailableSession(now);
        return session != null ? session : NyseCalendar.FIRST_SUPPORTED_DATE;
      }
      return LocalDate.ofInstant(now, NyseCalendar.ZONE);
    }

    /** Whether this calendar decides per key (bars: each symbol's sessions are complete). */
    public boolean perKey() {
      return this == NYSE_SESSIONS;
    }

    /**
     * Why nothing can be new after {@code newest}, the lake's newest day (of a key, or of the
     * dataset), up to {@code to}; empty when something may be.
     *
     * @param asked the day the run is for ({@code --to}, else today in New York); {@code to} is
     *     earlier when its bars are not out yet
     */
    public Optional<String> quiet(
        LocalDate newest, LocalDate to, LocalDate asked, Configuration options) {
      switch (this) {
        case NYSE_SESSIONS:
          if (newest.isBefore(to)
              && !NyseCalendar.instance().sessions(newest.plusDays(1), to).isEmpty()) {
            return Optional.empty();
          }
          Optional<String> closed = NyseCalendar.instance().closureName(asked);
          if (newest.isBefore(asked) && closed.isPresent()) {
            return Optional.of(
                String.format("no NYSE session after %s (%s: %s)", newest, asked, closed.get()));
          }
          if (newest.isBefore(asked) && to.isBefore(asked)) {
            return Optional.of(
                String.format(
                    "no NYSE session after %s is out (%s's bars are out at %s New York)",
                    newest,
                    asked,
                    barRule(options).availableAt(asked).atZone(NyseCalendar.ZONE).format(CLOCK)));
          }
          return Optional.of(String.format("the lake holds every session through %s", newest));
        case EDGAR_DAYS:
          if (EdgarCalendar.isBusinessDay(to)) {
            return Optional.empty();
          }
          for (LocalDate day = newest.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
            if (EdgarCalendar.isBusinessDay(day)) {
              return Optional.empty();
            }
          }
          return Optional.of(
              String.format(
                  "no EDGAR business day after %s (%s: %s)",
                  newest, to, EdgarCalendar.closureName(to).orElseThrow()));
        default:
          return Optional.empty();
      }
    }

    private static PolygonDailyBarAvailability barRule(Configuration options) {
      return new PolygonDailyBarAvailability(options.get(PolygonOptions.PUBLICATION_DELAY));
    }
  }
}
