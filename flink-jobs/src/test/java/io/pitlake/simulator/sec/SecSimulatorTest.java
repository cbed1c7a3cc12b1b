package io.pitlake.simulator.sec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitlake.simulator.Chaos;
import io.pitlake.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecSimulatorTest {

  private static final String USER_AGENT = "pitlake tests admin@pitlake.example";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private SecSimulator sec;

  @AfterEach
  void stop() {
    if (sec != null) {
      sec.close();
    }
  }

  @Test
  @DisplayName("a request without a User-Agent, or with a library's default one, gets 403")
  void refusesUndeclaredTools() throws Exception {
    sec = SecSimulator.builder().build().start();

    HttpResponse<String> javaDefault = get("/files/company_tickers.json", null);
    HttpResponse<String> declared = get("/files/company_tickers.json", USER_AGENT);

    assertThat(javaDefault.statusCode()).isEqualTo(403);
    assertThat(javaDefault.headers().firstValue("Content-Type")).hasValue("text/html");
    assertThat(javaDefault.body()).contains("Undeclared Automated Tool");
    assertThat(get("/files/company_tickers.json", "okhttp/4.12.0").statusCode()).isEqualTo(403);
    assertThat(declared.statusCode()).isEqualTo(200);
    assertThat(sec.refusedUserAgentCount()).isEqualTo(2);
    assertThat(sec.userAgents()).containsExactly(USER_AGENT);
    assertThat(sec.servedRequests()).containsExactly("/files/company_tickers.json");
  }

  @Test
  @DisplayName("above 10 requests a second the 11th gets 429 until the bucket refills")
  void enforcesTenPerSecond() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2024-01-02T15:00:00Z"));
    sec = SecSimulator.builder().clock(clock).build().start();

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      statuses.add(get("/files/company_tickers.json", USER_AGENT).statusCode());
    }
    clock.set(clock.instant().plusMillis(100));
    int afterRefill = get("/files/company_tickers.json", USER_AGENT).statusCode();

    assertThat(statuses.subList(0, 10)).containsOnly(200);
    assertThat(statuses.get(10)).isEqualTo(429);
    assertThat(afterRefill).isEqualTo(200);
    assertThat(sec.throttledCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("company_tickers.json is an index-keyed object of five filers")
  void companyTickers() throws Exception {
    sec = SecSimulator.builder().build().start();

    JsonNode tickers = JSON.readTree(get("/files/company_tickers.json", USER_AGENT).body());

    assertThat(tickers.size()).isEqualTo(5);
    assertThat(tickers.get("0").toString())
        .isEqualTo("{\"cik_str\":789019,\"ticker\":\"MSFT\",\"title\":\"MICROSOFT CORP\"}");
    assertThat(tickers.get("4").get("ticker").asText()).isEqualTo("SNOW");
  }

  @Test
  @DisplayName("TSLA's submissions span the first document and two older files, 41 filings")
  void submissionsWithOlderFiles() throws Exception {
    sec = SecSimulator.builder().build().start();

    JsonNode first = JSON.readTree(get("/submissions/CIK0001318605.json", USER_AGENT).body());
    JsonNode recent = first.path("filings").path("recent");
    JsonNode files = first.path("filings").path("files");
    JsonNode older1 =
        JSON.readTree(get("/submissions/CIK0001318605-submissions-001.json", USER_AGENT).body());
    JsonNode older2 =
        JSON.readTree(get("/submissions/CIK0001318605-submissions-002.json", USER_AGENT).body());

    assertThat(first.get("cik").asText()).isEqualTo("1318605");
    assertThat(recent.get("accessionNumber")).hasSize(5);
    assertThat(recent.get("form").get(1).asText()).isEqualTo("10-K/A");
    assertThat(recent.get("acceptanceDateTime").get(2).asText())
        .isEqualTo("2022-02-04T20:11:27.000Z");
    assertThat(recent.get("filingDate").get(2).asText()).isEqualTo("2022-02-07");
    assertThat(files).hasSize(2);
    assertThat(files.get(0).get("name").asText()).isEqualTo("CIK0001318605-submissions-001.json");
    assertThat(files.get(0).get("filingCount").asInt()).isEqualTo(20);
    assertThat(files.get(1).get("filingCount").asInt()).isEqualTo(16);
    assertThat(older1.get("accessionNumber")).hasSize(20);
    assertThat(older2.get("accessionNumber")).hasSize(16);
    assertThat(older2.get("form").get(15).asText()).isEqualTo("10-K");
    assertThat(older2.get("acceptanceDateTime").get(15).asText())
        .isEqualTo("2012-02-27T16:41:00.000Z");
    assertThat(sec.olderSubmissionFiles(1318605))
        .containsExactly(
            "CIK0001318605-submissions-001.json", "CIK0001318605-submissions-002.json");
    assertThat(get("/submissions/CIK0001318605-submissions-003.json", USER_AGENT).statusCode())
        .isEqualTo(404);
  }

  @Test
  @DisplayName("older filings are dated as EDGAR does: after the 17:30 cut-off, the next weekday")
  void filingDatesFollowTheCutOff() {
    sec = SecSimulator.builder().build();
    List<SimulatedFiling> filings = sec.filer(1318605).orElseThrow().filings();

    assertThat(filings).hasSize(41);
    for (SimulatedFiling filing : filings) {
      boolean afterCutOff =
          filing.acceptedNewYork().getHour() * 60 + filing.acceptedNewYork().getMinute()
              >= 17 * 60 + 30;
      if (afterCutOff) {
        assertThat(filing.filingDate()).isAfter(filing.acceptedNewYork().toLocalDate());
      } else {
        assertThat(filing.filingDate()).isEqualTo(filing.acceptedNewYork().toLocalDate());
      }
    }
    assertThat(filings)
        .anyMatch(
            f ->
                f.acceptedNewYork().getHour() >= 16
                    && f.acceptedNewYork().getDayOfWeek() == java.time.DayOfWeek.FRIDAY);
  }

  @Test
  @DisplayName("SNOW's companyfacts carry the restated cash equivalents of the fixture")
  void companyFactsRestatement() throws Exception {
    sec = SecSimulator.builder().build().start();

    JsonNode facts =
        JSON.readTree(get("/api/xbrl/companyfacts/CIK0001640147.json", USER_AGENT).body());
    JsonNode cash =
        facts
            .path("facts")
            .path("us-gaap")
            .path("CashEquivalentsAtCarryingValue")
            .path("units")
            .path("USD");

    assertThat(facts.get("cik").asLong()).isEqualTo(1640147L);
    assertThat(facts.get("entityName").asText()).isEqualTo("SNOWFLAKE INC.");
    assertThat(cash).hasSize(3);
    assertThat(cash.get(0).get("val").asLong()).isEqualTo(398_346_000L);
    assertThat(cash.get(0).get("filed").asText()).isEqualTo("2023-03-29");
    assertThat(cash.get(1).get("val").asLong()).isEqualTo(539_390_000L);
    assertThat(cash.get(1).get("form").asText()).isEqualTo("10-Q");
    assertThat(cash.get(2).get("frame").asText()).isEqualTo("CY2022Q4I");
    assertThat(cash.get(0).has("start")).isFalse();
    assertThat(get("/api/xbrl/companyfacts/CIK0000789019.json", USER_AGENT).statusCode())
        .isEqualTo(404);
  }

  @Test
  @DisplayName("in chaos mode a dropped connection gets no answer at all, a 503 EDGAR-style HTML")
  void chaosDropsConnectionsAndFails() throws Exception {
    sec = SecSimulator.builder().chaos(new Chaos(0, 0, 0, 0, 1, 0, 0, Duration.ZERO, 3)).build();
    sec.start();

    assertThatThrownBy(() -> get("/files/company_tickers.json", USER_AGENT))
        .isInstanceOf(IOException.class);
    assertThat(sec.injectedFaults().get(Chaos.Fault.DROPPED)).isPositive();
    sec.close();

    sec = SecSimulator.builder().chaos(new Chaos(0, 1, 0, 0, 0, 0, 0, Duration.ZERO, 3)).build();
    sec.start();
    HttpResponse<String> failed = get("/files/company_tickers.json", USER_AGENT);

    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.headers().firstValue("Content-Type")).hasValue("text/html");
    assertThat(sec.injectedFaults()).containsEntry(Chaos.Fault.SERVER_ERROR, 1);
  }

  private HttpResponse<String> get(String path, String userAgent)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sec.baseUrl() + path));
    if (userAgent != null) {
      request.header("User-Agent", userAgent);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
