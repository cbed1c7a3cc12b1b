package io.pitlake.dq;

/** What a gate's findings do to the publish of the build it audits. */
public enum Severity {
  /** Any finding stops the publish: {@code main} stays as it was, the branch is kept. */
  BLOCK,
  /** Findings are recorded in {@code gold.dq_results} and the build is published. */
  WARN
}
