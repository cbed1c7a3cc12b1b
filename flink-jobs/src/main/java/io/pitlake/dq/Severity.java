package io.pitlake.dq;

/** What a gate's findings do to the publish of the build it audits. */
public enum Severity {
  /** Any finding stops the publish: {@code main} stays as it was, the branch is kept. */
  BLOCK,
  /**
   * Each finding's symbol is withheld from its day on: those bar versions go to {@code
   * silver.quarantine} (stage {@code dq}) instead of silver, gold is built without them, and the
   * rest is published; the next audit judges them again ({@link Quarantine}).
   */
  QUARANTINE,
  /** Findings are recorded in {@code gold.dq_results} and the build is published. */
  WARN
}
