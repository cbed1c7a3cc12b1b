package io.pitlake.catalog.rest;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkNotNull;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.rest.auth.OAuth2Properties;
import org.apache.iceberg.rest.responses.OAuthTokenResponse;

/**
 * Who may use the catalog server: nobody but the clients of {@code --clients}, each with a bearer
 * token, or, on loopback only, anybody ({@link #open()}).
 *
 * <p>A client proves itself in either of the two ways the Iceberg REST spec's clients speak:
 *
 * <ul>
 *   <li>its secret as a pre-issued bearer token ({@code token} in Iceberg, Spark and PyIceberg,
 *       {@code iceberg.rest-catalog.oauth2.token} in Trino);
 *   <li>OAuth2 client credentials {@code name:secret} ({@code credential}), exchanged at {@code
 *       POST /v1/oauth/tokens} for a token that lives {@link #TOKEN_LIFETIME}; Iceberg's client
 *       refreshes it there before it expires (token exchange).
 * </ul>
 *
 * The server is its own token endpoint because the lake has no identity provider to delegate to; a
 * team that has one puts a REST catalog that speaks to it (Polaris, Lakekeeper) in front instead.
 */
public final class CatalogAuth {

  /** How long an exchanged token lives: short enough that a leaked one soon expires. */
  public static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

  private static final String BEARER = "Bearer ";

  private final CatalogClients clients;
  private final IssuedTokens issued;

  private CatalogAuth(CatalogClients clients, IssuedTokens issued) {
    this.clients = clients;
    this.issued = issued;
  }

  /** No authentication: every request acts as a writer. Only ever served on loopback. */
  public static CatalogAuth open() {
    return new CatalogAuth(null, null);
  }

  /** Every request but the token endpoint needs a token of one of {@code clients}. */
  public static CatalogAuth tokens(CatalogClients clients) {
    return tokens(clients, Clock.systemUTC());
  }

  static CatalogAuth tokens(CatalogClients clients, Clock clock) {
    checkNotNull(clients, "clients must not be null");
    return new CatalogAuth(clients, new IssuedTokens(TOKEN_LIFETIME, clock));
  }

  public boolean isOpen() {
    return clients == null;
  }

  /** For the start-up line: how many clients of each role, never who or with what secret. */
  public String describe() {
    return isOpen()
        ? "open"
        : String.format(
            "%d writer(s), %d reader(s)",
            clients.count(CatalogRole.WRITER), clients.count(CatalogRole.READER));
  }

  /**
   * The role of the request's bearer token ({@code Authorization} header value, may be null).
   *
   * @throws NotAuthorizedException (401) without a token or with one no client holds; the message
   *     never repeats the token
   */
  CatalogRole roleOf(String authorization) {
    if (isOpen()) {
      return CatalogRole.WRITER;
    }
    if (authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new NotAuthorizedException(
          "no bearer token: this catalog needs a token or OAuth2 credential of a client in"
              + " --clients (README: 'Serve the catalog with tokens')");
    }
    return holder(authorization.substring(BEARER.length()).strip())
        .map(CatalogClient::role)
        .orElseThrow(
            () ->
                new NotAuthorizedException(
                    "the bearer token is not valid (unknown, or expired): use a client's secret"
                        + " or exchange its credential at /v1/oauth/tokens again"));
  }

  /**
   * @throws ForbiddenException (403) if {@code role} may not make this request
   */
  void authorize(CatalogRole role, String method, List<String> path) {
    if (!role.allows(method, path)) {
      throw new ForbiddenException(
          "a %s token may not %s /v1/%s: changes need a writer token",
          role.label(), method, String.join("/", path));
    }
  }

  /**
   * Answers a token request (form fields of {@code POST /v1/oauth/tokens}): grant {@code
   * client_credentials} with {@code client_secret} (and {@code client_id}), or a token exchange
   * whose {@code subject_token} is a valid token, which is how Iceberg's client refreshes.
   *
   * @throws OAuthError with the RFC 6749 error code for a request that gets no token
   */
  OAuthTokenResponse token(Map<String, String> form) {
    if (isOpen()) {
      throw new OAuthError(
          400,
          "invalid_request",
          "this catalog was started without --clients and takes no credentials: drop them");
    }
    String grant = form.getOrDefault("grant_type", "");
    CatalogClient client =
        switch (grant) {
          case "client_credentials" -> credentials(form);
          case "urn:ietf:params:oauth:grant-type:token-exchange" ->
              holder(form.getOrDefault("subject_token", ""))
                  .orElseThrow(
                      () ->
                          new OAuthError(
                              401, "invalid_grant", "the subject_token is not valid (or expired)"));
          default ->
              throw new OAuthError(
                  400,
                  "unsupported_grant_type",
                  "grant_type must be client_credentials or token exchange");
        };
    return OAuthTokenResponse.builder()
        .withToken(issued.issue(client))
        .withTokenType("bearer")
        .withIssuedTokenType(OAuth2Properties.ACCESS_TOKEN_TYPE)
        .setExpirationInSeconds((int) issued.lifetime().toSeconds())
        .build();
  }

  private CatalogClient credentials(Map<String, String> form) {
    String secret = form.get("client_secret");
    String id = form.get("client_id");
    if (secret == null || secret.isEmpty()) {
      throw new OAuthError(400, "invalid_request", "client_secret is missing");
    }
    Optional<CatalogClient> client =
        id == null ? clients.withSecret(secret) : clients.withCredentials(id, secret);
    return client.orElseThrow(
        () -> new OAuthError(401, "invalid_client", "unknown client or wrong secret"));
  }

  /** A client's own secret (a pre-issued token) or a token issued here. */
  private Optional<CatalogClient> holder(String token) {
    if (token.isEmpty()) {
      return Optional.empty();
    }
    Optional<CatalogClient> client = clients.withSecret(token);
    return client.isPresent() ? client : issued.holder(token);
  }

  /** A refused token request: HTTP status, RFC 6749 error code and a description. */
  static final class OAuthError extends RuntimeException {
    final int status;
    final String error;

    OAuthError(int status, String error, String description) {
      super(description);
      this.status = status;
      this.error = error;
    }
  }
}
