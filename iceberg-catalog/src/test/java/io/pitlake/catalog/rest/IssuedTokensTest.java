package io.pitlake.catalog.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuedTokensTest {

  static final CatalogClient TRINO =
      new CatalogClient("trino", CatalogRole.READER, CatalogClient.Digest.of("s"));

  /** A clock the test moves. */
  static final class Hands extends Clock {
    Instant now = Instant.parse("2026-12-06T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aTokenNamesItsClientUntilItExpires() {
    Hands clock = new Hands();
    IssuedTokens tokens = new IssuedTokens(Duration.ofHours(1), clock);

    String token = tokens.issue(TRINO);
    assertThat(token).hasSize(43).doesNotContain("=");
    assertThat(tokens.holder(token)).hasValue(TRINO);
    assertThat(tokens.holder(token + "x")).isEmpty();
    assertThat(tokens.issue(TRINO)).as("every token is new").isNotEqualTo(token);

    clock.now = clock.now.plus(Duration.ofMinutes(59));
    assertThat(tokens.holder(token)).hasValue(TRINO);
    clock.now = clock.now.plus(Duration.ofMinutes(1));
    assertThat(tokens.holder(token)).as("expired at one hour").isEmpty();
  }

  @Test
  void anExpiredTokenIsRefusedAndCannotBeRefreshed(@TempDir Path dir) throws Exception {
    Hands clock = new Hands();
    Files.createDirectories(dir.resolve("reader"));
    String secret = "0123456789abcdef0123456789abcdef";
    Files.writeString(dir.resolve("reader/trino"), secret);
    CatalogAuth auth = CatalogAuth.tokens(CatalogClients.load(dir), clock);

    String token =
        auth.token(
                Map.of(
                    "grant_type",
                    "client_credentials",
                    "client_id",
                    "trino",
                    "client_secret",
                    secret))
            .token();
    assertThat(auth.roleOf("Bearer " + token)).isEqualTo(CatalogRole.READER);
    clock.now = clock.now.plus(CatalogAuth.TOKEN_LIFETIME);
    assertThatThrownBy(() -> auth.roleOf("Bearer " + token))
        .hasMessageContaining("not valid (unknown, or expired)")
        .hasMessageNotContaining(token);
    assertThatThrownBy(
            () ->
                auth.token(
                    Map.of(
                        "grant_type",
                        "urn:ietf:params:oauth:grant-type:token-exchange",
                        "subject_token",
                        token)))
        .isInstanceOf(CatalogAuth.OAuthError.class)
        .hasMessageContaining("subject_token is not valid");
    assertThat(auth.roleOf("Bearer " + secret))
        .as("a client's own secret does not expire")
        .isEqualTo(CatalogRole.READER);
  }
}
