package io.pitlake.engines.cluster;

import io.pitlake.engines.PitlakeProcess;
import io.pitlake.engines.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A standalone Flink session cluster on loopback, built the way a user builds one without a Flink
 * distribution (Maven Central has no 2.x {@code flink-dist}): a {@code lib/} of Flink's own jars, a
 * {@code conf/config.yaml}, and a JobManager and a TaskManager, each a JVM of its own started with
 * the memory settings Flink's scripts would compute ({@code BashJavaUtils}). Jobs reach it only
 * through Flink's client ({@link #flinkRun}) and its REST API, so a test that passes here proves
 * the job jar runs on a real cluster, not in an embedded MiniCluster.
 *
 * <p>{@code lib/} holds the jars pitlake's launcher puts beside the job jar (the build's {@code
 * flink-classpath.txt}, i.e. pitlake's {@code provided} Flink dependencies) and those in {@code
 * target/flink-lib}: {@code flink-runtime-web} (the REST {@code /jars} endpoints) and {@code
 * sqlite-jdbc} (see {@link #start}).
 */
public final class StandaloneFlinkCluster implements AutoCloseable {

  private static final String JM_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String TM_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  private static final String CLIENT_MAIN = "org.apache.flink.client.cli.CliFrontend";
  private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
  private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);
  private static final Pattern JOB =
      Pattern.compile(
          "\\{\"jid\":\"(?<id>[0-9a-f]{32})\",\"name\":\"(?<name>[^\"]*)\".*?\"state\":\"(?<state>[A-Z_]+)\"");

  private static final Pattern TASK_MANAGER_ID = Pattern.compile("\"id\":\"([^\"]+)\"");

  /** A job as the JobManager's REST API lists it. */
  public record Job(String id, String name, String state) {}

  /** How long the cluster took to come up, measured from the start of the JobManager's JVM. */
  public record Startup(Duration restUp, Duration taskManagerRegistered) {}

  private final Path home;
  private final URI rest;
  private final Map<String, String> settings;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Process> processes = new ArrayList<>();
  private final Set<String> taskManagerIds = new HashSet<>();
  private Process taskManager;
  private int taskManagers;
  private Startup startup;

  private StandaloneFlinkCluster(Path home, int restPort, Map<String, String> settings) {
    this.home = home;
    this.rest = URI.create("http://127.0.0.1:" + restPort);
    this.settings = Map.copyOf(settings);
  }

  /**
   * Lays out {@code home} (lib, conf, log), starts the JobManager and one TaskManager with two
   * slots, and waits until the TaskManager has registered. Stops what it started if that fails.
   *
   * <p>The configuration binds everything to 127.0.0.1 on free ports, turns restarts off (a failing
   * job must fail the test, not retry) and loads {@code org.sqlite} parent-first from {@code lib/}.
   * The SQLite driver must be loaded once per JVM: Java's {@code DriverManager} registers a driver
   * class in the class loader of the first job that connects and refuses it to the next job's class
   * loader ("No suitable driver"), so with the driver only in the job jar the second pitlake job on
   * a TaskManager or JobManager fails. Flink's classloading guide gives this remedy for JDBC
   * drivers (the jar in {@code lib/}, its classes parent-first, as the job jar holds them too).
   * Only pitlake's embedded SQLite catalog needs it.
   */
  public static StandaloneFlinkCluster start(Path home) {
    return start(home, Map.of());
  }

  /**
   * As {@link #start(Path)}, with {@code settings} added to (or replacing) the configuration, e.g.
   * a restart strategy for a test that kills a TaskManager.
   */
  public static StandaloneFlinkCluster start(Path home, Map<String, String> settings) {
    StandaloneFlinkCluster cluster =
        new StandaloneFlinkCluster(home, Processes.freeLoopbackPort(), settings);
    try {
      cluster.layOut();
      long t0 = System.nanoTime();
      cluster.startProcess("jobmanager", JM_MAIN, "GET_JM_RESOURCE_PARAMS");
      Duration restUp = cluster.await(t0, "REST API", () -> cluster.get("/config") != null);
      Duration registered = cluster.startTaskManager(t0);
      cluster.startup = new Startup(restUp, registered);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  public Startup startup() {
    return startup;
  }

  /**
   * Kills the TaskManager's JVM at once (SIGKILL: no shutdown hook, no goodbye to the JobManager),
   * as a machine failure would, and waits until the process is gone.
   */
  public void killTaskManager() {
    taskManager.destroyForcibly();
    try {
      taskManager.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    processes.remove(taskManager);
  }

  /**
   * Starts a new TaskManager (a JVM of its own, with its own log) and waits until the JobManager
   * lists it among the TaskManagers it has.
   *
   * @return how long that took from {@code t0} ({@link System#nanoTime})
   */
  public Duration startTaskManager(long t0) {
    taskManagers++;
    String name = taskManagers == 1 ? "taskmanager" : "taskmanager-" + taskManagers;
    taskManager = startProcess(name, TM_MAIN, "GET_TM_RESOURCE_PARAMS");
    Duration registered =
        await(
            t0,
            "a registered TaskManager (" + name + ")",
            () -> {
              String body = get("/taskmanagers");
              return body != null && !taskManagerIds.containsAll(ids(body));
            });
    taskManagerIds.addAll(ids(get("/taskmanagers")));
    return registered;
  }

  private static Set<String> ids(String taskManagersBody) {
    Set<String> ids = new HashSet<>();
    Matcher m = TASK_MANAGER_ID.matcher(taskManagersBody);
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  /**
   * Runs {@code flink run <pitlake.jar> args} with Flink's client against this cluster (attached:
   * the client waits for every job the program submits) and returns what it printed.
   *
   * @param flinkOptions options of {@code flink run} itself, before the jar (e.g. {@code -D k=v})
   */
  public PitlakeProcess.Result flinkRun(
      Path workDir, Duration timeout, List<String> flinkOptions, String... args) {
    List<String> command = new ArrayList<>(java());
    command.addAll(List.of("-Xmx1g", "-Dlog.file=" + log("client"), CLIENT_MAIN, "run"));
    command.addAll(flinkOptions);
    command.add(Processes.buildProperty("pitlake.jar"));
    command.addAll(List.of(args));
    try {
      Files.createDirectories(workDir);
      Path out = workDir.resolve("flink-run.out");
      Path err = workDir.resolve("flink-run.err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().remove("POLYGON_API_KEY");
      builder.environment().put("FLINK_CONF_DIR", home.resolve("conf").toString());
      Process client = builder.start();
      try {
        if (!client.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError(
              "flink run "
                  + List.of(args)
                  + " did not finish within "
                  + timeout
                  + ":\n"
                  + Files.readString(out)
                  + Files.readString(err));
        }
      } finally {
        Processes.stop(client, Duration.ofSeconds(15));
      }
      return new PitlakeProcess.Result(
          client.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every job the JobManager knows, from {@code GET /jobs/overview}. */
  public List<Job> jobs() {
    String body = get("/jobs/overview");
    if (body == null) {
      throw new AssertionError("the JobManager's REST API does not answer at " + rest);
    }
    List<Job> jobs = new ArrayList<>();
    Matcher m = JOB.matcher(body);
    while (m.find()) {
      jobs.add(new Job(m.group("id"), m.group("name"), m.group("state")));
    }
    return jobs;
  }

  /**
   * The job's failure history as the JobManager's REST API gives it ({@code GET
   * /jobs/:id/exceptions}): the JSON body, with an entry for every failure the job restarted from.
   */
  public String exceptions(String jobId) {
    String body = get("/jobs/" + jobId + "/exceptions");
    if (body == null) {
      throw new AssertionError("no exception history for job " + jobId + " at " + rest);
    }
    return body;
  }

  /** Cancels a job ({@code PATCH /jobs/:id?mode=cancel}); a live job never ends by itself. */
  public void cancel(String jobId) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(rest.resolve("/jobs/" + jobId + "?mode=cancel"))
                  .method("PATCH", HttpRequest.BodyPublishers.noBody())
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 202) {
        throw new AssertionError("cancel of " + jobId + ": HTTP " + response.statusCode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The log files of the cluster's processes, for failure messages. */
  public String logs() {
    try (Stream<Path> files = Files.list(home.resolve("log"))) {
      StringBuilder text = new StringBuilder();
      for (Path file : files.sorted().toList()) {
        List<String> lines = Files.readAllLines(file);
        text.append("==> ").append(file).append(" (last 40 lines)\n");
        lines
            .subList(Math.max(0, lines.size() - 40), lines.size())
            .forEach(l -> text.append(l).append('\n'));
      }
      return text.toString();
    } catch (IOException e) {
      return "(cannot read logs: " + e + ")";
    }
  }

  /** Stops the TaskManager and the JobManager, forcibly if they do not stop within 15 s. */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Processes.stop(processes.get(i), Duration.ofSeconds(15));
    }
  }

  private void layOut() {
    try {
      Path lib = Files.createDirectories(home.resolve("lib"));
      Files.createDirectories(home.resolve("log"));
      Files.createDirectories(home.resolve("tmp"));
      List<Path> jars = new ArrayList<>();
      for (String entry :
          Files.readString(Path.of(Processes.buildProperty("pitlake.flink-classpath")))
              .strip()
              .split(":")) {
        jars.add(Path.of(entry));
      }
      try (Stream<Path> extra = Files.list(Path.of(Processes.buildProperty("pitlake.flink-lib")))) {
        extra.filter(p -> p.toString().endsWith(".jar")).forEach(jars::add);
      }
      for (Path jar : jars) {
        Files.createSymbolicLink(lib.resolve(jar.getFileName()), jar.toAbsolutePath());
      }
      Path conf = Files.createDirectories(home.resolve("conf"));
      Files.writeString(conf.resolve("config.yaml"), config());
      Files.writeString(
          conf.resolve("log4j.properties"),
          String.join(
              "\n",
              "rootLogger.level = INFO",
              "rootLogger.appenderRef.file.ref = File",
              "appender.file.name = File",
              "appender.file.type = File",
              "appender.file.fileName = ${sys:log.file}",
              "appender.file.layout.type = PatternLayout",
              "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The configuration's lines: the defaults below, then {@link #settings} added or replaced. */
  private String config() {
    Map<String, String> lines = new LinkedHashMap<>();
    for (String line : defaults()) {
      int colon = line.indexOf(": ");
      lines.put(line.substring(0, colon), line.substring(colon + 2));
    }
    lines.putAll(settings);
    StringBuilder text = new StringBuilder();
    lines.forEach((key, value) -> text.append(key).append(": ").append(value).append('\n'));
    return text.toString();
  }

  private List<String> defaults() {
    return List.of(
        "jobmanager.rpc.address: 127.0.0.1",
        "jobmanager.rpc.port: " + Processes.freeLoopbackPort(),
        "jobmanager.bind-host: 127.0.0.1",
        "jobmanager.memory.process.size: 768m",
        "taskmanager.host: 127.0.0.1",
        "taskmanager.bind-host: 127.0.0.1",
        "taskmanager.numberOfTaskSlots: 2",
        "taskmanager.memory.process.size: 3g",
        // A batch backfill is one job whose tasks write many blocking result partitions at once,
        // each taking taskmanager.network.sort-shuffle.min-buffers (512) buffers of 32 KB: more
        // than Flink's default network memory of a small TaskManager ("Insufficient number of
        // network buffers: required 512, but only 511 available" with 256 MB). README, "Run on
        // your own Flink cluster".
        "taskmanager.memory.network.min: 512m",
        "taskmanager.memory.network.max: 512m",
        "rest.address: 127.0.0.1",
        "rest.bind-address: 127.0.0.1",
        "rest.port: " + rest.getPort(),
        "blob.server.port: 0",
        "parallelism.default: 2",
        "restart-strategy.type: none",
        "classloader.parent-first-patterns.additional: org.sqlite.",
        "io.tmp.dirs: " + home.resolve("tmp"),
        "web.tmpdir: " + home.resolve("tmp"));
  }

  private Process startProcess(String name, String mainClass, String resourceQuery) {
    List<String> resources = bashJavaUtils(resourceQuery);
    List<String> java = java();
    List<String> command = new ArrayList<>();
    command.add(java.get(0));
    command.addAll(Arrays.asList(resources.get(0).split("\\s+")));
    command.addAll(java.subList(1, java.size()));
    command.add("-Dlog.file=" + log(name));
    command.add(mainClass);
    command.addAll(List.of("--configDir", home.resolve("conf").toString()));
    command.addAll(Arrays.asList(resources.get(1).split("\\s+")));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(home.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log(name + ".out").toFile())
              .start();
      processes.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What Flink's scripts compute from {@code config.yaml}: line 1 the JVM's memory flags, line 2
   * the {@code -D} settings to pass to the entrypoint.
   */
  private List<String> bashJavaUtils(String query) {
    List<String> command = new ArrayList<>(java());
    command.addAll(List.of(BASH_JAVA_UTILS, query, "--configDir", home.resolve("conf").toString()));
    try {
      Process process =
          new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      process.waitFor();
      List<String> results =
          output
              .lines()
              .filter(l -> l.startsWith(RESULT_PREFIX))
              .map(l -> l.substring(RESULT_PREFIX.length()).strip())
              .toList();
      if (process.exitValue() != 0 || results.size() != 2) {
        throw new IllegalStateException("BashJavaUtils " + query + " failed:\n" + output);
      }
      return results;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code java <Java 17 add-opens> -Dlog4j... -cp lib/*}, ready for a main class. */
  private List<String> java() {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    try {
      Files.readAllLines(Path.of(Processes.buildProperty("pitlake.jvm-options"))).stream()
          .map(String::strip)
          .filter(l -> !l.isEmpty())
          .forEach(command::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    command.add("-Dlog4j.configurationFile=" + home.resolve("conf/log4j.properties"));
    command.add("-cp");
    command.add(home.resolve("lib") + "/*");
    return command;
  }

  private Duration await(long t0, String what, BooleanSupplier ready) {
    long deadline = t0 + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (ready.getAsBoolean()) {
        return Duration.ofNanos(System.nanoTime() - t0);
      }
      for (Process process : processes) {
        if (!process.isAlive()) {
          throw new AssertionError(
              "a Flink process exited with "
                  + process.exitValue()
                  + " before "
                  + what
                  + ":\n"
                  + logs());
        }
      }
      sleep(Duration.ofMillis(200));
    }
    throw new AssertionError("no " + what + " within " + STARTUP_TIMEOUT + ":\n" + logs());
  }

  /** The body of a 200 answer from the REST API, or null while it does not answer. */
  private String get(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Path log(String name) {
    return home.resolve("log").resolve(name.contains(".") ? name : name + ".log");
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
