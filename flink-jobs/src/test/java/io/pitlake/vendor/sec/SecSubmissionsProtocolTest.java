package io.pitlake.vendor.sec;

import static io.pitlake.vendor.sec.SecTestFixtures.USER_AGENT;
import static io.pitlake.vendor.sec.SecTestFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecSubmissionsProtocolTest {

  private static final HttpUrl FIRST =
      HttpUrl.get("http://127.0.0.1:8080/sec/submissions/CIK0001318605.json");

  private final SecSubmissionsProtocol protocol = new SecSubmissionsProtocol(USER_AGENT);

  @Test
  @DisplayName("the first page is the padded CIK's submissions file below the base URL")
  void firstPage() {
    RestSplit split =
        RestSplit.of("1318605", LocalDate.parse("2000-01-01"), LocalDate.parse("2025-12-31"));

    assertThat(protocol.firstPage(HttpUrl.get("http://127.0.0.1:8080/sec/"), split))
        .isEqualTo(FIRST);
    assertThatThrownBy(
            () ->
                protocol.firstPage(
                    HttpUrl.get("https://data.sec.gov"),
                    RestSplit.of("TSLA", split.from(), split.to())))
        .hasMessageStartingWith("'TSLA' is not a CIK");
  }

  @Test
  @DisplayName("reads the TSLA fixture's columnar recent filings, one element per filing")
  void parsesFixtureRows() throws Exception {
    ParsedPage page = protocol.parse(fixture("sec-submissions.json"), FIRST);

    assertThat(page.elements()).hasSize(3);
    assertThat(page.elements().get(1))
        .isEqualTo(
            "{\"cik\":1318605,\"accessionNumber\":\"0001564590-22-016871\","
                + "\"filingDate\":\"2022-05-02\",\"reportDate\":\"2021-12-31\","
                + "\"acceptanceDateTime\":\"2022-04-29T18:05:17.000Z\",\"act\":\"34\","
                + "\"form\":\"10-K/A\",\"fileNumber\":\"001-34756\",\"filmNumber\":\"22878151\","
                + "\"items\":\"\",\"size\":2685042,\"isXBRL\":1,\"isInlineXBRL\":1,"
                + "\"primaryDocument\":\"tsla-10ka_20211231.htm\","
                + "\"primaryDocDescription\":\"10-K/A\"}");
    List<SecFiling> filings = page.elements().stream().map(SecFiling::parse).toList();
    assertThat(filings)
        .containsExactly(
            new SecFiling(
                1318605,
                "0000950170-22-019867",
                "10-Q",
                LocalDate.parse("2022-10-24"),
                LocalDate.parse("2022-09-30"),
                LocalDateTime.parse("2022-10-24T06:08:50")),
            new SecFiling(
                1318605,
                "0001564590-22-016871",
                "10-K/A",
                LocalDate.parse("2022-05-02"),
                LocalDate.parse("2021-12-31"),
                LocalDateTime.parse("2022-04-29T18:05:17")),
            new SecFiling(
                1318605,
                "0000950170-22-000796",
                "10-K",
                LocalDate.parse("2022-02-07"),
                LocalDate.parse("2021-12-31"),
                LocalDateTime.parse("2022-02-04T20:11:27")));
    assertThat(filings).extracting(SecFiling::isAmendment).containsExactly(false, true, false);
  }

  @Test
  @DisplayName(
      "the fixture's older file becomes the next cursor, carrying the CIK, on the same base")
  void olderFileIsTheNextCursor() throws Exception {
    ParsedPage page = protocol.parse(fixture("sec-submissions.json"), FIRST);

    assertThat(page.nextUrl())
        .isEqualTo(
            "http://127.0.0.1:8080/sec/submissions/CIK0001318605-submissions-001.json"
                + "?pitlake.cik=1318605");
    assertThat(protocol.requestUrl(HttpUrl.get(page.nextUrl())).toString())
        .isEqualTo("http://127.0.0.1:8080/sec/submissions/CIK0001318605-submissions-001.json");
  }

  @Test
  @DisplayName("without a cursor the next file is announced on EDGAR's own host")
  void parseWithoutCursorUsesEdgarHost() throws Exception {
    assertThat(protocol.parse(fixture("sec-submissions.json")).nextUrl())
        .isEqualTo(
            "https://data.sec.gov/submissions/CIK0001318605-submissions-001.json"
                + "?pitlake.cik=1318605");
  }

  @Test
  @DisplayName("older files are paged one by one, each once, each cursor naming the files left")
  void pagesThroughOlderFiles() throws Exception {
    String first =
        submissions(
            "[{\"name\":\"CIK0001318605-submissions-001.json\"},"
                + "{\"name\":\"CIK0001318605.json\"},"
                + "{\"name\":\"CIK0001318605-submissions-002.json\"},"
                + "{\"name\":\"CIK0001318605-submissions-001.json\"},"
                + "{\"name\":\"CIK0001318605-submissions-003.json\"}]");
    String older =
        "{\"accessionNumber\":[\"a-1\",\"a-2\"],\"filingDate\":[\"2013-01-02\",\"2013-01-01\"],"
            + "\"form\":[\"8-K\",\"4\"]}";

    ParsedPage page1 = protocol.parse(first, FIRST);
    HttpUrl cursor2 = HttpUrl.get(page1.nextUrl());
    assertThat(cursor2.queryParameter("pitlake.files"))
        .isEqualTo("CIK0001318605-submissions-002.json,CIK0001318605-submissions-003.json");

    ParsedPage page2 = protocol.parse(older, cursor2);
    assertThat(page2.elements())
        .containsExactly(
            "{\"cik\":1318605,\"accessionNumber\":\"a-1\",\"filingDate\":\"2013-01-02\","
                + "\"form\":\"8-K\"}",
            "{\"cik\":1318605,\"accessionNumber\":\"a-2\",\"filingDate\":\"2013-01-01\","
                + "\"form\":\"4\"}");
    HttpUrl cursor3 = HttpUrl.get(page2.nextUrl());
    assertThat(cursor3.pathSegments()).last().isEqualTo("CIK0001318605-submissions-002.json");
    assertThat(cursor3.queryParameter("pitlake.files"))
        .isEqualTo("CIK0001318605-submissions-003.json");

    HttpUrl cursor4 = HttpUrl.get(protocol.parse(older, cursor3).nextUrl());
    assertThat(cursor4.pathSegments()).last().isEqualTo("CIK0001318605-submissions-003.json");
    assertThat(cursor4.queryParameter("pitlake.files")).isNull();
    assertThat(protocol.parse(older, cursor4).hasNext()).isFalse();
  }

  @Test
  @DisplayName("a file name that could leave the submissions folder rejects the page")
  void rejectsUnsafeFileNames() {
    assertThatThrownBy(() -> protocol.parse(submissions("[{\"name\":\"../files/x.json\"}]"), FIRST))
        .isInstanceOf(MalformedPageException.class)
        .hasMessage(
            "SEC submissions filings.files[0].name '../files/x.json' is not a plain .json file"
                + " name");
    HttpUrl tampered =
        HttpUrl.get(
            "http://127.0.0.1/submissions/CIK0001318605-submissions-001.json"
                + "?pitlake.cik=1318605&pitlake.files=a.json,%2Fetc%2Fx");
    assertThatThrownBy(() -> protocol.parse("{\"accessionNumber\":[]}", tampered))
        .hasMessageContaining("which is not a plain .json file name");
  }

  @Test
  @DisplayName("columns of different lengths, or no accessionNumber, reject the page")
  void rejectsBrokenColumns() {
    assertThatThrownBy(
            () ->
                protocol.parse(
                    "{\"cik\":\"1318605\",\"filings\":{\"recent\":{\"accessionNumber\":[\"a\"],"
                        + "\"form\":[\"10-K\",\"10-Q\"]}}}",
                    FIRST))
        .hasMessage(
            "SEC submissions column form has 2 values but accessionNumber has 1: the columns must"
                + " be parallel");
    assertThatThrownBy(() -> protocol.parse("{\"cik\":\"1318605\",\"filings\":{}}", FIRST))
        .hasMessage("SEC submissions has no object filings.recent");
    assertThatThrownBy(() -> protocol.parse("{\"filings\":{\"recent\":{}}}", FIRST))
        .hasMessageStartingWith("SEC submissions has no cik");
  }

  @Test
  @DisplayName("a filing with an unreadable acceptance time names the field")
  void filingNamesBadAcceptance() {
    assertThatThrownBy(
            () ->
                SecFiling.parse(
                    "{\"cik\":1,\"accessionNumber\":\"a\",\"form\":\"4\","
                        + "\"filingDate\":\"2020-01-02\",\"acceptanceDateTime\":\"yesterday\"}"))
        .hasMessage(
            "SEC filing field acceptanceDateTime 'yesterday' is not EDGAR's"
                + " YYYY-MM-DDTHH:MM:SS.000Z");
    assertThat(
            SecFiling.parse(
                    "{\"cik\":1,\"accessionNumber\":\"a\",\"form\":\"4\","
                        + "\"filingDate\":\"2020-01-02\",\"reportDate\":\"\"}")
                .reportDate())
        .isNull();
  }

  private static String submissions(String files) {
    return "{\"cik\":\"1318605\",\"filings\":{\"recent\":{\"accessionNumber\":[\"r-1\"],"
        + "\"form\":[\"10-K\"]},\"files\":"
        + files
        + "}}";
  }
}
