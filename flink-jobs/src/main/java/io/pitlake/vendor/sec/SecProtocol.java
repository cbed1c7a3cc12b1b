package io.pitlake.vendor.sec;

import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.PageProtocol;
import java.util.Map;
import java.util.Optional;

/**
 * What every SEC EDGAR endpoint shares: no key, a User-Agent naming the requester on every request,
 * and a 403 that is never about a key.
 *
 * <p>EDGAR answers 403 to a missing or generic User-Agent and to a client over its fair-access rate
 * (sec-edgar.md, E2). The REST source would report a 403 as a rejected key, which SEC does not
 * have, so {@link #fatalError} names the two real causes and their fixes instead.
 */
abstract class SecProtocol implements PageProtocol {

  private static final long serialVersionUID = 1L;

  static final String NAME = "sec";

  private final String userAgent;

  /**
   * @param userAgent the value of {@code sec.user-agent}
   * @throws IllegalArgumentException naming {@code sec.user-agent} and the fix if it is unusable
   */
  SecProtocol(String userAgent) {
    this.userAgent = SecOptions.checkUserAgent(userAgent);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, String> headers() {
    return Map.of("User-Agent", userAgent);
  }

  /** EDGAR takes no key: run the source with {@code Credentials.none()}, so this never applies. */
  @Override
  public AuthStyle authStyle() {
    return AuthStyle.bearerHeader();
  }

  @Override
  public Optional<String> fatalError(int status, String body) {
    if (status != 403) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            "SEC EDGAR refuses requests without a User-Agent naming the requester, and blocks"
                + " clients above %d requests/s for 10 minutes: check that %s ('%s') holds your"
                + " organisation and contact e-mail, lower %s, and run again after 10 minutes",
            (int) SecOptions.MAX_REQUESTS_PER_SECOND,
            SecOptions.USER_AGENT.key(),
            userAgent,
            SecOptions.REQUESTS_PER_SECOND.key()));
  }
}
