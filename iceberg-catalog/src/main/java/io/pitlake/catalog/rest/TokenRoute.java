package io.pitlake.catalog.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.auth.OAuth2Util;
import org.apache.iceberg.util.JsonUtil;

/**
 * The REST spec's token endpoint, {@code POST /v1/oauth/tokens}: the one route that needs no token,
 * since it is where a client with OAuth2 credentials gets one. Errors are RFC 6749 error bodies
 * ({@code {"error": "invalid_client", ...}}), which Iceberg's client turns into a {@code
 * NotAuthorizedException} naming the error.
 */
final class TokenRoute implements HttpHandler {

  static final String PATH = "/v1/oauth/tokens";

  private final CatalogAuth auth;

  TokenRoute(CatalogAuth auth) {
    this.auth = auth;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int status;
      String body;
      try {
        if (!exchange.getRequestMethod().equals("POST")
            || !exchange.getRequestURI().getRawPath().equals(PATH)) {
          throw new CatalogAuth.OAuthError(
              400, "invalid_request", "the token endpoint takes a form POST to " + PATH);
        }
        Map<String, String> form =
            RESTUtil.decodeFormData(
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        body = OAuth2Util.tokenResponseToJson(auth.token(form));
        status = 200;
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
      } catch (CatalogAuth.OAuthError e) {
        status = e.status;
        body = error(e.error, e.getMessage());
      } catch (IllegalArgumentException e) {
        status = 400;
        body = error("invalid_request", "the body is not form data");
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String error(String code, String description) {
    return JsonUtil.generate(
        gen -> {
          gen.writeStartObject();
          gen.writeStringField("error", code);
          gen.writeStringField("error_description", description);
          gen.writeEndObject();
        },
        false);
  }
}
