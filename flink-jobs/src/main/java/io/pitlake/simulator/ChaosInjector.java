package io.pitlake.simulator;

import static org.apache.flink.util.Preconditions.checkNotNull;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers a simulator's requests with the faults of a {@link Chaos}: draws one fault per request
 * and puts it on the wire, or lets the request's real answer through.
 *
 * <p>Every simulator (Polygon, Alpaca, SEC, FMP) answers through one injector, so a cut body or a
 * dropped connection is the same fault at every vendor, and the source's retries are tested the
 * same way for each. Only the bodies of 429 and 503 are the vendor's own ({@link StatusAnswer}),
 * because a client may read them. Thread-safe: the simulators' worker threads share one injector.
 */
public final class ChaosInjector {

  /** Sends one request's real answer. */
  @FunctionalInterface
  public interface Answer {
    void send(HttpExchange exchange) throws IOException;
  }

  /** Sends a vendor's own answer with {@code status} (429 or 503) and its error body. */
  @FunctionalInterface
  public interface StatusAnswer {
    void send(HttpExchange exchange, int status) throws IOException;
  }

  private final Chaos chaos;
  private final StatusAnswer statusAnswer;
  private final Random draw;
  private final Map<Chaos.Fault, AtomicInteger> injected = new EnumMap<>(Chaos.Fault.class);

  public ChaosInjector(Chaos chaos, StatusAnswer statusAnswer) {
    this.chaos = checkNotNull(chaos, "chaos must not be null; use Chaos.none()");
    this.statusAnswer = checkNotNull(statusAnswer, "statusAnswer must not be null");
    this.draw = new Random(chaos.seed());
    for (Chaos.Fault fault : Chaos.Fault.values()) {
      injected.put(fault, new AtomicInteger());
    }
  }

  /**
   * Answers a request that passed the vendor's own checks (key, rate limit) with its drawn fault,
   * or with {@code answer}: delayed, cut, or as it is. A {@link Chaos.Fault#DROPPED} request gets
   * nothing; the caller's closing of the exchange, with no headers sent, closes the connection.
   */
  public void answer(HttpExchange exchange, Answer answer) throws IOException {
    Chaos.Fault fault = nextFault();
    switch (fault) {
      case TOO_MANY_REQUESTS -> statusAnswer.send(exchange, 429);
      case SERVER_ERROR -> statusAnswer.send(exchange, 503);
      case DROPPED -> {}
      case HTML_ERROR_PAGE -> HttpResponses.sendHtmlErrorPage(exchange);
      case SLOW -> {
        pause(chaos);
        answer.send(exchange);
      }
      case TRUNCATED -> {
        try {
          answer.send(
              new TruncatingExchange(exchange, TruncatingExchange.Cut.SHORT_OF_DECLARED_LENGTH));
        } catch (IOException cutOnPurpose) {
          // The server refuses to finish a body shorter than declared; the client sees it cut.
        }
      }
      case MALFORMED_JSON ->
          answer.send(new TruncatingExchange(exchange, TruncatingExchange.Cut.HALF_DECLARED));
      case NONE -> answer.send(exchange);
    }
  }

  /** How many requests got each fault so far ({@code NONE}: none). */
  public Map<Chaos.Fault, Integer> injectedFaults() {
    Map<Chaos.Fault, Integer> counts = new EnumMap<>(Chaos.Fault.class);
    injected.forEach((fault, count) -> counts.put(fault, count.get()));
    return counts;
  }

  private Chaos.Fault nextFault() {
    Chaos.Fault fault;
    synchronized (draw) {
      fault = chaos.draw(draw);
    }
    injected.get(fault).incrementAndGet();
    return fault;
  }

  private static void pause(Chaos chaos) {
    try {
      Thread.sleep(chaos.slowDelay().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
