package io.pitlake.simulator;

/**
 * A request the simulator refuses with a JSON error body, carrying the HTTP status and Polygon's
 * {@code status} text so that one catch block answers every refusal the same way.
 */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String status;

  ApiException(int httpStatus, String status, String message) {
    super(message);
    this.httpStatus = httpStatus;
    this.status = status;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "ERROR", message);
  }

  int httpStatus() {
    return httpStatus;
  }

  String status() {
    return status;
  }
}
