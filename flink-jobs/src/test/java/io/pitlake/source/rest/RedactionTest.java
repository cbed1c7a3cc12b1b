package io.pitlake.source.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {

  @Test
  @DisplayName("masks a credential that is the first query parameter")
  void masksFirstParameter() {
    assertThat(Redaction.redact("https://api.massive.com/v2/aggs?apiKey=s3cr3t&limit=5"))
        .isEqualTo("https://api.massive.com/v2/aggs?apiKey=REDACTED&limit=5");
  }

  @Test
  @DisplayName("masks a credential in the middle of the query")
  void masksMiddleParameter() {
    assertThat(Redaction.redact("https://h/p?sort=asc&api_key=s3cr3t&limit=5"))
        .isEqualTo("https://h/p?sort=asc&api_key=REDACTED&limit=5");
  }

  @Test
  @DisplayName("masks a credential that is the last query parameter, before a fragment")
  void masksLastParameter() {
    assertThat(Redaction.redact("https://h/p?sort=asc&token=s3cr3t#top"))
        .isEqualTo("https://h/p?sort=asc&token=REDACTED#top");
  }

  @ParameterizedTest
  @ValueSource(strings = {"apiKey", "apikey", "APIKEY", "api_key", "token", "Token", "key", "KEY"})
  @DisplayName("matches every credential parameter name case-insensitively")
  void matchesNamesCaseInsensitively(String name) {
    assertThat(Redaction.redact("https://h/p?" + name + "=s3cr3t"))
        .isEqualTo("https://h/p?" + name + "=REDACTED");
    assertThat(Redaction.isCredentialParameter(name)).isTrue();
  }

  @Test
  @DisplayName("masks a percent-encoded value completely")
  void masksEncodedValue() {
    assertThat(Redaction.redact("https://h/p?apiKey=ab%2Fcd%3D%3D&x=1"))
        .isEqualTo("https://h/p?apiKey=REDACTED&x=1");
  }

  @Test
  @DisplayName("masks every occurrence, also in a message around the URL")
  void masksEveryOccurrence() {
    assertThat(Redaction.redact("GET https://h/p?key=a&apiKey=b failed"))
        .isEqualTo("GET https://h/p?key=REDACTED&apiKey=REDACTED failed");
  }

  @Test
  @DisplayName("leaves URLs without a credential unchanged, including cursor tokens")
  void leavesOtherParametersAlone() {
    String url =
        "https://api.massive.com/v2/aggs/ticker/AAPL/range/1/day/1578114000000/2020-01-10"
            + "?cursor=bGltaXQ9MiZzb3J0PWFzYw&page_token=abc&monkey=1";
    assertThat(Redaction.redact(url)).isEqualTo(url);
    assertThat(Redaction.isCredentialParameter("page_token")).isFalse();
  }

  @Test
  @DisplayName("masks user info in a URL")
  void masksUserInfo() {
    assertThat(Redaction.redact("https://user:pass@h/p")).isEqualTo("https://REDACTED@h/p");
  }

  @Test
  @DisplayName("a Bearer token never survives")
  void masksBearerToken() {
    String redacted = Redaction.redact("Authorization: Bearer s3cr3t-t0ken");
    assertThat(redacted).isEqualTo("Authorization: Bearer REDACTED").doesNotContain("s3cr3t");
  }

  @Test
  @DisplayName("masks URLs a parser would reject, such as a doubled port")
  void masksUnparseableUrl() {
    assertThat(Redaction.redact("https://api.polygon.io:443:443/v2?apiKey=s3cr3t"))
        .isEqualTo("https://api.polygon.io:443:443/v2?apiKey=REDACTED");
  }
}
