package io.pitlake.dq;

import io.pitlake.time.NyseCalendar;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SnapshotUtil;

/**
 * The sessions the gates read. Every gate judges the audited symbol-days (a daily bar version the
 * branch holds and {@code main} does not) by those days and a fixed number of sessions before them,
 * so reading silver's whole history makes an audit grow with the lake instead of with the build.
 * Each audited version is in a data file the branch added since {@code main} (the branch starts at
 * {@code main}), so the smallest {@code session_date} bound of those files, from the manifests
 * alone, bounds the audited days from below.
 */
final class GateWindow {

  private static final String SESSION_DATE = "session_date";

  private GateWindow() {}

  /**
   * The earliest session of a row {@code branch} added to {@code bars} since {@code main}: empty
   * when it added none (no day to judge); the calendar's first date when a file has no bound. A
   * branch that does not descend from {@code main} (a writer committed to {@code main} meanwhile)
   * counts every file of its history.
   */
  static Optional<LocalDate> earliestAdded(Table bars, String branch) {
    Snapshot head = bars.snapshot(branch);
    if (head == null) {
      return Optional.empty();
    }
    Snapshot main = bars.currentSnapshot();
    Iterable<Snapshot> added =
        main == null
            ? SnapshotUtil.ancestorsOf(head.snapshotId(), bars::snapshot)
            : SnapshotUtil.ancestorsBetween(head.snapshotId(), main.snapshotId(), bars::snapshot);
    Types.NestedField column = bars.schema().findField(SESSION_DATE);
    LocalDate earliest = null;
    for (Snapshot snapshot : added) {
      for (DataFile file : snapshot.addedDataFiles(bars.io())) {
        if (file.recordCount() == 0) {
          continue;
        }
        ByteBuffer bound =
            file.lowerBounds() == null ? null : file.lowerBounds().get(column.fieldId());
        LocalDate day =
            bound == null
                ? NyseCalendar.FIRST_SUPPORTED_DATE
                : LocalDate.ofEpochDay((Integer) Conversions.fromByteBuffer(column.type(), bound));
        earliest = earliest == null || day.isBefore(earliest) ? day : earliest;
      }
    }
    return Optional.ofNullable(earliest);
  }

  /**
   * The first instant of New York day {@code day}: a bound on {@code event_time} that keeps every
   * row whose day is {@code new_york_date(event_time) >= day} and nothing earlier (exact in summer
   * and winter time, so it drops no row of the window). A day that is no partition source ({@code
   * silver.minute_bars}' {@code session_date}: files skipped only after every manifest was read) or
   * that SQL computes from {@code event_time} (no file skipped at all) costs a read of the whole
   * table's metadata; with this bound Iceberg skips the minutes' manifests of the months before the
   * window unread (they are partitioned by {@code month(event_time)}) and other tables' files by
   * their {@code event_time} statistics.
   */
  static Instant startOf(LocalDate day) {
    return day.atStartOfDay(NyseCalendar.ZONE).toInstant();
  }

  /** The session {@code sessions} sessions before {@code day}, or the calendar's first date. */
  static LocalDate sessionsBefore(LocalDate day, int sessions) {
    NyseCalendar calendar = NyseCalendar.instance();
    LocalDate from = day;
    for (int i = 0; i < sessions; i++) {
      if (!calendar.supports(from)) {
        return NyseCalendar.FIRST_SUPPORTED_DATE;
      }
      Optional<LocalDate> previous = calendar.previousSession(from);
      if (previous.isEmpty()) {
        return NyseCalendar.FIRST_SUPPORTED_DATE;
      }
      from = previous.get();
    }
    return from.isBefore(NyseCalendar.FIRST_SUPPORTED_DATE)
        ? NyseCalendar.FIRST_SUPPORTED_DATE
        : from;
  }
}
