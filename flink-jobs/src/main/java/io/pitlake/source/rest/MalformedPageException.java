package io.pitlake.source.rest;

/**
 * A 2xx response whose body is not a page of the vendor. Checked, because the source must turn it
 * into a failure record instead of failing the job: one bad page must not stop a backfill.
 */
public class MalformedPageException extends Exception {

  private static final long serialVersionUID = 1L;

  public MalformedPageException(String message) {
    super(message);
  }

  public MalformedPageException(String message, Throwable cause) {
    super(message, cause);
  }
}
