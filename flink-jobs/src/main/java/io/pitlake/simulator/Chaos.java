package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import java.time.Duration;
import java.util.Random;

/**
 * The transient faults a flaky vendor or network produces, as fractions of requests: 429 storms,
 * 5xx, slow answers, bodies cut off mid-transfer, connections dropped without an answer, a CDN's
 * HTML error page served with status 200, and a 200 JSON answer that breaks off half way.
 *
 * <p>Every one of them is a fault that a correct client survives by retrying, so a run against a
 * chaotic simulator must end with exactly the tables of a run against a calm one; that is what the
 * chaos tests assert. Faults are drawn from {@code seed}, so a failing run can be repeated (up to
 * the order in which parallel readers send their requests).
 *
 * <p>The last two reach the client as a complete status-200 answer it cannot read. A client cannot
 * tell such a page from a vendor that really serves garbage, so pitlake's source fetches an
 * unreadable page again only {@code rest.unreadable-page-retries} times and then quarantines it: a
 * transient fault is survived, a lasting one never retried forever.
 *
 * @param tooManyRequests fraction answered 429
 * @param serverErrors fraction answered 503
 * @param slow fraction answered after {@code slowDelay}
 * @param truncated fraction whose body stops half way (the declared length is not reached)
 * @param dropped fraction whose connection is closed without any answer
 * @param htmlErrorPage fraction answered 200 with an HTML error page instead of JSON
 * @param malformedJson fraction of successful answers sent complete but cut to their first half: a
 *     status-200 JSON body that does not parse (error answers are sent whole)
 * @param slowDelay how long a slow answer waits
 * @param seed seeds the draw
 */
public record Chaos(
    double tooManyRequests,
    double serverErrors,
    double slow,
    double truncated,
    double dropped,
    double htmlErrorPage,
    double malformedJson,
    Duration slowDelay,
    long seed) {

  /** What one request gets. */
  public enum Fault {
    NONE,
    TOO_MANY_REQUESTS,
    SERVER_ERROR,
    SLOW,
    TRUNCATED,
    DROPPED,
    HTML_ERROR_PAGE,
    MALFORMED_JSON
  }

  public Chaos {
    checkNotNull(slowDelay, "slowDelay must not be null");
    checkArgument(!slowDelay.isNegative(), "slowDelay %s must not be negative", slowDelay);
    double[] rates = {
      tooManyRequests, serverErrors, slow, truncated, dropped, htmlErrorPage, malformedJson
    };
    for (double rate : rates) {
      checkArgument(rate >= 0 && rate <= 1, "chaos rate %s is not a fraction in [0, 1]", rate);
    }
    checkArgument(
        tooManyRequests + serverErrors + slow + truncated + dropped + htmlErrorPage + malformedJson
            <= 1,
        "chaos rates add up to more than 1: lower them");
  }

  /** No faults. */
  public static Chaos none() {
    return new Chaos(0, 0, 0, 0, 0, 0, 0, Duration.ZERO, 0);
  }

  /** {@code total} of all requests faulty, split evenly over the seven kinds; slow means 200 ms. */
  public static Chaos evenly(double total, long seed) {
    double each = total / 7;
    return new Chaos(each, each, each, each, each, each, each, Duration.ofMillis(200), seed);
  }

  /** Draws the fault for one request. */
  Fault draw(Random random) {
    double x = random.nextDouble();
    double edge = tooManyRequests;
    if (x < edge) {
      return Fault.TOO_MANY_REQUESTS;
    }
    edge += serverErrors;
    if (x < edge) {
      return Fault.SERVER_ERROR;
    }
    edge += slow;
    if (x < edge) {
      return Fault.SLOW;
    }
    edge += truncated;
    if (x < edge) {
      return Fault.TRUNCATED;
    }
    edge += dropped;
    if (x < edge) {
      return Fault.DROPPED;
    }
    edge += htmlErrorPage;
    if (x < edge) {
      return Fault.HTML_ERROR_PAGE;
    }
    edge += malformedJson;
    return x < edge ? Fault.MALFORMED_JSON : Fault.NONE;
  }
}
