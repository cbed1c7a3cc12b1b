package io.pitlake.vendor.alpaca;

import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.Credentials;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;

/**
 * How Alpaca is authenticated: a key id and a secret key in the headers {@value #KEY_ID_HEADER} and
 * {@value #SECRET_KEY_HEADER} on every request, never in a URL.
 *
 * <p>The pair comes from two environment variables (Alpaca's SDKs use {@code APCA_API_KEY_ID} and
 * {@code APCA_API_SECRET_KEY}) or from one file holding {@code KEY_ID:SECRET}, and is resolved on
 * the TaskManager like every pitlake key ({@link Credentials}).
 */
public final class AlpacaAuth {

  public static final String KEY_ID_HEADER = "APCA-API-KEY-ID";
  public static final String SECRET_KEY_HEADER = "APCA-API-SECRET-KEY";

  private AlpacaAuth() {}

  public static AuthStyle authStyle() {
    return AuthStyle.headerPair(KEY_ID_HEADER, SECRET_KEY_HEADER);
  }

  /** The key file if {@code alpaca.api-key-file} is set, else the two environment variables. */
  public static Credentials credentials(Configuration config) {
    return config
        .getOptional(AlpacaOptions.API_KEY_FILE)
        .map(file -> Credentials.fromFile(Path.of(file)))
        .orElseGet(
            () ->
                Credentials.fromEnvPair(
                    config.get(AlpacaOptions.API_KEY_ID_ENV),
                    config.get(AlpacaOptions.API_SECRET_KEY_ENV)));
  }
}
