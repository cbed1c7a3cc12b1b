package io.pitlake.vendor.sec;

import static io.pitlake.vendor.sec.SecTestFixtures.USER_AGENT;
import static io.pitlake.vendor.sec.SecTestFixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecCompanyFactsProtocolTest {

  private final SecCompanyFactsProtocol protocol = new SecCompanyFactsProtocol(USER_AGENT);

  @Test
  @DisplayName("the first page is the padded CIK's companyfacts file below the base URL")
  void firstPage() {
    RestSplit split =
        RestSplit.of("1640147", LocalDate.parse("2019-01-01"), LocalDate.parse("2024-12-31"));

    assertThat(protocol.firstPage(HttpUrl.get("https://data.sec.gov"), split).toString())
        .isEqualTo("https://data.sec.gov/api/xbrl/companyfacts/CIK0001640147.json");
  }

  @Test
  @DisplayName("one element per fact of the SNOW fixture, flattened with where it sits")
  void parsesFixtureElements() throws Exception {
    ParsedPage page = protocol.parse(fixture("sec-companyfacts.json"));

    assertThat(page.hasNext()).isFalse();
    assertThat(page.elements()).hasSize(9);
    assertThat(page.elements().get(0))
        .isEqualTo(
            "{\"cik\":1640147,\"entityName\":\"SNOWFLAKE INC.\",\"taxonomy\":\"dei\","
                + "\"concept\":\"EntityCommonStockSharesOutstanding\","
                + "\"label\":\"Entity Common Stock, Shares Outstanding\",\"unit\":\"shares\","
                + "\"end\":\"2021-03-01\",\"val\":288700000,\"accn\":\"0001640147-21-000073\","
                + "\"fy\":2021,\"fp\":\"FY\",\"form\":\"10-K\",\"filed\":\"2021-03-31\","
                + "\"frame\":\"CY2021Q1I\"}");
  }

  @Test
  @DisplayName("every fact of the fixture reads field by field, duration and instant alike")
  void typedFacts() throws Exception {
    List<SecFactVersion> facts =
        protocol.parse(fixture("sec-companyfacts.json")).elements().stream()
            .map(SecFactVersion::parse)
            .toList();

    String revenue = "RevenueFromContractWithCustomerExcludingAssessedTax";
    assertThat(facts.get(3))
        .isEqualTo(
            new SecFactVersion(
                1640147,
                "us-gaap",
                revenue,
                "USD",
                LocalDate.parse("2019-08-01"),
                LocalDate.parse("2019-10-31"),
                new BigDecimal("73012000"),
                "0001640147-20-000023",
                2021L,
                "Q3",
                "10-Q",
                LocalDate.parse("2020-12-03"),
                "CY2019Q3"));
    assertThat(facts.get(3).isInstant()).isFalse();
    assertThat(facts)
        .extracting(SecFactVersion::concept)
        .containsExactly(
            "EntityCommonStockSharesOutstanding",
            "EntityCommonStockSharesOutstanding",
            revenue,
            revenue,
            revenue,
            revenue,
            "CashEquivalentsAtCarryingValue",
            "CashEquivalentsAtCarryingValue",
            "CashEquivalentsAtCarryingValue");
    assertThat(facts.get(1).frame()).isNull();
    assertThat(facts.get(1).fp()).isEqualTo("Q1");
    assertThat(facts.get(1).fy()).isEqualTo(2022L);
  }

  @Test
  @DisplayName("the SNOW restatement is kept as three versions of one period")
  void restatementIsKept() throws Exception {
    List<SecFactVersion> cash =
        protocol.parse(fixture("sec-companyfacts.json")).elements().stream()
            .map(SecFactVersion::parse)
            .filter(f -> f.concept().equals("CashEquivalentsAtCarryingValue"))
            .toList();

    assertThat(cash).allMatch(f -> f.isInstant() && f.end().equals(LocalDate.parse("2023-01-31")));
    assertThat(cash)
        .extracting(f -> f.val().longValueExact(), SecFactVersion::form, f -> f.filed().toString())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(398_346_000L, "10-K", "2023-03-29"),
            org.assertj.core.groups.Tuple.tuple(539_390_000L, "10-Q", "2023-06-02"),
            org.assertj.core.groups.Tuple.tuple(539_390_000L, "10-K", "2024-03-26"));
    assertThat(cash).extracting(SecFactVersion::frame).containsExactly(null, null, "CY2022Q4I");
  }

  @Test
  @DisplayName("cik, entityName and label may come after the facts; decimals stay exact")
  void fieldOrderDoesNotMatter() throws Exception {
    String body =
        "{\"facts\":{\"us-gaap\":{\"EarningsPerShareDiluted\":{\"units\":{\"USD/shares\":["
            + "{\"start\":\"2023-02-01\",\"end\":\"2024-01-31\",\"val\":-2.50,"
            + "\"accn\":\"x-1\",\"fy\":2024,\"fp\":\"FY\",\"form\":\"10-K\","
            + "\"filed\":\"2024-03-26\"}]},\"label\":\"EPS, Diluted\",\"description\":{\"x\":[1]}}}},"
            + "\"entityName\":\"SNOWFLAKE INC.\",\"cik\":\"0001640147\",\"extra\":[1,{\"a\":2}]}";

    ParsedPage page = protocol.parse(body);

    assertThat(page.elements())
        .containsExactly(
            "{\"cik\":1640147,\"entityName\":\"SNOWFLAKE INC.\",\"taxonomy\":\"us-gaap\","
                + "\"concept\":\"EarningsPerShareDiluted\",\"label\":\"EPS, Diluted\","
                + "\"unit\":\"USD/shares\",\"start\":\"2023-02-01\",\"end\":\"2024-01-31\","
                + "\"val\":-2.50,\"accn\":\"x-1\",\"fy\":2024,\"fp\":\"FY\",\"form\":\"10-K\","
                + "\"filed\":\"2024-03-26\"}");
    assertThat(SecFactVersion.parse(page.elements().get(0)).val()).isEqualByComparingTo("-2.5");
  }

  @Test
  @DisplayName("a multi-megabyte document streams into one element per fact")
  void largeDocument() throws Exception {
    StringBuilder body =
        new StringBuilder(
            "{\"cik\":1318605,\"entityName\":\"Tesla, Inc.\",\"facts\":{\"us-gaap\":{");
    int concepts = 400;
    int perConcept = 100;
    for (int c = 0; c < concepts; c++) {
      body.append(c == 0 ? "" : ",")
          .append("\"Concept")
          .append(c)
          .append("\":{\"label\":\"L\",\"description\":\"")
          .append("d".repeat(500))
          .append("\",\"units\":{\"USD\":[");
      for (int f = 0; f < perConcept; f++) {
        body.append(f == 0 ? "" : ",")
            .append("{\"end\":\"2020-12-31\",\"val\":")
            .append(c * perConcept + f)
            .append(",\"accn\":\"0001318605-21-000001\",\"fy\":2020,\"fp\":\"FY\",")
            .append("\"form\":\"10-K\",\"filed\":\"2021-02-08\"}");
      }
      body.append("]}}");
    }
    body.append("}}}");
    assertThat(body.length()).isGreaterThan(3_000_000);

    ParsedPage page = protocol.parse(body.toString());

    assertThat(page.elements()).hasSize(concepts * perConcept);
    SecFactVersion last = SecFactVersion.parse(page.elements().get(concepts * perConcept - 1));
    assertThat(last.concept()).isEqualTo("Concept399");
    assertThat(last.val()).isEqualByComparingTo(BigDecimal.valueOf(concepts * perConcept - 1));
  }

  @Test
  @DisplayName("broken documents are malformed pages naming what is wrong")
  void rejectsBrokenDocuments() {
    assertThatThrownBy(() -> protocol.parse("{\"cik\":1,\"facts\":{\"dei\":"))
        .isInstanceOf(MalformedPageException.class)
        .hasMessageStartingWith("SEC companyfacts is not JSON");
    assertThatThrownBy(() -> protocol.parse("[]"))
        .hasMessage("SEC companyfacts is not a JSON object");
    assertThatThrownBy(() -> protocol.parse("{\"facts\":{}}"))
        .hasMessage("SEC companyfacts has no cik");
    assertThatThrownBy(() -> protocol.parse("{\"cik\":1,\"facts\":{}} {}"))
        .hasMessage("SEC companyfacts has content after its object");
    assertThatThrownBy(
            () ->
                protocol.parse("{\"cik\":1,\"facts\":{\"dei\":{\"C\":{\"units\":{\"USD\":[5]}}}}}"))
        .hasMessage("SEC companyfacts facts.dei.C.units.USD holds a value that is not a fact");
    assertThatThrownBy(
            () ->
                protocol.parse(
                    "{\"cik\":1,\"facts\":{\"dei\":{\"C\":{\"units\":{\"USD\":"
                        + "[{\"unit\":\"EUR\",\"val\":1}]}}}}}"))
        .hasMessage(
            "SEC companyfacts facts.dei.C.units.USD has a fact with a field unit, which pitlake"
                + " adds itself");
  }

  @Test
  @DisplayName("a fact without a value or filing date names the field")
  void typedFactNamesMissingField() {
    assertThatThrownBy(
            () ->
                SecFactVersion.parse(
                    "{\"cik\":1,\"taxonomy\":\"dei\",\"concept\":\"C\",\"unit\":\"USD\","
                        + "\"end\":\"2020-01-01\",\"accn\":\"a\",\"form\":\"10-K\","
                        + "\"filed\":\"2020-02-01\"}"))
        .hasMessage("SEC fact has no field val (expected a number)");
    assertThatThrownBy(
            () ->
                SecFactVersion.parse(
                    "{\"cik\":1,\"taxonomy\":\"dei\",\"concept\":\"C\",\"unit\":\"USD\","
                        + "\"end\":\"2020-01-01\",\"val\":1,\"accn\":\"a\",\"form\":\"10-K\","
                        + "\"filed\":\"Feb 1\"}"))
        .hasMessage("SEC fact field filed is \"Feb 1\", expected a YYYY-MM-DD date");
  }
}
