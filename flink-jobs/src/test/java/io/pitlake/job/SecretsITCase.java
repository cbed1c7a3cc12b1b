package io.pitlake.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitlake.job.ingest.IngestPlan;
import io.pitlake.simulator.PolygonSimulator;
import io.pitlake.table.PitlakeTables;
import io.pitlake.testing.Lake;
import io.pitlake.testing.Runs;
import io.pitlake.testing.ServedLake;
import io.pitlake.vendor.polygon.PolygonDailyBarAvailability;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key and the catalog's token in none of what Flink's web UI shows: while a live job runs
 * against the lake's authenticated REST catalog (writer token in {@code catalog.token-file}), every
 * page of the REST API behind the UI (job, plan, configuration, exceptions, accumulators,
 * checkpoints, and the value of every job, task and cluster metric) is fetched and searched for
 * both.
 */
class SecretsITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = Runs.miniCluster();

  static final Duration DEADLINE = Duration.ofMinutes(3);
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;

  @Test
  @DisplayName(
      "no page of the Flink web UI's REST API, metrics included, shows the API key or the catalog"
          + " token")
  void theWebUiAndMetricsNeverShowTheKey() throws Exception {
    Configuration options = Runs.options();
    options.set(BackfillOptions.LIVE_POLL_INTERVAL, Duration.ofSeconds(1));
    LocalDate newest =
        new PolygonDailyBarAvailability(options.get(PolygonOptions.PUBLICATION_DELAY))
            .newestAvailableSession(Instant.now());
    try (PolygonSimulator simulator = PolygonSimulator.builder().apiKey(Runs.KEY).build().start();
        Lake lake = new Lake(root.resolve("lake"));
        ServedLake served = new ServedLake(lake, root)) {
      IngestPlan bounded =
          Runs.plan(lake, simulator, List.of("AAPL", "MSFT"), newest.minusDays(30), newest);
      IngestPlan live =
          new IngestPlan(
              served.config(),
              bounded.symbols(),
              bounded.from(),
              null,
              bounded.baseUrl(),
              bounded.credentials(),
              options);
      JobClient job = new Backfill(new Configuration(), line -> {}).startLive(live);
      try {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (lake.rows(PitlakeTables.BRONZE_POLYGON_AGGS).isEmpty()
            && System.nanoTime() < deadline) {
          Thread.sleep(1_000);
        }
        assertThat(lake.rows(PitlakeTables.BRONZE_POLYGON_AGGS))
            .as("the job committed")
            .isNotEmpty();

        Map<String, String> pages = new WebUi(restUrl()).crawl(job.getJobID().toString());

        assertThat(pages.keySet())
            .as("the crawl reached the job's pages and metrics")
            .anyMatch(p -> p.endsWith("/plan"))
            .anyMatch(p -> p.contains("/vertices/") && p.contains("/metrics?get="))
            .anyMatch(p -> p.startsWith("/taskmanagers/") && p.contains("/metrics?get="));
        assertThat(String.join("\n", pages.values()))
            .as("the pages hold the job")
            .contains("pitlake live")
            .contains("numRecordsOut");
        pages.forEach(
            (page, body) ->
                assertThat(body)
                    .as("page %s", page)
                    .doesNotContain(Runs.KEY)
                    .doesNotContain(served.token()));
      } finally {
        job.cancel().get();
      }
    }
  }

  private static HttpUrl restUrl() {
    Configuration client = FLINK.getClientConfiguration();
    return new HttpUrl.Builder()
        .scheme("http")
        .host(client.get(RestOptions.ADDRESS))
        .port(client.get(RestOptions.PORT))
        .build();
  }

  /** Fetches the REST API pages the web UI shows, by following the ids each page lists. */
  private static final class WebUi {

    /** Metric values are asked for a few at a time, so that no URL gets too long. */
    private static final int METRICS_PER_REQUEST = 20;

    private final HttpUrl base;
    private final OkHttpClient http = new OkHttpClient();
    private final Map<String, String> pages = new LinkedHashMap<>();

    WebUi(HttpUrl base) {
      this.base = base;
    }

    Map<String, String> crawl(String jobId) throws IOException {
      for (String page :
          List.of(
              "/config",
              "/overview",
              "/jobs/overview",
              "/jobmanager/config",
              "/jobmanager/environment")) {
        get(page);
      }
      metrics("/jobmanager/metrics");
      String job = "/jobs/" + jobId;
      for (String page : List.of("", "/config", "/plan", "/exceptions", "/accumulators")) {
        get(job + page);
      }
      get(job + "/checkpoints");
      get(job + "/checkpoints/config");
      metrics(job + "/metrics");
      for (JsonNode vertex : get(job).path("vertices")) {
        String path = job + "/vertices/" + vertex.path("id").asText();
        get(path);
        get(path + "/accumulators");
        get(path + "/subtasks/accumulators");
        get(path + "/subtasktimes");
        metrics(path + "/metrics");
      }
      for (JsonNode tm : get("/taskmanagers").path("taskmanagers")) {
        String path = "/taskmanagers/" + tm.path("id").asText();
        get(path);
        metrics(path + "/metrics");
      }
      return pages;
    }

    /** Lists the metrics under {@code path}, then fetches all their values. */
    private void metrics(String path) throws IOException {
      List<String> ids = new ArrayList<>();
      get(path).forEach(metric -> ids.add(metric.path("id").asText()));
      for (int i = 0; i < ids.size(); i += METRICS_PER_REQUEST) {
        String wanted =
            String.join(",", ids.subList(i, Math.min(ids.size(), i + METRICS_PER_REQUEST)));
        get(path + "?get=" + wanted);
      }
    }

    private JsonNode get(String pathAndQuery) throws IOException {
      HttpUrl url = HttpUrl.get(base + pathAndQuery.substring(1));
      try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) {
        String body = response.body() == null ? "" : response.body().string();
        pages.put(pathAndQuery, body);
        return response.isSuccessful() ? JSON.readTree(body) : JSON.createObjectNode();
      }
    }
  }
}
