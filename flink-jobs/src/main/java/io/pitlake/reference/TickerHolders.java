package io.pitlake.reference;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.Nullable;
import org.apache.flink.types.Row;

/**
 * Which security traded as a ticker on a day, as {@code silver.security_master} (Polygon) knew it
 * at an instant: the point-in-time symbol resolution that {@code gold.panel_daily} (for the CIK)
 * and {@code gold.features_daily} (for the {@code security_id}) share.
 *
 * <p>It holds every state of every security that ever had the symbol as its ticker (the SQL reaches
 * them through a self-join of the master on {@code security_id}, possibly several times each: they
 * are a set). A state holds the ticker on a day, as known at an instant, when it has that ticker,
 * was known by the instant, starts on or before the day, and no state of the same security known by
 * the instant starts after it and on or before the day. A state learned later never changes what an
 * earlier instant resolves to, so a row stated at an instant keeps its security.
 */
public final class TickerHolders implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * A master state of a security: the columns of a {@code kind = 'master'} input row.
   *
   * @param cik NULL where the master has none
   */
  public record State(
      String securityId,
      LocalDate validFrom,
      String ticker,
      boolean active,
      @Nullable Long cik,
      long availableAt)
      implements Serializable {

    /**
     * The state of an input row with columns {@code security_id}, {@code valid_from}, {@code
     * ticker}, {@code active}, {@code cik} (BIGINT) and {@code available_at}.
     */
    public static State of(Row row) {
      return new State(
          (String) row.getField("security_id"),
          (LocalDate) row.getField("valid_from"),
          (String) row.getField("ticker"),
          (Boolean) row.getField("active"),
          (Long) row.getField("cik"),
          ((Instant) row.getField("available_at")).toEpochMilli());
    }
  }

  private final Set<State> states = new HashSet<>();

  /** Adds the state of a {@code kind = 'master'} input row; a state seen twice counts once. */
  public void add(Row row) {
    states.add(State.of(row));
  }

  /**
   * The states that held {@code symbol} on {@code date} as the master knew it at {@code instant}.
   */
  public List<State> holding(String symbol, LocalDate date, long instant) {
    return states.stream()
        .filter(
            m ->
                m.ticker().equals(symbol)
                    && m.availableAt() <= instant
                    && !m.validFrom().isAfter(date)
                    && !followed(m, date, instant))
        .toList();
  }

  /**
   * The security that traded as {@code symbol} on {@code date} as known at {@code instant}: an
   * active holder before an inactive one (a reused ticker's delisted former owner), then the
   * smallest id; NULL where the master knew no holder then.
   */
  public @Nullable String securityId(String symbol, LocalDate date, long instant) {
    String found = null;
    boolean foundActive = false;
    for (State m : holding(symbol, date, instant)) {
      if (found == null
          || (m.active() && !foundActive)
          || (m.active() == foundActive && m.securityId().compareTo(found) < 0)) {
        found = m.securityId();
        foundActive = m.active();
      }
    }
    return found;
  }

  /**
   * Whether a state of {@code m}'s security known by {@code instant} followed it by {@code date}.
   */
  private boolean followed(State m, LocalDate date, long instant) {
    for (State n : states) {
      if (n.securityId().equals(m.securityId())
          && n.validFrom().isAfter(m.validFrom())
          && !n.validFrom().isAfter(date)
          && n.availableAt() <= instant) {
        return true;
      }
    }
    return false;
  }
}
