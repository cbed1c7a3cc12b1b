package io.pitlake.vendor.alpaca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alpaca's key pair: two headers, never a URL, and no secret in any message. */
class AlpacaAuthTest {

  private static final String SECRET = "s3cr3t-0123456789abcdef:with-colon";
  private static final HttpUrl URL =
      HttpUrl.get("https://data.alpaca.markets/v2/stocks/bars?symbols=AAPL");

  @TempDir Path tmp;

  @Test
  @DisplayName("the pair goes into the two APCA headers and the URL is unchanged")
  void authorizesWithTwoHeaders() {
    Request request = AlpacaAuth.authStyle().authorize(URL, "PKID123:" + SECRET).build();

    assertThat(request.header("APCA-API-KEY-ID")).isEqualTo("PKID123");
    assertThat(request.header("APCA-API-SECRET-KEY")).isEqualTo(SECRET);
    assertThat(request.header("Authorization")).isNull();
    assertThat(request.url()).isEqualTo(URL);
    assertThat(request.url().toString()).doesNotContain("PKID123").doesNotContain("s3cr3t");
    assertThat(AlpacaAuth.authStyle().strip(URL)).isEqualTo(URL);
  }

  @Test
  @DisplayName("a credential that is not KEY_ID:SECRET fails naming the headers, not the value")
  void malformedPairNeverShowsTheSecret() {
    assertThatThrownBy(() -> AlpacaAuth.authStyle().authorize(URL, SECRET.replace(":", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("APCA-API-KEY-ID and APCA-API-SECRET-KEY")
        .hasMessageContaining("KEY_ID:SECRET")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    assertThatThrownBy(() -> AuthStyle.headerPair("X-Key", "x-key"))
        .hasMessageContaining("two different headers");
  }

  @Test
  @DisplayName("by default the pair comes from APCA_API_KEY_ID and APCA_API_SECRET_KEY")
  void defaultsToTheSdkEnvironmentVariables() {
    Credentials credentials = AlpacaAuth.credentials(new Configuration());

    assertThat(credentials)
        .isEqualTo(Credentials.fromEnvPair("APCA_API_KEY_ID", "APCA_API_SECRET_KEY"));
    assertThat(credentials.describe())
        .isEqualTo("the environment variables APCA_API_KEY_ID and APCA_API_SECRET_KEY");
  }

  @Test
  @DisplayName("a missing variable is named in the error, and the fix with it")
  void missingVariableIsNamed() {
    String absent = "PITLAKE_TEST_ABSENT_" + System.nanoTime();
    assertThatThrownBy(() -> Credentials.fromEnvPair("PATH", absent).resolve())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(absent + " is not set on this TaskManager")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(System.getenv("PATH")));
    assertThatThrownBy(() -> Credentials.fromEnvPair(" ", "X"))
        .hasMessageContaining("APCA_API_KEY_ID");
  }

  @Test
  @DisplayName("two set variables resolve to KEY_ID:SECRET for the header pair")
  void resolvesTwoVariables() {
    String home = System.getenv("HOME");
    String path = System.getenv("PATH");
    assertThat(home).as("the test needs HOME and PATH set").isNotBlank();
    assertThat(path).as("the test needs HOME and PATH set").isNotBlank();
    Credentials pair = Credentials.fromEnvPair("HOME", "PATH");
    assertThat(pair.resolve()).contains(home + ":" + path);
    assertThat(pair.toString()).as("the job graph holds names only").doesNotContain(path);
  }

  @Test
  @DisplayName("alpaca.api-key-file wins over the variables; its first line is KEY_ID:SECRET")
  void keyFileHoldsThePair() throws Exception {
    Path file = tmp.resolve("alpaca.key");
    Files.writeString(file, "PKFILE:" + SECRET + "\n");
    Configuration config = new Configuration();
    config.set(AlpacaOptions.API_KEY_FILE, file.toString());

    Credentials credentials = AlpacaAuth.credentials(config);

    assertThat(credentials.describe()).isEqualTo("the key file " + file.toAbsolutePath());
    Request request =
        AlpacaAuth.authStyle().authorize(URL, credentials.resolve().orElseThrow()).build();
    assertThat(request.header("APCA-API-KEY-ID")).isEqualTo("PKFILE");
    assertThat(request.header("APCA-API-SECRET-KEY")).isEqualTo(SECRET);
  }
}
