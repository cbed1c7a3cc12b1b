package io.pitlake.vendor.sec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecOptionsTest {

  @Test
  @DisplayName("a missing User-Agent is one line naming sec.user-agent and an example")
  void missingUserAgent() {
    assertThatThrownBy(() -> SecOptions.userAgent(new Configuration()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "sec.user-agent is not set: set it to your organisation and a contact e-mail, e.g."
                + " sec.user-agent: \"Acme Research admin@acme.com\" (SEC EDGAR refuses requests"
                + " without a User-Agent)");
  }

  @Test
  @DisplayName("a blank User-Agent is refused by every SEC protocol too")
  void blankUserAgentInProtocols() {
    assertThatThrownBy(() -> new SecSubmissionsProtocol("  "))
        .hasMessageStartingWith("sec.user-agent is not set");
    assertThatThrownBy(() -> new SecCompanyFactsProtocol(null))
        .hasMessageStartingWith("sec.user-agent is not set");
    assertThatThrownBy(() -> new SecCompanyTickersProtocol(""))
        .hasMessageStartingWith("sec.user-agent is not set");
  }

  @Test
  @DisplayName("a User-Agent without an e-mail or with control characters is refused")
  void unusableUserAgent() {
    assertThatThrownBy(() -> SecOptions.checkUserAgent("Acme Research"))
        .hasMessageContaining("sec.user-agent 'Acme Research' has no contact e-mail");
    assertThatThrownBy(() -> SecOptions.checkUserAgent("Acme a@b.c\r\nX-Injected: 1"))
        .hasMessageContaining("must be printable ASCII");
  }

  @Test
  @DisplayName("a good User-Agent is read trimmed and sent as the User-Agent header")
  void goodUserAgent() {
    Configuration config = new Configuration();
    config.set(SecOptions.USER_AGENT, "  Acme Research admin@acme.com ");

    String userAgent = SecOptions.userAgent(config);

    assertThat(userAgent).isEqualTo("Acme Research admin@acme.com");
    assertThat(new SecSubmissionsProtocol(userAgent).headers())
        .containsExactly(java.util.Map.entry("User-Agent", "Acme Research admin@acme.com"));
  }

  @Test
  @DisplayName("the rate defaults to 8/s and may not exceed SEC's 10/s")
  void requestsPerSecond() {
    Configuration config = new Configuration();
    assertThat(SecOptions.requestsPerSecond(config)).isEqualTo(8.0);
    config.set(SecOptions.REQUESTS_PER_SECOND, 12.0);
    assertThatThrownBy(() -> SecOptions.requestsPerSecond(config))
        .hasMessage(
            "sec.requests-per-second is 12.0: set a rate above 0 and at most 10.0 (SEC's limit per"
                + " user across all machines)");
    config.set(SecOptions.REQUESTS_PER_SECOND, 0.0);
    assertThatThrownBy(() -> SecOptions.requestsPerSecond(config))
        .hasMessageStartingWith("sec.requests-per-second is 0.0");
  }

  @Test
  @DisplayName(
      "an SEC 403 is fatal with the User-Agent and rate as the fix; other statuses are not")
  void forbiddenIsFatal() {
    SecSubmissionsProtocol protocol = new SecSubmissionsProtocol("Acme Research admin@acme.com");

    assertThat(protocol.fatalError(403, "<html>Undeclared Automated Tool</html>"))
        .hasValue(
            "SEC EDGAR refuses requests without a User-Agent naming the requester, and blocks"
                + " clients above 10 requests/s for 10 minutes: check that sec.user-agent ('Acme"
                + " Research admin@acme.com') holds your organisation and contact e-mail, lower"
                + " sec.requests-per-second, and run again after 10 minutes");
    assertThat(protocol.fatalError(404, "Not Found")).isEmpty();
    assertThat(protocol.fatalError(429, "Request Rate Threshold Exceeded")).isEmpty();
  }

  @Test
  @DisplayName("CIKs are read in EDGAR's three spellings and padded to 10 digits")
  void ciks() {
    assertThat(SecCik.parse("1318605").padded()).isEqualTo("0001318605");
    assertThat(SecCik.parse("0001318605").value()).isEqualTo(1318605L);
    assertThat(SecCik.parse("CIK0001318605").fileStem()).isEqualTo("CIK0001318605");
    assertThatThrownBy(() -> SecCik.parse("TSLA"))
        .hasMessage(
            "'TSLA' is not a CIK: use the SEC's numeric company id, e.g. 1318605 for Tesla (see"
                + " company_tickers.json)");
    assertThatThrownBy(() -> SecCik.parse("0")).hasMessageStartingWith("'0' is not a CIK");
    assertThatThrownBy(() -> SecCik.parse("12345678901")).hasMessageContaining("is not a CIK");
  }
}
