package io.pitlake.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Writes the simulator's responses: JSON bodies, Polygon's error shape and the HTML error page. */
final class HttpResponses {

  private static final JsonFactory JSON = new JsonFactory();

  private static final String HTML_ERROR_PAGE =
      "<html><body>Service temporarily unavailable</body></html>";

  private HttpResponses() {}

  /** A fresh 32-hex-digit request id, like Polygon's; random, not reproducible. */
  static String requestId() {
    byte[] bytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Polygon's error body: {@code {"status":..,"request_id":..,"error":..}}. */
  static void sendError(HttpExchange exchange, int httpStatus, String status, String error)
      throws IOException {
    byte[] body =
        json(
            json -> {
              json.writeStartObject();
              json.writeStringField("status", status);
              json.writeStringField("request_id", requestId());
              json.writeStringField("error", error);
              json.writeEndObject();
            });
    send(exchange, httpStatus, "application/json", body);
  }

  /** The page a CDN serves when the vendor is down: status 200, but HTML instead of JSON. */
  static void sendHtmlErrorPage(HttpExchange exchange) throws IOException {
    send(exchange, 200, "text/html", HTML_ERROR_PAGE.getBytes(StandardCharsets.UTF_8));
  }

  static void sendJson(HttpExchange exchange, byte[] body) throws IOException {
    send(exchange, 200, "application/json", body);
  }

  /** A JSON body with any status, for vendors whose error shape is not Polygon's. */
  static void sendJson(HttpExchange exchange, int httpStatus, byte[] body) throws IOException {
    send(exchange, httpStatus, "application/json", body);
  }

  private static void send(HttpExchange exchange, int httpStatus, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(httpStatus, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Serializes with {@code writer}; writing to memory cannot fail, so no checked exception. */
  static byte[] json(JsonWriter writer) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(body)) {
      writer.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return body.toByteArray();
  }

  /** Writes one JSON document to a generator. */
  @FunctionalInterface
  interface JsonWriter {
    void write(JsonGenerator json) throws IOException;
  }
}
