package io.pitlake.cli;

import io.pitlake.dq.DqOptions;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/** {@code --audit}, shared by the commands whose silver and gold can be write-audit-published. */
final class AuditOption {

  @Option(
      names = "--audit",
      description =
          "Write silver and gold to the branch 'audit', run the data-quality gates (sql/dq/) on it,"
              + " and move main only when no blocking gate finds anything (option dq.audit).")
  boolean audit;

  /** {@code options} with {@link DqOptions#AUDIT} on when the flag is given. */
  Configuration apply(Configuration options) {
    if (audit) {
      options.set(DqOptions.AUDIT, true);
    }
    return options;
  }
}
