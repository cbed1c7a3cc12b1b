package io.pitlake.source.rest.reader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.simulator.AlpacaSimulator;
import io.pitlake.source.rest.Credentials;
import io.pitlake.source.rest.FetchedRecord;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.alpaca.AlpacaAdjustment;
import io.pitlake.vendor.alpaca.AlpacaBar;
import io.pitlake.vendor.alpaca.AlpacaBarsProtocol;
import io.pitlake.vendor.alpaca.AlpacaCorporateAction;
import io.pitlake.vendor.alpaca.AlpacaCorporateActionsProtocol;
import io.pitlake.vendor.alpaca.AlpacaFeed;
import io.pitlake.vendor.alpaca.AlpacaNewsArticle;
import io.pitlake.vendor.alpaca.AlpacaNewsProtocol;
import io.pitlake.vendor.alpaca.AlpacaTimeframe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST source's split reader against the Alpaca simulator over loopback. */
class AlpacaSplitReaderTest {

  private static final String KEY_ID = "PKREADERTEST";
  private static final String SECRET = "alpaca-reader-secret-0123456789";
  private static final Instant NOW = Instant.parse("2025-12-01T12:00:00Z");

  @TempDir Path tmp;

  private AlpacaSimulator vendor;
  private Credentials credentials;

  @BeforeEach
  void start() throws IOException {
    vendor =
        AlpacaSimulator.builder()
            .keyPair(KEY_ID, SECRET)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build()
            .start();
    Path keyFile = tmp.resolve("alpaca.key");
    Files.writeString(keyFile, KEY_ID + ":" + SECRET + "\n");
    credentials = Credentials.fromFile(keyFile);
  }

  @AfterEach
  void stop() {
    vendor.close();
  }

  @Test
  @DisplayName("one split of three symbols pages with page_token to the end, all else unchanged")
  void readsMultiSymbolBarsToTheEnd() throws IOException {
    RestSplit split =
        AlpacaBarsProtocol.splits(
                List.of("SPLT", "AAPL", "MSFT"),
                100,
                LocalDate.of(2024, 6, 3),
                LocalDate.of(2024, 6, 14),
                Period.ofYears(1))
            .get(0);
    AlpacaBarsProtocol protocol =
        new AlpacaBarsProtocol(AlpacaTimeframe.DAY, AlpacaFeed.SIP, AlpacaAdjustment.RAW, 7);

    SplitDrain.Result result;
    try (SplitDrain drain = new SplitDrain(vendor.baseUrl(), protocol, credentials)) {
      result = drain.drain(split);
    }

    assertThat(split.key()).isEqualTo("AAPL,MSFT,SPLT");
    assertThat(result.records()).hasSize(30).noneMatch(FetchedRecord::isFailure);
    List<AlpacaBar> bars =
        result.records().stream().map(r -> AlpacaBar.parse(r.payload())).toList();
    assertThat(bars.stream().map(AlpacaBar::symbol).distinct())
        .containsExactly("AAPL", "MSFT", "SPLT");
    assertThat(bars.stream().filter(b -> b.symbol().equals("SPLT")).map(AlpacaBar::sessionDate))
        .hasSize(10)
        .contains(LocalDate.of(2024, 6, 7), LocalDate.of(2024, 6, 10));
    AlpacaBar splitDay =
        bars.stream()
            .filter(
                b -> b.symbol().equals("SPLT") && b.sessionDate().equals(LocalDate.of(2024, 6, 10)))
            .findFirst()
            .orElseThrow();
    assertThat(splitDay.c()).isEqualTo(vendor.bar("SPLT", LocalDate.of(2024, 6, 10), NOW).c());

    List<String> urls = result.requestUrls();
    assertThat(urls).hasSize(5);
    assertThat(HttpUrl.get(urls.get(0)).queryParameter("page_token")).isNull();
    for (String url : urls.subList(1, urls.size())) {
      HttpUrl page = HttpUrl.get(url);
      assertThat(page.queryParameter("page_token")).isNotBlank();
      HttpUrl first = HttpUrl.get(urls.get(0));
      for (String name : first.queryParameterNames()) {
        assertThat(page.queryParameter(name)).as(name).isEqualTo(first.queryParameter(name));
      }
    }
    assertThat(result.finalState().isExhausted()).isTrue();
    assertThat(result.finalState().pagesFetched()).isEqualTo(5);
    assertNoCredentialAnywhere(result);
  }

  @Test
  @DisplayName("a split restored at a checkpointed page_token cursor reads only the rest")
  void resumesFromAPageTokenCursor() throws IOException {
    RestSplit split =
        RestSplit.of("AAPL,MSFT,SPLT", LocalDate.of(2024, 6, 3), LocalDate.of(2024, 6, 14));
    AlpacaBarsProtocol protocol =
        new AlpacaBarsProtocol(AlpacaTimeframe.DAY, AlpacaFeed.SIP, AlpacaAdjustment.RAW, 7);
    SplitDrain.Result full;
    try (SplitDrain drain = new SplitDrain(vendor.baseUrl(), protocol, credentials)) {
      full = drain.drain(split);
    }
    String thirdPage = full.requestUrls().get(2);
    RestSplit restored =
        new RestSplit(split.splitId(), split.key(), split.from(), split.to(), thirdPage, 2);

    SplitDrain.Result rest;
    try (SplitDrain drain = new SplitDrain(vendor.baseUrl(), protocol, credentials)) {
      rest = drain.drain(restored);
    }

    assertThat(rest.records())
        .extracting(FetchedRecord::payload)
        .containsExactlyElementsOf(
            full.records().subList(14, 30).stream().map(FetchedRecord::payload).toList());
    assertThat(rest.finalState().pagesFetched()).isEqualTo(5);
  }

