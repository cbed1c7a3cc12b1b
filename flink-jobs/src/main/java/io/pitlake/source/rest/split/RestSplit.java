package io.pitlake.source.rest.split;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.Nullable;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One key (for price data, a vendor ticker) over one inclusive date range, plus how far it was
 * read.
 *
 * <p>The progress fields are what a checkpoint keeps: a restored split resumes at {@code cursorUrl}
 * without fetching its earlier pages again. There are three states:
 *
 * <ul>
 *   <li>not started: {@code cursorUrl == null && pagesFetched == 0}, the reader asks the protocol
 *       for the first page;
 *   <li>in progress: {@code cursorUrl != null}, the next page to fetch, without any credential;
 *   <li>exhausted: {@code cursorUrl == null && pagesFetched > 0}, the last page was emitted but the
 *       split had not yet been reported finished when the checkpoint was taken; the reader finishes
 *       it without a request.
 * </ul>
 *
 * @param splitId unique and deterministic, e.g. {@code AAPL:2023-01-01:2023-12-31}
 * @param key the vendor key the protocol puts into the first page's URL
 * @param from first day, inclusive
 * @param to last day, inclusive
 * @param cursorUrl the next page to fetch; see above
 * @param pagesFetched pages whose elements were all emitted
 */
public record RestSplit(
    String splitId,
    String key,
    LocalDate from,
    LocalDate to,
    @Nullable String cursorUrl,
    int pagesFetched)
    implements SourceSplit, java.io.Serializable {

  public RestSplit {
    checkArgument(
        splitId != null && !splitId.isBlank(), "splitId must not be blank: use RestSplit.chunks");
    checkArgument(key != null && !key.isBlank(), "key of split %s must not be blank", splitId);
    checkArgument(
        from != null && to != null && !from.isAfter(to),
        "split %s: from %s is after to %s: swap them",
        splitId,
        from,
        to);
    checkArgument(
        pagesFetched >= 0, "split %s: pagesFetched %s must be >= 0", splitId, pagesFetched);
  }

  /** A split that starts at the protocol's first page. */
  public static RestSplit of(String key, LocalDate from, LocalDate to) {
    return new RestSplit(key + ":" + from + ":" + to, key, from, to, null, 0);
  }

  /**
   * Cuts {@code [from, to]} into consecutive chunks of {@code chunk} (the last one may be shorter)
   * and makes one split per chunk and key, ordered by chunk start, then key. A bounded backfill
   * handed out in this order moves forward through time across all symbols, so a partial run leaves
   * a complete early period instead of a few complete symbols.
   */
  public static List<RestSplit> chunks(
      List<String> keys, LocalDate from, LocalDate to, Period chunk) {
    checkArgument(keys != null && !keys.isEmpty(), "keys must not be empty: pass at least one key");
    checkArgument(
        from != null && to != null && !from.isAfter(to),
        "from %s is after to %s: swap them",
        from,
        to);
    checkArgument(
        chunk != null && !chunk.isNegative() && !chunk.isZero(),
        "chunk %s must be a positive period, e.g. P1Y",
        chunk);
    Set<String> seen = new HashSet<>();
    for (String key : keys) {
      checkArgument(key != null && !key.isBlank(), "keys must not contain a blank key");
      checkArgument(seen.add(key), "key %s is listed twice: list each key once", key);
    }
    Set<String> sortedKeys = new TreeSet<>(keys);
    List<RestSplit> splits = new ArrayList<>();
    for (LocalDate start = from; !start.isAfter(to); ) {
      LocalDate end = start.plus(chunk).minusDays(1);
      if (end.isAfter(to)) {
        end = to;
      }
      for (String key : sortedKeys) {
        splits.add(of(key, start, end));
      }
      start = end.plusDays(1);
    }
    return splits;
  }

  /** Whether the last page was emitted; see the class comment. */
  public boolean isExhausted() {
    return cursorUrl == null && pagesFetched > 0;
  }
}
