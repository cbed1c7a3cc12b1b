package io.pitlake.cli;

/**
 * A flag value that parsed but cannot work (a range backwards, an unwritable directory): exit 2.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
