package io.pitlake.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pitlake.catalog.CatalogSecret;
import io.pitlake.cli.Pitlake;
import io.pitlake.job.BackfillOptions;
import io.pitlake.job.RocksDbManifestBound;
import io.pitlake.source.rest.RestSourceOptions;
import io.pitlake.vendor.polygon.PolygonOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.util.TimeUtils;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.relocated.com.google.common.collect.Maps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sqlite.SQLiteConfig;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Renders every overlay under {@code k8s/overlays} with {@code kubectl kustomize} and checks the
 * objects a cluster would receive: kinds and apiVersions, no secret value anywhere, the image and
 * jar path of the job image's Dockerfile, option keys pitlake and Iceberg really read, and client
 * commands that Flink's {@code flink run} and pitlake's own CLI parser accept.
 *
 * <p>The layout under test: two Flink applications ({@code FlinkDeployment}s with a job: the live
 * run and a backfill), a CronJob whose pods run {@code pitlake update} on Flink embedded in their
 * own JVM (an update runs several Flink jobs, which an operator application does not allow), and
 * the REST catalog server with its warehouse on S3.
 *
 * <p>Manifests are text that no compiler checks, and a wrong jar path, a typo in an option key or a
 * flag the CLI rejects only shows up on a cluster. This test catches them on any machine with a
 * JDK. It renders with the {@code kubectl} on {@code PATH} and with Debian's {@code
 * kubernetes-client} (kubectl 1.20, kustomize v2) once that is cached; with neither, it downloads
 * the Debian package without root ({@code apt-get download} with private package lists) into {@code
 * ~/.cache/pitlake/tools}. An integration test because it starts processes and may download.
 */
class KubernetesManifestsITCase {

  private static final Path REPO = repositoryRoot();
  private static final Path DOCKERFILE = REPO.resolve("k8s/image/Dockerfile");
  private static final Path STREAMING_HEAP_OPTIONS =
      REPO.resolve("flink-jobs/src/main/cli/streaming-heap-options");
  private static final String VENDOR_SECRET = "pitlake-vendor-keys";
  private static final String CONFIG_MAP = "pitlake-config";
  private static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";