  @Test
  @DisplayName("corporate actions of every symbol, every type, across pages")
  void readsCorporateActions() throws IOException {
    SplitDrain.Result result;
    try (SplitDrain drain =
        new SplitDrain(vendor.baseUrl(), new AlpacaCorporateActionsProtocol(3), credentials)) {
      result = drain.drain(RestSplit.of("*", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
    }

    assertThat(result.records()).hasSize(7).noneMatch(FetchedRecord::isFailure);
    assertThat(result.requestUrls()).hasSize(3);
    List<AlpacaCorporateAction> actions =
        result.records().stream().map(r -> AlpacaCorporateAction.parse(r.payload())).toList();
    assertThat(actions)
        .extracting(AlpacaCorporateAction::type)
        .containsExactly(
            "forward_split",
            "reverse_split",
            "cash_dividend",
            "cash_dividend",
            "cash_dividend",
            "name_change",
            "worthless_removal");
    assertNoCredentialAnywhere(result);
  }

  @Test
  @DisplayName("news of one symbol list, oldest first, across pages of the largest size allowed")
  void readsNews() throws IOException {
    SplitDrain.Result result;
    try (SplitDrain drain =
        new SplitDrain(vendor.baseUrl(), new AlpacaNewsProtocol(2), credentials)) {
      result =
          drain.drain(
              RestSplit.of("DIVC,SPLT", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
    }

    List<AlpacaNewsArticle> news =
        result.records().stream().map(r -> AlpacaNewsArticle.parse(r.payload())).toList();
    assertThat(news)
        .extracting(AlpacaNewsArticle::createdAt)
        .containsExactly(
            Instant.parse("2024-02-20T12:30:00Z"),
            Instant.parse("2024-05-20T12:30:00Z"),
            Instant.parse("2024-05-21T12:30:00Z"),
            Instant.parse("2024-11-01T12:30:00Z"));
    assertThat(result.requestUrls()).hasSize(2);
    assertNoCredentialAnywhere(result);
  }

  @Test
  @DisplayName("a wrong secret stops the read with 403 and the key's location, never the secret")
  void wrongSecretFailsWithoutLeakingIt() throws IOException {
    Path wrong = tmp.resolve("wrong.key");
    Files.writeString(wrong, KEY_ID + ":not-" + SECRET + "\n");
    try (SplitDrain drain =
        new SplitDrain(vendor.baseUrl(), new AlpacaNewsProtocol(), Credentials.fromFile(wrong))) {
      assertThatThrownBy(
              () ->
                  drain.drain(
                      RestSplit.of("*", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2))))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("alpaca rejected the key with HTTP 403")
          .hasMessageContaining("check the key file " + wrong.toAbsolutePath())
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(KEY_ID));
    }
  }

  @Test
  @DisplayName("a page_token that comes back again ends the split with a failure record")
  void repeatedPageTokenIsCaught() throws Exception {
    try (MockWebServer server = new MockWebServer();
        SplitDrain drain =
            new SplitDrain(server.url("/").toString(), new AlpacaNewsProtocol(), credentials)) {
      String page =
          "{\"news\":[{\"id\":1,\"created_at\":\"2024-01-02T00:00:00Z\"}],"
              + "\"next_page_token\":\"TOKEN1\"}";
      server.enqueue(
          new MockResponse().setHeader("Content-Type", "application/json").setBody(page));
      server.enqueue(
          new MockResponse().setHeader("Content-Type", "application/json").setBody(page));

      SplitDrain.Result result =
          drain.drain(RestSplit.of("*", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2)));

      assertThat(result.records()).hasSize(3);
      FetchedRecord failure = result.records().get(2);
      assertThat(failure.failure()).startsWith("cursor repeated: ").contains("page_token=TOKEN1");
      assertThat(server.getRequestCount()).isEqualTo(2);
      for (int i = 0; i < 2; i++) {
        RecordedRequest request = server.takeRequest();
        assertThat(request.getHeader("APCA-API-KEY-ID")).isEqualTo(KEY_ID);
        assertThat(request.getHeader("APCA-API-SECRET-KEY")).isEqualTo(SECRET);
        assertThat(request.getPath()).doesNotContain(SECRET).doesNotContain(KEY_ID);
        assertThat(request.getRequestUrl().queryParameter("page_token"))
            .isEqualTo(i == 0 ? null : "TOKEN1");
      }
    }
  }

  /** Neither half of the pair is in a record, a request URL, or any URL the vendor received. */
  private void assertNoCredentialAnywhere(SplitDrain.Result result) {
    for (FetchedRecord record : result.records()) {
      assertThat(record.requestUrl()).doesNotContain(SECRET).doesNotContain(KEY_ID);
      assertThat(record.payload()).doesNotContain(SECRET);
    }
    assertThat(result.finalState().toString()).doesNotContain(SECRET);
    assertThat(vendor.requestUrls())
        .isNotEmpty()
        .allSatisfy(url -> assertThat(url).doesNotContain(SECRET).doesNotContain(KEY_ID));
  }
}
