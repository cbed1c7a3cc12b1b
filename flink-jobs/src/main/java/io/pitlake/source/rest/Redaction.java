package io.pitlake.source.rest;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Masks credentials in URLs and messages before they are logged, thrown or emitted.
 *
 * <p>Works on plain text rather than on a parsed URL, so that URLs a parser rejects (vendors have
 * sent a {@code next_url} with a doubled port) are masked too.
 */
public final class Redaction {

  /** Query parameters that carry a credential, compared case-insensitively. */
  public static final List<String> CREDENTIAL_PARAMETERS =
      List.of("apiKey", "apikey", "api_key", "token", "key");

  public static final String REDACTED = "REDACTED";

  private static final Pattern CREDENTIAL_QUERY_VALUE =
      Pattern.compile("([?&;](?:apikey|api_key|token|key)=)[^&#;\\s]*", Pattern.CASE_INSENSITIVE);

  private static final Pattern USER_INFO = Pattern.compile("(://)[^/@\\s]+@");

  private static final Pattern BEARER_TOKEN =
      Pattern.compile("(Bearer\\s+)[^\\s,;\"]+", Pattern.CASE_INSENSITIVE);

  private Redaction() {}

  /**
   * {@code text} with the value of every credential query parameter, every URL user-info and every
   * {@code Bearer} token replaced by {@value #REDACTED}.
   */
  public static String redact(String text) {
    String masked = CREDENTIAL_QUERY_VALUE.matcher(text).replaceAll("$1" + REDACTED);
    masked = USER_INFO.matcher(masked).replaceAll("$1" + REDACTED + "@");
    return BEARER_TOKEN.matcher(masked).replaceAll("$1" + REDACTED);
  }

  /** Whether {@link #redact} masks the value of the query parameter {@code name}. */
  public static boolean isCredentialParameter(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return CREDENTIAL_PARAMETERS.stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).equals(lower));
  }
}