  private static final Set<String> SECRET_ENV =
      Set.of(
          "POLYGON_API_KEY",
          "ALPACA_API_KEY_ID",
          "ALPACA_API_SECRET_KEY",
          "FMP_API_KEY",
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY");
  private static final Set<String> S3_ENV = Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");

  /** Iceberg FileIO settings a REST client needs itself: the server does not hand them out. */
  private static final List<String> CLIENT_FILE_IO_KEYS =
      List.of(
          CatalogProperties.FILE_IO_IMPL,
          S3FileIOProperties.ENDPOINT,
          S3FileIOProperties.PATH_STYLE_ACCESS,
          AwsClientProperties.CLIENT_REGION);

  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(key|secret|token|password|credential).*");
  private static final Pattern KEY_LIKE_VALUE = Pattern.compile("[A-Za-z0-9+/=_]{20,}");
  private static final YAMLMapper YAML = new YAMLMapper();

  /** What each overlay must deploy. */
  enum Overlay {
    DEV("pitlake-dev", "pitlake:dev", "pitlake-dev", 1, 1),
    PROD("pitlake", "registry.example.com/pitlake/pitlake:0.1.0", "pitlake", 4, 2);

    final String namespace;
    final String image;
    final String bucket;
    final int taskManagersPerJob;
    final int jobManagers;

    Overlay(
        String namespace, String image, String bucket, int taskManagersPerJob, int jobManagers) {
      this.namespace = namespace;
      this.image = image;
      this.bucket = bucket;
      this.taskManagersPerJob = taskManagersPerJob;
      this.jobManagers = jobManagers;
    }

    Path dir() {
      return REPO.resolve("k8s/overlays").resolve(name().toLowerCase());
    }
  }

  static Stream<Arguments> renderings() throws Exception {
    List<Arguments> all = new ArrayList<>();
    for (Path kubectl : kubectls()) {
      String version =
          run(REPO, kubectl.toString(), "version", "--client").lines().findFirst().get();
      for (Overlay overlay : Overlay.values()) {
        all.add(Arguments.of(overlay, kubectl, version));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} rendered by {2}")
  @MethodSource("renderings")
  void overlayRendersTheObjectsPitlakeNeeds(Overlay overlay, Path kubectl, String version)
      throws Exception {
    assertThat(Overlay.values())
        .as("every overlay directory is checked")
        .extracting(Overlay::dir)
        .containsExactlyInAnyOrderElementsOf(listDirs(REPO.resolve("k8s/overlays")));
    List<JsonNode> objects = render(kubectl, overlay.dir());

    assertThat(objects)
        .extracting(o -> o.path("apiVersion").asText() + " " + o.path("kind").asText())
        .containsExactlyInAnyOrder(
            "v1 Namespace",
            "v1 ServiceAccount",
            "rbac.authorization.k8s.io/v1 Role",
            "rbac.authorization.k8s.io/v1 RoleBinding",
            "v1 ConfigMap",
            "v1 PersistentVolumeClaim",
            "v1 Service",
            "apps/v1 Deployment",
            "flink.apache.org/v1beta1 FlinkDeployment",
            "flink.apache.org/v1beta1 FlinkDeployment",
            "batch/v1 CronJob",
            "networking.k8s.io/v1 NetworkPolicy");
    for (JsonNode object : objects) {
      String where = object.path("kind").asText() + " " + name(object);
      if (object.path("kind").asText().equals("Namespace")) {
        assertThat(name(object)).as(where).isEqualTo(overlay.namespace);
      } else {
        assertThat(object.at("/metadata/namespace").asText())
            .as(where)
            .isEqualTo(overlay.namespace);
      }
      assertNoSecretValue(object, where);
    }

    JsonNode configMap = one(objects, "ConfigMap", CONFIG_MAP);
    Properties properties = propertiesFile(configMap, "pitlake.properties");
    Properties catalogProperties = propertiesFile(configMap, "catalog.properties");
    assertOnlyRealOptionKeys(properties, true);
    assertOnlyRealOptionKeys(catalogProperties, false);
    assertThat(properties.getProperty("catalog.type")).isEqualTo("rest");
    assertThat(properties.stringPropertyNames())
        .as("on the cluster the FlinkDeployment's flinkConfiguration decides these (embedded only)")
        .doesNotContain(BackfillOptions.CHECKPOINT_DIR.key(), BackfillOptions.STATE_BACKEND.key());

    String dockerfile = Files.readString(DOCKERFILE);
    String flinkVersion = EnvironmentInformation.getVersion();
    assertThat(fromImage(dockerfile)).isEqualTo("flink:" + flinkVersion + "-java17");
    String jar = jarDestination(dockerfile);

    JsonNode live = one(objects, "FlinkDeployment", "pitlake-live");
    ParseResult liveArgs =
        assertApplication(live, objects, overlay, properties, catalogProperties, jar);
    assertThat(liveArgs.subcommand().commandSpec().name()).isEqualTo("live");
    assertThat(live.at("/spec/job/upgradeMode").asText())
        .as("an upgrade resumes the live job from its last checkpoint")
        .isEqualTo("last-state");
    assertThat(live.at("/spec/job/state").asText()).isEqualTo("running");
    assertThat(liveArgs.subcommand().<String>matchedOptionValue("--intraday", null))
        .as("the live job follows minute bars by websocket, with the key from the Secret")
        .isEqualTo("polygon");
    assertLiveSnapshotsStated(live, properties);
    assertThat(
            live.at("/spec/flinkConfiguration/" + CoreOptions.FLINK_TM_JVM_OPTIONS.key())
                .asText()
                .split(" "))
        .as("the live job's TaskManagers run with the launcher's streaming heap policy")
        .containsExactlyElementsOf(Files.readAllLines(STREAMING_HEAP_OPTIONS));
    assertThat(live.at("/spec/flinkConfiguration/state.backend.rocksdb.options-factory").asText())
        .as("a live job's checkpoints grow with its age unless RocksDB's MANIFEST is bounded")
        .isEqualTo(RocksDbManifestBound.class.getName());

    JsonNode backfill = one(objects, "FlinkDeployment", "pitlake-backfill");
    ParseResult backfillArgs =
        assertApplication(backfill, objects, overlay, properties, catalogProperties, jar);
    assertThat(backfillArgs.subcommand().commandSpec().name()).isEqualTo("backfill");
    LocalDate from = backfillArgs.subcommand().matchedOptionValue("--from", null);
    LocalDate to = backfillArgs.subcommand().matchedOptionValue("--to", null);
    assertThat(from).isBefore(to);
    assertThat(backfill.at("/spec/job/state").asText())
        .as("kubectl apply -k creates the one-off backfill without running it")
        .isEqualTo("suspended");
    assertThat(backfill.at("/spec/job/upgradeMode").asText())
        .as("a batch job has no state to carry over")
        .isEqualTo("stateless");

    assertUpdate(one(objects, "CronJob", "pitlake-update"), overlay);
    assertCatalog(objects, overlay, properties, catalogProperties);
  }

  /**
   * The live job's commit interval, as pitlake sets it on the job ({@code
   * streaming.checkpoint-interval}) and as the cluster's configuration names it, is one interval,
   * and k8s/README.md states the snapshots per day it makes: a checkpoint with rows commits one
   * snapshot per table, one without rows only every tenth (Iceberg's {@code
   * flink.max-continuous-empty-commits} default); minute bars arrive 04:00-20:00 New York.
   */
  private static void assertLiveSnapshotsStated(JsonNode live, Properties properties)
      throws IOException {
    Duration interval =
        Configuration.fromMap(Maps.fromProperties(properties))
            .get(BackfillOptions.CHECKPOINT_INTERVAL);
    assertThat(interval).as("the live job commits at a checkpoint interval").isPositive();
    assertThat(
            TimeUtils.parseDuration(
                live.at("/spec/flinkConfiguration/execution.checkpointing.interval").asText()))
        .as("pitlake's streaming.checkpoint-interval and the cluster's interval agree")
        .isEqualTo(interval);
    long perDay = Duration.ofDays(1).dividedBy(interval);
    long feedMinutes = Duration.ofHours(16).dividedBy(interval);
    long tradingDay = feedMinutes + (perDay - feedMinutes) / 10;
    long quietDay = perDay / 10;
    String readme = Files.readString(REPO.resolve("k8s/README.md")).replaceAll("\\s+", " ");
    assertThat(readme)
        .contains(String.format("**%,d snapshots per trading day**", tradingDay))
        .contains(String.format("**%,d** on a day without a session", quietDay));
  }

  /**
   * The daily update: {@code pitlake update} with the mounted config, every evening New York time
   * after the bars are out, never two at once, the Secret's env by reference.
   */
  private static void assertUpdate(JsonNode cronJob, Overlay overlay) {
    JsonNode spec = cronJob.path("spec");
    assertThat(spec.path("timeZone").asText()).isEqualTo("America/New_York");
    String[] schedule = spec.path("schedule").asText().split(" ");
    assertThat(Integer.parseInt(schedule[1]))
        .as("after 20:15 New York, when the session's bars are out")
        .isGreaterThanOrEqualTo(21);
    assertThat(schedule[4]).as("every day: EDGAR and the news keep their own days").isEqualTo("*");
    assertThat(spec.path("concurrencyPolicy").asText()).isEqualTo("Forbid");
    JsonNode pod = spec.at("/jobTemplate/spec/template/spec");
    JsonNode container = pod.path("containers").get(0);
    assertThat(container.path("image").asText()).isEqualTo(overlay.image);
    assertThat(envNames(container)).containsAll(SECRET_ENV);
    assertPolygonKeyRequired(pod, "CronJob pitlake-update");
    List<String> args = strings(container.path("args"));
    assertThat(parse(args).subcommand().commandSpec().name()).isEqualTo("update");
    assertThat(args)
        .containsSubsequence("--config", mountedFile(pod, container, "pitlake.properties"));
  }

  /**
   * A Flink application (the operator's application mode: one job, main() in the JobManager): the
   * image's pitlake.jar and main class, arguments the CLI accepts with the mounted config file, its
   * parallelism equal to pitlake's, HA and state on S3 in the overlay's bucket, the Secret's env.
   * Returns pitlake's parse of its arguments.
   */
  private static ParseResult assertApplication(
      JsonNode deployment,
      List<JsonNode> objects,
      Overlay overlay,
      Properties properties,
      Properties catalog,
      String jar) {
    JsonNode spec = deployment.path("spec");
    String where = name(deployment);
    assertThat(spec.has("job")).as("%s: a job: section makes it an application", where).isTrue();
    assertThat(spec.path("image").asText()).as(where).isEqualTo(overlay.image);
    String flinkVersion = EnvironmentInformation.getVersion();
    assertThat(spec.path("flinkVersion").asText())
        .as(where)
        .isEqualTo("v" + flinkVersion.replaceFirst("^(\\d+)\\.(\\d+).*", "$1_$2"));
    JsonNode account = one(objects, "ServiceAccount", spec.path("serviceAccount").asText());
    assertThat(one(objects, "RoleBinding", name(account)).at("/subjects/0/name").asText())
        .isEqualTo(name(account));

    JsonNode job = spec.path("job");
    assertThat(job.path("jarURI").asText()).as(where).isEqualTo("local://" + jar);
    assertThat(job.path("entryClass").asText()).as(where).isEqualTo(Pitlake.class.getName());
    int parallelism = Integer.parseInt(properties.getProperty(BackfillOptions.PARALLELISM.key()));
    assertThat(job.path("parallelism").asInt())
        .as("%s: the operator sizes the cluster by job.parallelism, pitlake sets its own", where)
        .isEqualTo(parallelism);

    JsonNode conf = spec.path("flinkConfiguration");
    conf.fields()
        .forEachRemaining(
            e -> assertThat(e.getValue().isTextual()).as(where + " " + e.getKey()).isTrue());
    assertThat(conf.path("state.backend.type").asText()).isEqualTo("rocksdb");
    assertThat(conf.path("high-availability.type").asText()).isEqualTo("kubernetes");
    assertThat(conf.path("restart-strategy.type").asText()).as("a restart strategy").isNotBlank();
    for (String dir :
        List.of(
            "execution.checkpointing.dir",
            "execution.checkpointing.savepoint-dir",
            "high-availability.storageDir")) {
      assertThat(conf.path(dir).asText())
          .as("%s %s", where, dir)
          .startsWith("s3://" + overlay.bucket + "/");
    }
    assertThat(conf.path("s3.endpoint").asText())
        .as("Flink's S3 file system and Iceberg's S3FileIO use one object store")
        .isEqualTo(catalog.getProperty("catalog." + S3FileIOProperties.ENDPOINT));
    assertThat(spec.at("/jobManager/replicas").asInt()).isEqualTo(overlay.jobManagers);
    int slots = Integer.parseInt(conf.path("taskmanager.numberOfTaskSlots").asText());
    assertThat((parallelism + slots - 1) / slots)
        .as("TaskManagers per application")
        .isEqualTo(overlay.taskManagersPerJob);

    JsonNode pod = spec.at("/podTemplate/spec");
    JsonNode container = pod.at("/containers/0");
    assertThat(container.path("name").asText()).isEqualTo("flink-main-container");
    assertThat(env(container, "ENABLE_BUILT_IN_PLUGINS").path("value").asText())
        .as(where)
        .isEqualTo("flink-s3-fs-hadoop-" + flinkVersion + ".jar");
    assertThat(envNames(container)).as(where).containsAll(SECRET_ENV);
    assertPolygonKeyRequired(pod, where);

    List<String> args = strings(job.path("args"));
    ParseResult parsed = parse(args);
    assertThat(args)
        .as(where)
        .containsSubsequence("--config", mountedFile(pod, container, "pitlake.properties"));
    return parsed;
  }

  private static void assertPolygonKeyRequired(JsonNode pod, String where) {
    assertThat(
            env(pod.path("containers").get(0), "POLYGON_API_KEY")
                .at("/valueFrom/secretKeyRef/optional")
                .asBoolean())
        .as(
            "%s: without a key pitlake would use its simulator on the JobManager's loopback, out"
                + " of the TaskManagers' reach",
            where)
        .isFalse();
  }

  private static void assertCatalog(
      List<JsonNode> objects, Overlay overlay, Properties properties, Properties catalog)
      throws Exception {
    JsonNode deployment = one(objects, "Deployment", "pitlake-catalog");
    JsonNode service = one(objects, "Service", "pitlake-catalog");
    JsonNode claim = one(objects, "PersistentVolumeClaim", "pitlake-catalog");
    JsonNode pod = deployment.at("/spec/template/spec");
    JsonNode container = pod.path("containers").get(0);
    assertThat(container.path("image").asText()).isEqualTo(overlay.image);
    assertThat(deployment.at("/spec/replicas").asInt()).as("SQLite has one writer").isEqualTo(1);
    int port = container.at("/ports/0/containerPort").asInt();
    assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(port);
    String podName =
        deployment.at("/spec/template/metadata/labels/app.kubernetes.io~1name").asText();
    assertThat(podName).as("the catalog pods' app.kubernetes.io/name label").isNotEmpty();
    assertThat(service.at("/spec/selector/app.kubernetes.io~1name").asText()).isEqualTo(podName);
    assertThat(properties.getProperty("catalog.uri"))
        .isIn("http://" + name(service) + ":" + port, "http://" + name(service) + ":" + port + "/");

    List<String> args = strings(container.path("args"));
    String clients = args.get(args.size() - 1);
    assertThat(args)
        .containsExactly(
            "catalog",
            "serve",
            "--config",
            mountedFile(pod, container, "catalog.properties"),
            "--bind",
            "0.0.0.0",
            "--port",
            "" + port,
            "--clients",
            clients);
    ParseResult parsed = parse(args);
    assertThat(parsed.subcommand().subcommand().commandSpec().name()).isEqualTo("serve");
    assertCatalogAccess(objects, deployment, clients, port, properties);
    assertThat(envNames(container))
        .as("S3FileIO's credentials, from the Secret")
        .containsAll(S3_ENV);

    // The catalog database on the volume, the tables on S3.
    assertThat(catalog.getProperty("catalog." + CatalogProperties.CATALOG_IMPL))
        .isEqualTo(JdbcCatalog.class.getName());
    String claimMount = null;
    for (JsonNode volume : pod.path("volumes")) {
      if (volume.at("/persistentVolumeClaim/claimName").asText().equals(name(claim))) {
        claimMount = mountPath(container, volume.path("name").asText());
      }
    }
    assertThat(claimMount).as("the catalog's volume is mounted").isNotNull();
    assertThat(catalog.getProperty("catalog." + CatalogProperties.URI))
        .as("the SQLite file lives on the catalog's volume")
        .isEqualTo("jdbc:sqlite:" + claimMount + "/catalog.db");
    String warehouse = catalog.getProperty("catalog." + CatalogProperties.WAREHOUSE_LOCATION);
    assertThat(warehouse)
        .as("new tables land where the Flink pods can write")
        .startsWith("s3://" + overlay.bucket + "/");
    assertThat(URI.create(warehouse).getHost()).isEqualTo(overlay.bucket);
    assertThat(catalog.getProperty("catalog." + CatalogProperties.FILE_IO_IMPL))
        .isEqualTo(S3_FILE_IO);
    for (String key : CLIENT_FILE_IO_KEYS) {
      assertThat(properties.getProperty("catalog." + key))
          .as("catalog.%s: the REST server does not hand FileIO settings to clients", key)
          .isNotNull()
          .isEqualTo(catalog.getProperty("catalog." + key));
    }
  }

  /**
   * Who reaches the catalog and with what: its clients directory is made of Secret volumes (writer/
   * and reader/), the Flink pods read their writer token from a file of the same writer Secret, the
   * readiness probe needs no token, and a NetworkPolicy admits only the Flink JobManager and
   * TaskManager pods and the declared query-client namespaces, on the catalog's port only.
   */
  private static void assertCatalogAccess(
      List<JsonNode> objects,
      JsonNode deployment,
      String clients,
      int port,
      Properties properties) {
    JsonNode pod = deployment.at("/spec/template/spec");
    JsonNode container = pod.path("containers").get(0);
    assertThat(container.at("/readinessProbe/httpGet").isMissingNode())
        .as("an HTTP probe would get 401: probe the TCP port")
        .isTrue();
    Map<String, String> roleSecrets = new java.util.HashMap<>();
    for (String role : List.of("writer", "reader")) {
      JsonNode volume = mountedVolume(pod, container, clients + "/" + role);
      assertThat(volume.at("/secret/secretName").asText())
          .as("%s/%s is a Secret volume", clients, role)
          .isNotBlank();
      assertThat(volume.at("/secret/defaultMode").asInt())
          .as("only the owner reads it")
          .isEqualTo(0400);
      roleSecrets.put(role, volume.at("/secret/secretName").asText());
    }
    assertThat(roleSecrets.get("writer")).isNotEqualTo(roleSecrets.get("reader"));

    assertThat(properties.stringPropertyNames())
        .as("no catalog secret inline in pitlake.properties")
        .doesNotContain("catalog.token", "catalog.credential");
    String tokenFile = properties.getProperty("catalog.token-file");
    assertThat(tokenFile).as("the Flink jobs authenticate as a writer").isNotNull();
    Path token = Path.of(tokenFile);
    List<String> applications = new ArrayList<>();
    for (JsonNode app : objects) {
      JsonNode appPod;
      if (app.path("kind").asText().equals("FlinkDeployment")) {
        applications.add(name(app));
        appPod = app.at("/spec/podTemplate/spec");
      } else if (app.path("kind").asText().equals("CronJob")) {
        applications.add(app.at("/spec/jobTemplate/spec/template/metadata/labels/app").asText());
        appPod = app.at("/spec/jobTemplate/spec/template/spec");
      } else {
        continue;
      }
      JsonNode volume =
          mountedVolume(appPod, appPod.at("/containers/0"), token.getParent().toString());
      assertThat(volume.at("/secret/secretName").asText())
          .as("%s reads the catalog's writer Secret", name(app))
          .isEqualTo(roleSecrets.get("writer"));
      assertThat(volume.at("/secret/items"))
          .as("%s: the file %s comes from a key of the Secret", name(app), tokenFile)
          .anySatisfy(
              item -> assertThat(item.path("path").asText()).isEqualTo("" + token.getFileName()));
    }

    JsonNode policy = one(objects, "NetworkPolicy", "pitlake-catalog");
    Map<String, JsonNode> podLabels = new java.util.HashMap<>();
    deployment
        .at("/spec/template/metadata/labels")
        .fields()
        .forEachRemaining(e -> podLabels.put(e.getKey(), e.getValue()));
    policy
        .at("/spec/podSelector/matchLabels")
        .fields()
        .forEachRemaining(
            e ->
                assertThat(podLabels.get(e.getKey()))
                    .as("the policy selects the catalog pods by %s", e.getKey())
                    .isEqualTo(e.getValue()));
    assertThat(policy.at("/spec/podSelector/matchLabels").size()).isPositive();
    assertThat(strings(policy.at("/spec/policyTypes"))).contains("Ingress");
    JsonNode rules = policy.at("/spec/ingress");
    assertThat(rules.size()).as("ingress rules").isPositive();
    boolean flinkAdmitted = false;
    boolean clientsAdmitted = false;
    for (JsonNode rule : rules) {
      assertThat(rule.path("ports"))
          .as("each rule opens the catalog's port only")
          .singleElement()
          .satisfies(p -> assertThat(p.path("port").asInt()).isEqualTo(port));
      assertThat(rule.path("from").size()).as("a rule without from admits everyone").isPositive();
      for (JsonNode peer : rule.path("from")) {
        assertThat(peer.has("ipBlock")).as("no address ranges").isFalse();
        if (peer.has("namespaceSelector")) {
          assertThat(peer.has("podSelector")).as("a client namespace, whole").isFalse();
          JsonNode names = peer.at("/namespaceSelector/matchExpressions");
          assertThat(names)
              .as("declared namespaces, by the name the API server sets")
              .singleElement()
              .satisfies(
                  e -> {
                    assertThat(e.path("key").asText()).isEqualTo("kubernetes.io/metadata.name");
                    assertThat(e.path("operator").asText()).isEqualTo("In");
                    assertThat(e.path("values").size()).isPositive();
                  });
          assertThat(peer.at("/namespaceSelector/matchLabels").isMissingNode()).isTrue();
          clientsAdmitted = true;
        } else {
          Map<String, List<String>> selector = new java.util.HashMap<>();
          for (JsonNode e : peer.at("/podSelector/matchExpressions")) {
            assertThat(e.path("operator").asText()).isEqualTo("In");
            selector.put(e.path("key").asText(), strings(e.path("values")));
          }
          assertThat(selector)
              .as("only the Flink applications' JobManagers and TaskManagers, and the update's")
              .containsOnlyKeys("app", "component");
          assertThat(selector.get("app")).containsExactlyInAnyOrderElementsOf(applications);
          assertThat(selector.get("component"))
              .containsExactlyInAnyOrder("jobmanager", "taskmanager");
          flinkAdmitted = true;
        }
      }
    }
    assertThat(flinkAdmitted).as("the Flink pods reach the catalog").isTrue();
    assertThat(clientsAdmitted).as("declared query clients reach the catalog").isTrue();
  }

  /** The volume mounted at {@code path} in {@code container}. */
  private static JsonNode mountedVolume(JsonNode pod, JsonNode container, String path) {
    String volume = null;
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("mountPath").asText().equals(path)) {
        volume = mount.path("name").asText();
        assertThat(mount.path("readOnly").asBoolean()).as("%s is read-only", path).isTrue();
      }
    }
    assertThat(volume).as("a volume mounted at %s", path).isNotNull();
    for (JsonNode v : pod.path("volumes")) {
      if (v.path("name").asText().equals(volume)) {
        return v;
      }
    }
    return fail("no volume " + volume);
  }

  private static void assertNoSecretValue(JsonNode object, String where) {
    assertThat(object.path("kind").asText())
        .as(where + ": Secrets are never committed")
        .isNotEqualTo("Secret");
    for (JsonNode env : allEnvEntries(object)) {
      String name = env.path("name").asText();
      if (env.has("value")) {
        String value = env.path("value").asText();
        assertThat(SECRET_NAME.matcher(name).matches())
            .as("%s: env %s holds a value inline; use valueFrom.secretKeyRef", where, name)
            .isFalse();
        assertThat(KEY_LIKE_VALUE.matcher(value).find())
            .as("%s: env %s=%s looks like a credential", where, name, value)
            .isFalse();
      } else if (SECRET_NAME.matcher(name).matches()) {
        assertThat(env.at("/valueFrom/secretKeyRef/name").asText())
            .as("%s: env %s comes from the Secret %s", where, name, VENDOR_SECRET)
            .isEqualTo(VENDOR_SECRET);
      }
    }
    if (object.path("kind").asText().equals("FlinkDeployment")) {
      object
          .at("/spec/flinkConfiguration")
          .fieldNames()
          .forEachRemaining(
              key ->
                  assertThat(key)
                      .as("%s: credentials belong in the Secret, not flinkConfiguration", where)
                      .doesNotContain("access-key")
                      .doesNotContain("secret"));
    }
  }

  /**
   * Catalog keys must be Iceberg's own (and SQLite pragmas for the JDBC catalog); other keys
   * options pitlake declares. The catalog server's file holds catalog keys only.
   */
  private static void assertOnlyRealOptionKeys(Properties properties, boolean pitlakeOptions)
      throws IllegalAccessException {
    Set<String> pitlakeKeys = new HashSet<>();
    for (Class<?> holder :
        List.of(BackfillOptions.class, PolygonOptions.class, RestSourceOptions.class)) {
      for (Field field : holder.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
          pitlakeKeys.add(((ConfigOption<?>) field.get(null)).key());
        }
      }
    }
    Set<String> catalogKeys =
        new HashSet<>(
            Set.of(
                "name",
                CatalogUtil.ICEBERG_CATALOG_TYPE,
                CatalogProperties.CATALOG_IMPL,
                CatalogProperties.URI,
                CatalogProperties.WAREHOUSE_LOCATION,
                CatalogProperties.FILE_IO_IMPL,
                S3FileIOProperties.ENDPOINT,
                S3FileIOProperties.PATH_STYLE_ACCESS,
                AwsClientProperties.CLIENT_REGION,
                // JdbcUtil.SCHEMA_VERSION_PROPERTY (package-private)
                JdbcCatalog.PROPERTY_PREFIX + "schema-version"));
    // Where a REST catalog's token or credential is (a file, a variable), never the secret.
    for (String secret : CatalogSecret.PROPERTIES) {
      for (String source : CatalogSecret.SOURCES) {
        catalogKeys.add(secret + source);
      }
    }
    // JdbcCatalog hands the other jdbc.* properties to the driver: SQLite pragmas.
    for (SQLiteConfig.Pragma pragma : SQLiteConfig.Pragma.values()) {
      catalogKeys.add(JdbcCatalog.PROPERTY_PREFIX + pragma.getPragmaName());
    }
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith("catalog.")) {
        assertThat(key.substring("catalog.".length())).as(key).isIn(catalogKeys);
      } else {
        assertThat(pitlakeOptions).as("%s: the catalog server reads catalog.* only", key).isTrue();
        assertThat(key).as("pitlake option").isIn(pitlakeKeys);
      }
      assertThat(
              SECRET_NAME.matcher(key).matches() && !key.endsWith("-env") && !key.endsWith("-file"))
          .as("%s: a properties file names where keys come from, never a key", key)
          .isFalse();
    }
  }

  private static ParseResult parse(List<String> args) {
    try {
      return Pitlake.commandLine(sink(), sink()).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError("pitlake rejects " + args + ": " + e.getMessage(), e);
    }
  }

  private static PrintWriter sink() {
    return new PrintWriter(new StringWriter());
  }

  /** Where {@code file} of the ConfigMap pitlake-config is in the container. */
  private static String mountedFile(JsonNode pod, JsonNode container, String file) {
    String volume = null;
    for (JsonNode v : pod.path("volumes")) {
      if (v.at("/configMap/name").asText().equals(CONFIG_MAP)) {
        volume = v.path("name").asText();
      }
    }
    assertThat(volume).as("a volume of the ConfigMap " + CONFIG_MAP).isNotNull();
    String path = mountPath(container, volume);
    assertThat(path).as("the ConfigMap volume is mounted in " + container.path("name")).isNotNull();
    return path + "/" + file;
  }

  private static String mountPath(JsonNode container, String volume) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("name").asText().equals(volume)) {
        return mount.path("mountPath").asText();
      }
    }
    return null;
  }

  private static Properties propertiesFile(JsonNode configMap, String file) throws IOException {
    String text = configMap.path("data").path(file).asText(null);
    assertThat(text).as("ConfigMap %s holds %s", CONFIG_MAP, file).isNotNull();
    Properties properties = new Properties();
    properties.load(new StringReader(text));
    return properties;
  }

  private static JsonNode env(JsonNode container, String name) {
    for (JsonNode env : container.path("env")) {
      if (env.path("name").asText().equals(name)) {
        return env;
      }
    }
    return fail("no env " + name + " in " + container.path("name"));
  }

  private static List<String> envNames(JsonNode container) {
    List<String> names = new ArrayList<>();
    container.path("env").forEach(e -> names.add(e.path("name").asText()));
    return names;
  }

  /** Every entry of every {@code env} list anywhere in the object. */
  private static List<JsonNode> allEnvEntries(JsonNode node) {
    List<JsonNode> found = new ArrayList<>();
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getKey().equals("env") && field.getValue().isArray()) {
          field.getValue().forEach(found::add);
        } else {
          found.addAll(allEnvEntries(field.getValue()));
        }
      }
    } else if (node.isArray()) {
      node.forEach(n -> found.addAll(allEnvEntries(n)));
    }
    return found;
  }

  private static JsonNode one(List<JsonNode> objects, String kind, String name) {
    List<JsonNode> matches =
        objects.stream()
            .filter(o -> o.path("kind").asText().equals(kind) && name(o).equals(name))
            .toList();
    assertThat(matches).as(kind + " " + name).hasSize(1);
    return matches.get(0);
  }

  private static String name(JsonNode object) {
    return object.at("/metadata/name").asText();
  }

  private static List<String> strings(JsonNode array) {
    assertThat(array.isArray()).as("a list: " + array).isTrue();
    List<String> values = new ArrayList<>();
    array.forEach(
        v -> {
          assertThat(v.isTextual()).as("args are strings: " + v).isTrue();
          values.add(v.asText());
        });
    return values;
  }

  private static String fromImage(String dockerfile) {
    Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(dockerfile);
    assertThat(from.find()).as("a FROM line in " + DOCKERFILE).isTrue();
    return from.group(1);
  }

  /** Where the Dockerfile puts the shaded jar that Maven builds. */
  private static String jarDestination(String dockerfile) {
    Matcher copy =
        Pattern.compile(
                "(?m)^COPY\\s+(?:--\\S+\\s+)*flink-jobs/target/pitlake\\.jar\\s+(\\S+)\\s*$")
            .matcher(dockerfile);
    assertThat(copy.find()).as("the Dockerfile copies flink-jobs/target/pitlake.jar").isTrue();
    return copy.group(1);
  }

  private static List<JsonNode> render(Path kubectl, Path overlay) throws Exception {
    String yaml = run(REPO, kubectl.toString(), "kustomize", overlay.toString());
    List<JsonNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && !doc.isNull() && !doc.isEmpty()) {
          objects.add(doc);
        }
      }
    }
    return objects;
  }

  /** kubectl from PATH, plus Debian's kubectl 1.20 if cached; if neither, Debian's, downloaded. */
  private static List<Path> kubectls() throws Exception {
    List<Path> found = new ArrayList<>();
    onPath("kubectl").ifPresent(found::add);
    Path debian = toolsCache().resolve("kubernetes-client/usr/bin/kubectl");
    if (found.isEmpty() && !Files.isExecutable(debian)) {
      downloadDebianKubectl(debian);
    }
    if (Files.isExecutable(debian)) {
      found.add(debian);
    }
    return found;
  }

  /**
   * {@code apt-get download kubernetes-client} with package lists in the cache, so it needs neither
   * root nor an earlier {@code apt-get update}; then {@code dpkg-deb -x}. The extracted tree is
   * moved into place in one step, so a concurrent or interrupted run never sees half of it.
   */
  private static void downloadDebianKubectl(Path kubectl) throws Exception {
    for (String tool : List.of("apt-get", "dpkg-deb")) {
      assertThat(onPath(tool))
          .as(
              "no kubectl on PATH and no %s to fetch Debian's kubernetes-client: install kubectl",
              tool)
          .isPresent();
    }
    Path cache = toolsCache();
    Files.createDirectories(cache);
    Path work = Files.createTempDirectory(cache, "kubernetes-client-");
    try {
      Path lists = Files.createDirectories(work.resolve("apt/lists/partial")).getParent();
      Path apt = work.resolve("apt/cache");
      Files.createDirectories(apt.resolve("archives/partial"));
      String[] options = {
        "-q",
        "-o",
        "Dir::State::Lists=" + lists,
        "-o",
        "Dir::Cache=" + apt,
        "-o",
        "Debug::NoLocking=1"
      };
      run(work, concat("apt-get", options, "update"));
      run(work, concat("apt-get", options, "download", "kubernetes-client"));
      Path deb;
      try (DirectoryStream<Path> debs = Files.newDirectoryStream(work, "kubernetes-client_*.deb")) {
        deb = debs.iterator().next();
      }
      Path extracted = work.resolve("root");
      run(work, "dpkg-deb", "-x", deb.toString(), extracted.toString());
      Path target = kubectl.getParent().getParent().getParent();
      if (!Files.exists(target)) {
        Files.move(extracted, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String[] concat(String command, String[] options, String... rest) {
    return Stream.of(new String[] {command}, options, rest)
        .flatMap(Stream::of)
        .toArray(String[]::new);
  }

  private static Path toolsCache() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg == null || xdg.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache")
            : Path.of(xdg);
    return base.resolve("pitlake/tools");
  }

  private static Optional<Path> onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(java.io.File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, tool))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Runs a command and returns its stdout; stderr (kustomize's deprecation warnings) is kept apart.
   */
  private static String run(Path dir, String... command) throws Exception {
    Path stderr = Files.createTempFile("pitlake-k8s-", ".err");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectError(stderr.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish in 5 minutes");
      }
      if (process.exitValue() != 0) {
        fail(
            "%s exited with %d: %s",
            String.join(" ", command), process.exitValue(), Files.readString(stderr));
      }
      return out;
    } finally {
      Files.deleteIfExists(stderr);
    }
  }

  private static List<Path> listDirs(Path dir) throws IOException {
    try (Stream<Path> dirs = Files.list(dir)) {
      return dirs.filter(Files::isDirectory).collect(Collectors.toList());
    }
  }

  private static Path repositoryRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("k8s/overlays"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no k8s/overlays above " + Path.of("").toAbsolutePath());
  }
}
