package io.pitlake.vendor.sec;

import static io.pitlake.vendor.sec.SecTestFixtures.USER_AGENT;
import static io.pitlake.vendor.sec.SecTestFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import java.time.LocalDate;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecCompanyTickersProtocolTest {

  private final SecCompanyTickersProtocol protocol = new SecCompanyTickersProtocol(USER_AGENT);

  @Test
  @DisplayName("asks for files/company_tickers.json on the files host, whatever the split")
  void firstPage() {
    RestSplit split =
        RestSplit.of(
            "company_tickers", LocalDate.parse("2024-01-01"), LocalDate.parse("2024-01-01"));

    assertThat(protocol.firstPage(HttpUrl.get("https://www.sec.gov"), split).toString())
        .isEqualTo("https://www.sec.gov/files/company_tickers.json");
  }

  @Test
  @DisplayName("reads each entry of the index-keyed object of the fixture, in order")
  void parsesFixture() throws Exception {
    ParsedPage page = protocol.parse(fixture("sec-company-tickers.json"));

    assertThat(page.hasNext()).isFalse();
    assertThat(page.elements())
        .containsExactly(
            "{\"cik_str\":789019,\"ticker\":\"MSFT\",\"title\":\"MICROSOFT CORP\"}",
            "{\"cik_str\":320193,\"ticker\":\"AAPL\",\"title\":\"Apple Inc.\"}",
            "{\"cik_str\":1045810,\"ticker\":\"NVDA\",\"title\":\"NVIDIA CORP\"}");
    assertThat(page.elements().stream().map(SecCompanyTicker::parse))
        .containsExactly(
            new SecCompanyTicker(789019, "MSFT", "MICROSOFT CORP"),
            new SecCompanyTicker(320193, "AAPL", "Apple Inc."),
            new SecCompanyTicker(1045810, "NVDA", "NVIDIA CORP"));
  }

  @Test
  @DisplayName("an array, a non-object entry or a non-JSON body is malformed")
  void rejectsOtherShapes() {
    assertThatThrownBy(() -> protocol.parse("[{\"cik_str\":1}]"))
        .isInstanceOf(MalformedPageException.class)
        .hasMessage("SEC company_tickers.json is not a JSON object keyed by index but ARRAY");
    assertThatThrownBy(() -> protocol.parse("{\"0\":5}"))
        .hasMessage("SEC company_tickers.json entry 0 is not an object but NUMBER");
    assertThatThrownBy(() -> protocol.parse("<html>"))
        .hasMessageStartingWith("SEC company_tickers.json is not JSON");
  }

  @Test
  @DisplayName("a ticker entry without cik_str names the field")
  void typedEntryNamesMissingField() {
    assertThatThrownBy(() -> SecCompanyTicker.parse("{\"ticker\":\"X\",\"title\":\"X\"}"))
        .hasMessage("SEC company ticker has no field cik_str (expected an integer)");
  }
}
