package io.pitlake.universe;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import io.pitlake.job.ingest.RawNormalizer;
import io.pitlake.time.NyseCalendar;
import java.time.Instant;
import java.time.LocalDate;
import javax.annotation.Nullable;

/**
 * One version of an index membership as a universe file states it, before the lake numbers it: a
 * row of {@code silver.index_membership} without its version.
 *
 * @param indexId the index, as the file names it
 * @param member the file's ticker, or {@code cik:<digits>}
 * @param symbol the ticker in pitlake's spelling, or null for a member given by CIK
 * @param cik the member's SEC CIK, or null for a member given by ticker
 * @param effectiveFrom first New York date the member is in
 * @param effectiveTo first New York date it is out, or null while this version knows no end
 * @param announcedAt when the file says the line became public, or null
 * @param availableAt when a strategy could first have known the line
 */
public record MembershipChange(
    String indexId,
    String member,
    @Nullable String symbol,
    @Nullable Long cik,
    LocalDate effectiveFrom,
    @Nullable LocalDate effectiveTo,
    @Nullable Instant announcedAt,
    Instant availableAt) {

  public MembershipChange {
    checkNotNull(indexId, "indexId must not be null");
    checkNotNull(member, "member must not be null");
    checkNotNull(effectiveFrom, "effectiveFrom must not be null");
    checkNotNull(availableAt, "availableAt must not be null");
    checkArgument(
        (symbol == null) != (cik == null),
        "a member is a ticker or a CIK: %s gives %s",
        member,
        cik);
    checkArgument(
        effectiveTo == null || effectiveTo.isAfter(effectiveFrom),
        "effective_to %s is not after effective_from %s",
        effectiveTo,
        effectiveFrom);
  }

  /** The day of the change this version records: its end if it has one, else its start. */
  public LocalDate changeDate() {
    return effectiveTo == null ? effectiveFrom : effectiveTo;
  }

  /** 00:00 New York of {@link #changeDate}: the instant the change takes effect. */
  public Instant eventTime() {
    return startOfDay(changeDate());
  }

  /** A stable hash of every typed field: the same line read twice is one version. */
  public String hash() {
    String text =
        String.join(
            "|",
            indexId,
            member,
            effectiveFrom.toString(),
            String.valueOf(effectiveTo),
            String.valueOf(announcedAt),
            availableAt.toString());
    return RawNormalizer.sha256(text);
  }

  static Instant startOfDay(LocalDate day) {
    return day.atStartOfDay(NyseCalendar.ZONE).toInstant();
  }
}
