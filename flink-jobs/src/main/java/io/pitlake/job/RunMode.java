package io.pitlake.job;

import org.apache.flink.api.common.RuntimeExecutionMode;

/**
 * How a run executes: a backfill as one bounded batch job, or the same dataflow in streaming
 * runtime mode (what a live deployment runs). The SQL and the results are identical in both.
 */
public enum RunMode {
  BATCH(RuntimeExecutionMode.BATCH),
  STREAMING(RuntimeExecutionMode.STREAMING);

  private final RuntimeExecutionMode runtimeMode;

  RunMode(RuntimeExecutionMode runtimeMode) {
    this.runtimeMode = runtimeMode;
  }

  public RuntimeExecutionMode runtimeMode() {
    return runtimeMode;
  }
}
