package io.pitlake.time;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One NYSE regular trading session: the date it belongs to and its open and close as instants.
 *
 * <p>Instants rather than local times so that consumers compare them with event timestamps without
 * redoing the America/New_York conversion (and its DST shift) themselves.
 *
 * @param date the session date in America/New_York
 * @param open 09:30 America/New_York on {@code date}
 * @param close 16:00 America/New_York, or 13:00 on an early-close day
 * @param earlyClose whether the session closes at 13:00
 */
public record TradingSession(LocalDate date, Instant open, Instant close, boolean earlyClose) {}
