package io.pitlake.dq;

/**
 * A blocking gate found something: the build was not published. The message is the one line the CLI
 * prints: the gates, their first rows, where the rest are and the option that relaxes each.
 */
public final class AuditFailedException extends RuntimeException {

  AuditFailedException(String message) {
    super(message);
  }
}
