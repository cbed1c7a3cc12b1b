package io.pitlake.vendor.polygon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pitlake.job.ingest.RawNormalizer;
import io.pitlake.quarantine.Rejection;
import io.pitlake.source.rest.FetchedRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class PolygonDailyBarNormalizerTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static final Instant FETCHED = Instant.parse("2026-01-02T03:04:05Z");
  static final LocalDate DAY = LocalDate.parse("2024-01-02");
  static final String URL =
      "http://127.0.0.1:1/v2/aggs/ticker/AAPL/range/1/day/2005-04-01/2005-04-04";

  @Test
  void copiesTheFixturesFieldsAndStampsTheRuleTime() throws Exception {
    var harness = harness();
    harness.processElement(
        element(
            "{\"v\":642646396.0,\"vw\":1.469,\"o\":1.5032,\"c\":1.4604,\"h\":1.5064,\"l\":1.4489,\"t\":1112331600000,\"n\":82132}"),
        0);

    PolygonAggObservation o = harness.extractOutputValues().get(0);
    assertThat(o.sessionDate()).isEqualTo(LocalDate.of(2005, 4, 1));
    assertThat(o.eventTime()).isEqualTo(Instant.ofEpochMilli(1112331600000L));
    assertThat(o.availableAt()).isEqualTo(Instant.parse("2005-04-02T01:15:00Z"));
    assertThat(o.ingestedAt()).isEqualTo(FETCHED);
    assertThat(o.c()).isEqualTo(1.4604);
    assertThat(o.v()).isEqualTo(642646396.0);
    assertThat(o.n()).isEqualTo(82132L);
    assertThat(o.otc()).isNull();
    assertThat(o.requestUrl()).isEqualTo(URL);
    assertThat(harness.getSideOutput(PolygonDailyBarNormalizer.REJECTED)).isNull();
  }

  @Test
  void theHashIgnoresFieldOrderButNotValues() throws Exception {
    var harness = harness();
    harness.processElement(element("{\"t\":1112331600000,\"c\":1.5,\"o\":1.4}"), 0);
    harness.processElement(element("{\"o\":1.4,\"c\":1.5,\"t\":1112331600000}"), 0);
    harness.processElement(element("{\"o\":1.4,\"c\":1.6,\"t\":1112331600000}"), 0);

    var out = harness.extractOutputValues();
    assertThat(out.get(0).payloadHash()).isEqualTo(out.get(1).payloadHash()).hasSize(64);
    assertThat(out.get(2).payloadHash()).isNotEqualTo(out.get(0).payloadHash());
  }

  @Test
  void theHashIsTheSha256OfTheTextWithEveryObjectsKeysSorted() throws Exception {
    String payload =
        "{\"t\":1112331600000,\"v\":642646396.0,\"b\":{\"z\":1,\"a\":[2,{\"y\":\"\u00e9\\\"\",\"x\":null}]},"
            + "\"a\":true,\"big\":123456789012345678901234567890}";
    String canonical =
        "{\"a\":true,\"b\":{\"a\":[2,{\"x\":null,\"y\":\"\u00e9\\\"\"}],\"z\":1},"
            + "\"big\":123456789012345678901234567890,\"t\":1112331600000,\"v\":6.42646396E8}";

    assertThat(PolygonDailyBarNormalizer.canonicalHash(JSON.readTree(payload)))
        .isEqualTo(RawNormalizer.sha256(canonical));
  }

  @Test
  void theHashOfEveryFixtureBarIsWhatASortedMapSerialisesTo() throws Exception {
    // Hashes already stored in bronze were made by serialising the bar through a sorted map; the
    // streaming canonical writer must give the same bytes, or every re-run would add versions.
    ObjectMapper sortedMaps =
        new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    int bars = 0;
    for (String fixture : List.of("polygon-aggs-day.json", "polygon-aggs-day-paged.json")) {
      for (JsonNode bar :
          JSON.readTree(
                  PolygonDailyBarNormalizerTest.class.getResourceAsStream("/apiref/" + fixture))
              .path("results")) {
        String viaSortedMap =
            sortedMaps.writeValueAsString(sortedMaps.convertValue(bar, TreeMap.class));
        assertThat(PolygonDailyBarNormalizer.canonicalHash(bar))
            .as("bar %s", bar)
            .isEqualTo(RawNormalizer.sha256(viaSortedMap));
        bars++;
      }
    }
    assertThat(bars).isGreaterThan(1);
  }

  @Test
  void aNonNumericValueIsCopiedAsNullForSilverToReject() throws Exception {
    var harness = harness();
    harness.processElement(element("{\"t\":1112331600000,\"c\":\"abc\",\"o\":1.4}"), 0);

    assertThat(harness.extractOutputValues().get(0).c()).isNull();
  }

  @Test
  void aFailedPageAndABarWithoutStartAreRejectedWithTheirPayload() throws Exception {
    var harness = harness();
    harness.processElement(
        new FetchedRecord(
            "AAPL:x",
            "AAPL",
            DAY,
            URL,
            "<html>oops</html>",
            FETCHED,
            "Content-Type text/html is not JSON"),
        0);
    harness.processElement(element("{\"c\":1.5}"), 0);
    harness.processElement(element("{\"t\":\"yesterday\"}"), 0);

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.getSideOutput(PolygonDailyBarNormalizer.REJECTED))
        .extracting(
            r -> ((Rejection) r.getValue()).reason() + " | " + ((Rejection) r.getValue()).payload())
        .containsExactly(
            "Content-Type text/html is not JSON | <html>oops</html>",
            "missing or non-integer field t (bar start, Unix ms) | {\"c\":1.5}",
            "missing or non-integer field t (bar start, Unix ms) | {\"t\":\"yesterday\"}");
  }

  static org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness<
          FetchedRecord, PolygonAggObservation>
      harness() throws Exception {
    return ProcessFunctionTestHarnesses.forProcessFunction(
        new PolygonDailyBarNormalizer(new PolygonDailyBarAvailability(Duration.ofMinutes(15))));
  }

  static FetchedRecord element(String json) {
    return new FetchedRecord("AAPL:x", "AAPL", DAY, URL, json, FETCHED, null);
  }
}
