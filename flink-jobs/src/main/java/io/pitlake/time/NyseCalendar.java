package io.pitlake.time;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The NYSE trading calendar for 2000–2099: which dates are sessions, when they open and close, and
 * a dense session index for arithmetic over trading days.
 *
 * <p>Point-in-time logic keys on sessions, not calendar days ("the close of the previous session",
 * "a bar is late if it is missing one session after its date"), and no maintained Java library
 * provides NYSE sessions with early closes (see {@code nyse-calendar.md}). The calendar is computed
 * from the published rules plus a short list of ad-hoc closures, and is checked against a fixture
 * for 2012–2027 in {@code NyseCalendarTest}.
 *
 * <p>Stateless and thread-safe: the session table is built once, lazily, on first use and shared by
 * every caller. The class is {@link Serializable} so that Flink functions can hold it as a field;
 * deserialization resolves to the singleton.
 *
 * <p>Every method that takes a date throws {@link IllegalArgumentException} for dates outside
 * {@link #FIRST_SUPPORTED_DATE}..{@link #LAST_SUPPORTED_DATE}, so that a wrong year fails loudly
 * instead of silently reading as "closed".
 */
public final class NyseCalendar implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The exchange's time zone; session times are wall-clock times in this zone. */
  public static final ZoneId ZONE = ZoneId.of("America/New_York");

  public static final LocalDate FIRST_SUPPORTED_DATE = LocalDate.of(2000, 1, 1);
  public static final LocalDate LAST_SUPPORTED_DATE = LocalDate.of(2099, 12, 31);

  private static final LocalTime OPEN = LocalTime.of(9, 30);
  private static final LocalTime CLOSE = LocalTime.of(16, 0);
  private static final LocalTime EARLY_CLOSE = LocalTime.of(13, 0);

  /**
   * Extended hours end four hours after the regular close: post-market runs 16:00–20:00 (C1 in
   * {@code nyse-calendar.md}), and on early-close days the exchanges end late trading at 17:00.
   */
  private static final LocalTime EXTENDED_CLOSE = LocalTime.of(20, 0);

  private static final LocalTime EARLY_EXTENDED_CLOSE = LocalTime.of(17, 0);

  private static final NyseCalendar INSTANCE = new NyseCalendar();

  private NyseCalendar() {}

  public static NyseCalendar instance() {
    return INSTANCE;
  }

  /**
   * Whether {@code date} lies inside the supported range, for callers that prefer a check to the
   * {@link IllegalArgumentException} the other methods throw.
   */
  public boolean supports(LocalDate date) {
    checkNotNull(date, "date must not be null");
    return !date.isBefore(FIRST_SUPPORTED_DATE) && !date.isAfter(LAST_SUPPORTED_DATE);
  }

  public boolean isSession(LocalDate date) {
    return table().indexOf(checkSupported(date)) >= 0;
  }

  /** The session on {@code date}, or empty if the exchange is closed all day. */
  public Optional<TradingSession> session(LocalDate date) {
    int index = table().indexOf(checkSupported(date));
    if (index < 0) {
      return Optional.empty();
    }
    boolean early = table().isEarlyClose(index);
    return Optional.of(
        new TradingSession(date, at(date, OPEN), at(date, early ? EARLY_CLOSE : CLOSE), early));
  }

  /** The session dates in {@code fromInclusive..toInclusive}, ascending; an immutable list. */
  public List<LocalDate> sessions(LocalDate fromInclusive, LocalDate toInclusive) {
    checkSupported(fromInclusive);
    checkSupported(toInclusive);
    checkArgument(
        !fromInclusive.isAfter(toInclusive),
        "fromInclusive %s is after toInclusive %s; swap them",
        fromInclusive,
        toInclusive);
    SessionTable table = table();
    int from = table.firstIndexOnOrAfter(fromInclusive);
    int to = table.firstIndexOnOrAfter(toInclusive.plusDays(1));
    LocalDate[] dates = new LocalDate[to - from];
    for (int i = from; i < to; i++) {
      dates[i - from] = table.dateAt(i);
    }
    return List.of(dates);
  }

  /**
   * The ordinal of the session {@code date}, counted over sessions only from the first session of
   * 2000 (2000-01-03 is 0, 2000-01-04 is 1).
   *
   * @throws IllegalArgumentException if {@code date} is not a session or is out of range
   */
  public int sessionIndex(LocalDate date) {
    int index = table().indexOf(checkSupported(date));
    if (index < 0) {
      throw new IllegalArgumentException(
          String.format("%s is not an NYSE session (%s)", date, closureName(date).orElseThrow()));
    }
    return index;
  }

  /** The session index of {@code date}, or empty if the exchange is closed that day. */
  public OptionalInt sessionIndexIfSession(LocalDate date) {
    int index = table().indexOf(checkSupported(date));
    return index >= 0 ? OptionalInt.of(index) : OptionalInt.empty();
  }

  /** The session with the given index; the inverse of {@link #sessionIndex(LocalDate)}. */
  public LocalDate sessionAt(int index) {
    checkArgument(
        index >= 0 && index < sessionCount(),
        "session index %s is outside 0..%s (sessions %s..%s)",
        index,
        sessionCount() - 1,
        FIRST_SUPPORTED_DATE,
        LAST_SUPPORTED_DATE);
    return table().dateAt(index);
  }

  /** The number of sessions in the supported range; valid indexes are {@code 0..count-1}. */
  public int sessionCount() {
    return table().sessionCount();
  }

  /** The last session strictly before {@code date}, or empty before the first session of 2000. */
  public Optional<LocalDate> previousSession(LocalDate date) {
    int next = table().firstIndexOnOrAfter(checkSupported(date));
    return next == 0 ? Optional.empty() : Optional.of(table().dateAt(next - 1));
  }

  /**
   * The end of the extended-hours window that a vendor's daily bar covers: 20:00 America/New_York,
   * or 17:00 on an early-close day.
   *
   * <p>Evidence: pandas_market_calendars models post-market as 16:00–20:00, four hours after the
   * regular close, and Polygon's daily bars include pre- and post-market trades ({@code
   * polygon.md}). On early-close days the exchanges end after-hours trading at 17:00, again four
   * hours after the 13:00 close. A daily bar is therefore final no earlier than this instant.
   *
   * @throws IllegalArgumentException if {@code session} is not a session or is out of range
   */
  public Instant extendedClose(LocalDate session) {
    int index = sessionIndex(session);
    return at(session, table().isEarlyClose(index) ? EARLY_EXTENDED_CLOSE : EXTENDED_CLOSE);
  }

  /**
   * Why the exchange is closed all day on {@code date}: the holiday's name for a weekday closure,
   * {@code "Weekend"} on Saturday and Sunday, empty if {@code date} is a session.
   */
  public Optional<String> closureName(LocalDate date) {
    if (isSession(date)) {
      return Optional.empty();
    }
    String name = table().closureName(date);
    return Optional.of(name != null ? name : "Weekend");
  }

  private static Instant at(LocalDate date, LocalTime time) {
    return ZonedDateTime.of(date, time, ZONE).toInstant();
  }

  private LocalDate checkSupported(LocalDate date) {
    checkArgument(
        supports(date),
        "date %s is outside the supported NYSE calendar range %s..%s",
        date,
        FIRST_SUPPORTED_DATE,
        LAST_SUPPORTED_DATE);
    return date;
  }

  private static SessionTable table() {
    return TableHolder.TABLE;
  }

  private Object readResolve() {
    return INSTANCE;
  }

  /** Builds the table on first use only (initialization-on-demand holder). */
  private static final class TableHolder {
    static final SessionTable TABLE = SessionTable.build(FIRST_SUPPORTED_DATE, LAST_SUPPORTED_DATE);
  }
}
