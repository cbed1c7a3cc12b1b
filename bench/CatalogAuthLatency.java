import io.pitlake.catalog.CatalogConfig;
import io.pitlake.catalog.Catalogs;
import io.pitlake.catalog.rest.CatalogAuth;
import io.pitlake.catalog.rest.CatalogClients;
import io.pitlake.catalog.rest.RestCatalogServer;
import io.pitlake.table.PitlakeTables;
import io.pitlake.table.TableBootstrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.security.SecureRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * What authentication adds to a request of the REST catalog: {@code loadTable} calls of Iceberg's
 * own REST client against one embedded lake served three ways, in one JVM on loopback: open (no
 * auth), with a reader's pre-issued token (its secret: SHA-256 and a constant-time comparison with
 * every client's), and with a reader's OAuth2 credential (exchanged once; then a token looked up by
 * its digest). The variants take turns in rounds of {@code calls / rounds}, so the machine's drift
 * spreads over all three instead of favouring one.
 *
 * <p>Usage: {@code java -cp pitlake.jar:flink-classpath bench/CatalogAuthLatency.java WORK [calls]
 * [rounds] [clients]}
 */
public class CatalogAuthLatency {

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int readers = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    Files.createDirectories(work.resolve("lake"));
    Catalog lake = Catalogs.create(CatalogConfig.embedded(work.resolve("lake")));
    TableBootstrap.ensureTables(lake, PitlakeTables.all());

    // Ten readers and a writer, so the token check compares as many digests as a small team has.
    SecureRandom random = new SecureRandom();
    String secret = null;
    for (int i = 0; i <= readers; i++) {
      Path file = work.resolve(i == 0 ? "clients/writer/flink" : "clients/reader/r" + i);
      Files.createDirectories(file.getParent());
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      String hex = HexFormat.of().formatHex(bytes);
      Files.writeString(file, hex + "\n");
      if (i == 1) {
        secret = hex;
      }
    }
    CatalogAuth tokens = CatalogAuth.tokens(CatalogClients.load(work.resolve("clients")));
    TableIdentifier table = PitlakeTables.GOLD_BAR_FEATURES_DAILY.id();
    try (RestCatalogServer open = RestCatalogServer.start(lake, "127.0.0.1", 0, 4, CatalogAuth.open());
        RestCatalogServer authed = RestCatalogServer.start(lake, "127.0.0.1", 0, 4, tokens)) {
      Map<String, Catalog> variants = new LinkedHashMap<>();
      variants.put("no auth", client(open, Map.of()));
      variants.put("token", client(authed, Map.of("token", secret)));
      variants.put("credential", client(authed, Map.of("credential", "r1:" + secret)));
      Map<String, long[]> nanos = new LinkedHashMap<>();
      for (Map.Entry<String, Catalog> v : variants.entrySet()) {
        for (int i = 0; i < Math.min(2_000, calls / 5); i++) {
          v.getValue().loadTable(table); // warm-up: JIT, connections
        }
        nanos.put(v.getKey(), new long[calls]);
      }
      int perRound = calls / rounds;
      for (int round = 0; round < rounds; round++) {
        for (Map.Entry<String, Catalog> v : variants.entrySet()) {
          long[] times = nanos.get(v.getKey());
          for (int i = round * perRound; i < (round + 1) * perRound; i++) {
            long t0 = System.nanoTime();
            v.getValue().loadTable(table);
            times[i] = System.nanoTime() - t0;
          }
        }
      }
      double baseP50 = 0;
      double baseP99 = 0;
      for (Map.Entry<String, long[]> v : nanos.entrySet()) {
        long[] sorted = v.getValue().clone();
        Arrays.sort(sorted);
        double p50 = sorted[sorted.length / 2] / 1e3;
        double p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e3;
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e3;
        if (v.getKey().equals("no auth")) {
          baseP50 = p50;
          baseP99 = p99;
        }
        System.out.printf(
            "%-10s %,d loadTable calls: p50 %7.1f us  p99 %7.1f us  mean %7.1f us"
                + "  (p50 %+6.1f us, p99 %+6.1f us vs no auth)%n",
            v.getKey(), sorted.length, p50, p99, mean, p50 - baseP50, p99 - baseP99);
      }
      for (Catalog c : variants.values()) {
        ((AutoCloseable) c).close();
      }
    } finally {
      ((AutoCloseable) lake).close();
    }
  }

  private static Catalog client(RestCatalogServer server, Map<String, String> auth) {
    Map<String, String> props = new LinkedHashMap<>(auth);
    props.put("type", "rest");
    props.put("uri", server.uri().toString());
    return CatalogUtil.buildIcebergCatalog("bench", props, new Configuration());
  }
}
