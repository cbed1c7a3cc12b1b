package io.pitlake.dq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gate {@link Gate#ROW_COUNT}: every table is insert-only, so an audited table with fewer rows than
 * {@code main} holds (the previous publish) lost rows a reader has already seen: its build read an
 * input that was empty or cut short. Counts come from the snapshots' summaries, so the gate reads
 * no data file.
 */
final class RowCounts {

  private RowCounts() {}

  /**
   * @param published each audited table's rows on {@code main}
   * @param audited the same tables' rows on the audit branch
   */
  static List<Finding> findings(Map<String, Long> published, Map<String, Long> audited) {
    List<Finding> findings = new ArrayList<>();
    audited.forEach(
        (table, rows) -> {
          long before = published.getOrDefault(table, 0L);
          if (rows < before) {
            findings.add(
                new Finding(
                    Gate.ROW_COUNT,
                    table,
                    null,
                    String.format(
                        "%d rows, %d fewer than the previous publish's %d",
                        rows, before - rows, before)));
          }
        });
    return findings;
  }
}
