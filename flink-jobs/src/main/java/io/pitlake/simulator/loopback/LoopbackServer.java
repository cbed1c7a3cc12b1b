package io.pitlake.simulator.loopback;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkState;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.pitlake.http.HttpServers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK HTTP server on 127.0.0.1 and an ephemeral port, answering on a few daemon threads: the
 * plumbing the vendor simulators share, so each of them is only its routes and its data.
 *
 * <p>Each vendor has its own configurable base URL, so each simulator is its own server; a test
 * starts only the vendors it needs. A handler that throws is answered with HTTP 500 and the
 * exception's text, which reaches the test that hit the simulator's bug.
 */
public final class LoopbackServer implements AutoCloseable {

  /** Answers one request; the server closes the exchange afterwards. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;
  private final AtomicInteger requests = new AtomicInteger();

  private LoopbackServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
    this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Binds and starts serving every path with {@code handler}.
   *
   * @param name names the threads, e.g. {@code sec-simulator}
   */
  public static LoopbackServer start(String name, int threads, Handler handler) {
    checkArgument(threads > 0, "threads %s must be positive", threads);
    HttpServer server = bind(name);
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, name + "-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    LoopbackServer loopback = new LoopbackServer(server, executor);
    server.setExecutor(executor);
    server.createContext("/", exchange -> loopback.serve(exchange, handler));
    server.start();
    return loopback;
  }

  /**
   * A JDK HTTP server bound to 127.0.0.1 on an ephemeral port, not yet started, that sends each
   * response without waiting for the client's ACK of its headers ({@link HttpServers}): each
   * simulator request used to take 40 ms however small.
   *
   * @param name names the simulator in the error when binding fails
   */
  public static HttpServer bind(String name) {
    try {
      return HttpServers.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not bind the " + name + " on 127.0.0.1", e);
    }
  }

  /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** Every request received so far, answered or refused. */
  public int requestCount() {
    return requests.get();
  }

  /** Stops at once; requests in flight are dropped. Safe to call more than once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void serve(HttpExchange exchange, Handler handler) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      try {
        handler.handle(exchange);
      } catch (RuntimeException e) {
        send(exchange, 500, "text/plain", "Internal simulator error: " + e);
      }
    }
  }

  /** Sends a whole response; call at most once per exchange. */
  public static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    checkState(exchange.getResponseCode() == -1, "the response was already sent");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The decoded query parameters of a request (the last value wins). */
  public static Map<String, String> queryParameters(HttpExchange exchange) {
    Map<String, String> params = new LinkedHashMap<>();
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null || query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }
}
