package io.pitlake.simulator.fmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitlake.simulator.Chaos;
import io.pitlake.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FmpSimulatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String KEY = "&apikey=" + FmpSimulator.DEFAULT_API_KEY;

  private FmpSimulator fmp;

  @AfterEach
  void stop() {
    if (fmp != null) {
      fmp.close();
    }
  }

  @Test
  @DisplayName("AAPL FY2024 of each statement is FMP's recorded response, field for field")
  void servesRecordedRows() throws Exception {
    fmp = FmpSimulator.builder().build().start();

    for (String statement :
        new String[] {"income-statement", "balance-sheet-statement", "cash-flow-statement"}) {
      HttpResponse<String> response = get("/stable/" + statement + "?symbol=AAPL" + KEY);
      JsonNode rows = JSON.readTree(response.body());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(rows).hasSize(5);
      assertThat(rows.get(0)).isEqualTo(fixture("fmp-" + statement + ".json").get(0));
      assertThat(rows.get(4).get("fiscalYear").asText()).isEqualTo("2020");
    }
  }

  @Test
  @DisplayName("period and limit select the rows, newest first")
  void periodAndLimit() throws Exception {
    fmp = FmpSimulator.builder().build().start();

    JsonNode quarters =
        JSON.readTree(
            get("/stable/income-statement?symbol=MSFT&period=quarter&limit=6" + KEY).body());
    JsonNode q2 = JSON.readTree(get("/stable/income-statement?symbol=MSFT&period=Q2" + KEY).body());

    assertThat(quarters).hasSize(6);
    assertThat(quarters.get(0).get("date").asText()).isEqualTo("2024-06-30");
    assertThat(quarters.get(0).get("period").asText()).isEqualTo("Q4");
    assertThat(quarters.get(1).get("date").asText()).isEqualTo("2024-03-30");
    assertThat(q2).hasSize(5).allMatch(row -> row.get("period").asText().equals("Q2"));
    assertThat(fmp.statements("income-statement", "MSFT", "quarter")).hasSize(20);
  }

  @Test
  @DisplayName("a wrong key gets 401, /api/v3 gets the legacy 403 of the fixture")
  void refusals() throws Exception {
    fmp = FmpSimulator.builder().build().start();

    HttpResponse<String> noKey = get("/stable/income-statement?symbol=AAPL&apikey=wrong");
    HttpResponse<String> legacy = get("/api/v3/income-statement/AAPL?period=annual" + KEY);

    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(noKey.body()).get("Error Message").asText())
        .startsWith("Invalid API KEY.");
    assertThat(legacy.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(legacy.body())).isEqualTo(fixture("fmp-error-legacy-endpoint.json"));
    assertThat(fmp.servedRequests())
        .containsExactly("/api/v3/income-statement/AAPL?period=annual&apikey=REDACTED");
  }

  @Test
  @DisplayName("an unknown symbol or a comma list gets [], as FMP answers")
  void emptyAnswers() throws Exception {
    fmp = FmpSimulator.builder().build().start();

    assertThat(get("/stable/income-statement?symbol=ZZZZ" + KEY).body()).isEqualTo("[]");
    assertThat(get("/stable/income-statement?symbol=AAPL,MSFT" + KEY).body()).isEqualTo("[]");
    assertThat(
            get("/stable/income-statement" + "?apikey=" + FmpSimulator.DEFAULT_API_KEY)
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  @DisplayName("with a rate limit, requests above it get 429")
  void rateLimit() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2024-01-02T15:00:00Z"));
    fmp = FmpSimulator.builder().requestsPerSecond(2).clock(clock).build().start();

    int first = get("/stable/income-statement?symbol=AAPL" + KEY).statusCode();
    int second = get("/stable/income-statement?symbol=AAPL" + KEY).statusCode();
    int third = get("/stable/income-statement?symbol=AAPL" + KEY).statusCode();

    assertThat(new int[] {first, second, third}).containsExactly(200, 200, 429);
    assertThat(fmp.throttledCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("in chaos mode faults follow the key check and 429s carry FMP's error object")
  void chaosFaultsAfterTheKeyCheck() throws Exception {
    fmp =
        FmpSimulator.builder()
            .chaos(new Chaos(1, 0, 0, 0, 0, 0, 0, Duration.ZERO, 1))
            .build()
            .start();

    HttpResponse<String> throttled = get("/stable/income-statement?symbol=AAPL" + KEY);
    HttpResponse<String> wrongKey = get("/stable/income-statement?symbol=AAPL&apikey=wrong");

    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(JSON.readTree(throttled.body()).get("Error Message").asText())
        .startsWith("Limit Reach");
    assertThat(wrongKey.statusCode()).isEqualTo(401);
    assertThat(fmp.injectedFaults()).containsEntry(Chaos.Fault.TOO_MANY_REQUESTS, 1);
    assertThat(fmp.throttledCount()).as("not the rate limit's").isZero();
  }

  @Test
  @DisplayName("a malformed-JSON fault cuts successful answers only: an error stays whole")
  void malformedJsonCutsSuccessfulAnswersOnly() throws Exception {
    fmp =
        FmpSimulator.builder()
            .chaos(new Chaos(0, 0, 0, 0, 0, 0, 1, Duration.ZERO, 1))
            .build()
            .start();

    HttpResponse<String> statements = get("/stable/income-statement?symbol=AAPL" + KEY);
    HttpResponse<String> notFound = get("/stable/no-such-statement?symbol=AAPL" + KEY);

    assertThat(statements.statusCode()).isEqualTo(200);
    assertThat(statements.body()).startsWith("[{").doesNotEndWith("]");
    assertThatThrownBy(() -> JSON.readTree(statements.body())).isInstanceOf(IOException.class);
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(notFound.body()).get("Error Message").asText())
        .isEqualTo("Not found: /stable/no-such-statement");
    assertThat(fmp.injectedFaults()).containsEntry(Chaos.Fault.MALFORMED_JSON, 2);
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(fmp.baseUrl() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode fixture(String name) throws IOException {
    try (InputStream in = FmpSimulatorTest.class.getResourceAsStream("/apiref/" + name)) {
      return JSON.readTree(in);
    }
  }
}
