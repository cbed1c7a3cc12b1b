package io.pitlake.simulator.sec;

import static org.apache.flink.util.Preconditions.checkState;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.pitlake.simulator.Chaos;
import io.pitlake.simulator.ChaosInjector;
import io.pitlake.simulator.loopback.LoopbackServer;
import io.pitlake.simulator.loopback.RequestRateLimit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * A local HTTP server that speaks SEC EDGAR's JSON: {@code /files/company_tickers.json}, {@code
 * /submissions/CIK##########.json} with its older {@code CIK##########-submissions-NNN.json} files,
 * and {@code /api/xbrl/companyfacts/CIK##########.json}, over the fixed filers of {@link
 * SecFilers}.
 *
 * <p>It enforces what EDGAR enforces, so that a client that works here is polite to EDGAR: a
 * request without a User-Agent, or with a library's default one, gets 403 and EDGAR's "Undeclared
 * Automated Tool" page; more than {@code requestsPerSecond} (EDGAR: 10) get 429 and its "Request
 * Rate Threshold Exceeded" page. EDGAR serves the tickers from www.sec.gov and the rest from
 * data.sec.gov; the simulator serves both, so both base URLs point at {@link #baseUrl()}. In {@link
 * Chaos} mode, a fraction of the requests that pass those checks get transient faults.
 *
 * <p>Usage: {@code try (SecSimulator sec = SecSimulator.builder().build().start()) {...}}.
 */
public final class SecSimulator implements AutoCloseable {

  /** EDGAR's refusal of an undeclared tool (sec-edgar.md, E2: 403). */
  public static final String UNDECLARED_TOOL_PAGE =
      "<html><head><title>SEC.gov | Request Rate Threshold Exceeded</title></head><body>"
          + "<h1>Your Request Originates from an Undeclared Automated Tool</h1><p>To allow for"
          + " equitable access to all users, SEC reserves the right to limit requests originating"
          + " from undeclared automated tools. Please declare your traffic by updating your user"
          + " agent to include company specific information.</p></body></html>";

  /** EDGAR's throttling page, with 429 (sec-edgar.md: 429 is reported; 403 too). */
  public static final String RATE_EXCEEDED_PAGE =
      "<html><head><title>SEC.gov | Request Rate Threshold Exceeded</title></head><body>"
          + "<h1>Request Rate Threshold Exceeded</h1><p>Your request rate exceeds SEC's fair"
          + " access limit of 10 requests per second.</p></body></html>";

  /** User-Agents that HTTP libraries send by default, which EDGAR refuses. */
  private static final List<String> LIBRARY_AGENTS =
      List.of(
          "okhttp/",
          "java-http-client/",
          "java/",
          "python-requests/",
          "python-urllib/",
          "curl/",
          "apache-httpclient/",
          "go-http-client/");

  private static final Pattern SUBMISSIONS =
      Pattern.compile("/submissions/CIK(\\d{10})(?:-submissions-(\\d{3}))?\\.json");
  private static final Pattern COMPANY_FACTS =
      Pattern.compile("/api/xbrl/companyfacts/CIK(\\d{10})\\.json");
  private static final DateTimeFormatter EDGAR_ACCEPTANCE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int recentFilings;
  private final int filingsPerFile;
  private final double requestsPerSecond;
  private final Clock clock;
  private final ChaosInjector chaos;
  private final Map<Long, SimulatedFiler> filers = new LinkedHashMap<>();
  private final List<String> served = Collections.synchronizedList(new ArrayList<>());
  private final Set<String> userAgents = Collections.synchronizedSet(new LinkedHashSet<>());
  private final AtomicInteger refusedUserAgent = new AtomicInteger();
  private final AtomicInteger throttled = new AtomicInteger();
  @Nullable private RequestRateLimit rateLimit;
  @Nullable private LoopbackServer server;

  /** Takes validated settings from {@link SecSimulatorBuilder#build()}. */
  SecSimulator(
      int recentFilings,
      int filingsPerFile,
      double requestsPerSecond,
      Clock clock,
      int syntheticFilers,
      boolean renamedFiler,
      Chaos chaos) {
    this.recentFilings = recentFilings;
    this.filingsPerFile = filingsPerFile;
    this.requestsPerSecond = requestsPerSecond;
    this.clock = clock;
    this.chaos = new ChaosInjector(chaos, SecSimulator::sendFault);
    for (SimulatedFiler filer : SecFilers.all()) {
      filers.put(filer.cik(), filer);
    }
    for (SimulatedFiler filer : SyntheticFilers.first(syntheticFilers)) {
      filers.put(filer.cik(), filer);
    }
    if (renamedFiler) {
      SimulatedFiler filer = SyntheticFilers.renamed();
      filers.put(filer.cik(), filer);
    }
  }

  public static SecSimulatorBuilder builder() {
    return new SecSimulatorBuilder();
  }

  /** Binds 127.0.0.1 on an ephemeral port and starts serving; call once. */
  public synchronized SecSimulator start() {
    checkState(server == null, "the SEC simulator is already started; call start() once");
    rateLimit = requestsPerSecond > 0 ? new RequestRateLimit(requestsPerSecond, clock) : null;
    server = LoopbackServer.start("sec-simulator", 4, this::handle);
    return this;
  }

  /** {@code http://127.0.0.1:PORT}: both {@code sec.base-url} and {@code sec.files-base-url}. */
  public String baseUrl() {
    checkState(server != null, "the SEC simulator has no address yet; call start() first");
    return server.baseUrl();
  }

  /** The filer with {@code cik}, as served. */
  public Optional<SimulatedFiler> filer(long cik) {
    return Optional.ofNullable(filers.get(cik));
  }

  /** The names of the older submissions files of {@code cik}, in the order EDGAR lists them. */
  public List<String> olderSubmissionFiles(long cik) {
    SimulatedFiler filer = filers.get(cik);
    List<String> names = new ArrayList<>();
    if (filer != null) {
      for (int i = 1; i <= olderFileCount(filer); i++) {
        names.add(olderFileName(filer, i));
      }
    }
    return names;
  }

  /** Path and query of every request that passed the User-Agent and rate checks, in order. */
  public List<String> servedRequests() {
    synchronized (served) {
      return List.copyOf(served);
    }
  }

  /** Every User-Agent that was accepted. */
  public Set<String> userAgents() {
    synchronized (userAgents) {
      return Set.copyOf(userAgents);
    }
  }

  /** Every HTTP request received so far, answered or refused; 0 before {@link #start()}. */
  public int requestCount() {
    return server == null ? 0 : server.requestCount();
  }

  /** Requests refused with 403 for a missing or generic User-Agent. */
  public int refusedUserAgentCount() {
    return refusedUserAgent.get();
  }

  /** Requests refused with 429 by the rate limit (not by {@link Chaos}). */
  public int throttledCount() {
    return throttled.get();
  }

  /**
   * How many requests that passed the User-Agent and rate checks got each {@link Chaos} fault
   * ({@code NONE}: none).
   */
  public Map<Chaos.Fault, Integer> injectedFaults() {
    return chaos.injectedFaults();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.close();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String userAgent = exchange.getRequestHeaders().getFirst("User-Agent");
    if (!isDeclared(userAgent)) {
      refusedUserAgent.incrementAndGet();
      LoopbackServer.send(exchange, 403, "text/html", UNDECLARED_TOOL_PAGE);
      return;
    }
    if (rateLimit != null && !rateLimit.tryAcquire()) {
      throttled.incrementAndGet();
      LoopbackServer.send(exchange, 429, "text/html", RATE_EXCEEDED_PAGE);
      return;
    }
    userAgents.add(userAgent);
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    served.add(query == null ? path : path + "?" + query);
    chaos.answer(exchange, answered -> answer(answered, path));
  }

  private void answer(HttpExchange exchange, String path) throws IOException {
    if (!"GET".equals(exchange.getRequestMethod())) {
      LoopbackServer.send(exchange, 405, "text/plain", "Method Not Allowed");
      return;
    }
    Optional<String> body = route(path);
    if (body.isEmpty()) {
      LoopbackServer.send(exchange, 404, "text/plain", "Not Found: " + path);
      return;
    }
    LoopbackServer.send(exchange, 200, "application/json", body.get());
  }

  /** EDGAR's answer to a {@link Chaos} 429 (its throttling page) or 503. */
  private static void sendFault(HttpExchange exchange, int status) throws IOException {
    LoopbackServer.send(
        exchange,
        status,
        "text/html",
        status == 429
            ? RATE_EXCEEDED_PAGE
            : "<html><body><h1>Service Unavailable</h1></body></html>");
  }

  private Optional<String> route(String path) {
    if ("/files/company_tickers.json".equals(path)) {
      return Optional.of(companyTickers());
    }
    Matcher submissions = SUBMISSIONS.matcher(path);
    if (submissions.matches()) {
      return withFiler(submissions.group(1), filer -> submissions(filer, submissions.group(2)));
    }
    Matcher facts = COMPANY_FACTS.matcher(path);
    if (facts.matches()) {
      return withFiler(facts.group(1), this::companyFacts);
    }
    return Optional.empty();
  }

  private Optional<String> withFiler(
      String cik, Function<SimulatedFiler, Optional<String>> answer) {
    SimulatedFiler filer = filers.get(Long.parseLong(cik));
    return filer == null || filer.filings().isEmpty() ? Optional.empty() : answer.apply(filer);
  }

  private static boolean isDeclared(@Nullable String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return false;
    }
    String lower = userAgent.strip().toLowerCase(Locale.ROOT);
    return LIBRARY_AGENTS.stream().noneMatch(lower::startsWith);
  }

  private String companyTickers() {
    ObjectNode root = JSON.createObjectNode();
    int index = 0;
    for (SimulatedFiler filer : filers.values()) {
      ObjectNode entry = root.putObject(Integer.toString(index++));
      entry.put("cik_str", filer.cik());
      entry.put("ticker", filer.ticker());
      entry.put("title", filer.name());
    }
    return write(root);
  }

  /** The first document ({@code file == null}) or older file number {@code file}. */
  private Optional<String> submissions(SimulatedFiler filer, @Nullable String file) {
    List<SimulatedFiling> filings = filer.filings();
    if (file != null) {
      int number = Integer.parseInt(file);
      if (number < 1 || number > olderFileCount(filer)) {
        return Optional.empty();
      }
      ObjectNode columns = JSON.createObjectNode();
      writeColumns(columns, olderFile(filer, number));
      return Optional.of(write(columns));
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("cik", Long.toString(filer.cik()));
    root.put("entityType", "operating");
    root.put("name", filer.name());
    root.putArray("tickers").add(filer.ticker());
    root.put("fiscalYearEnd", filer.fiscalYearEnd());
    ObjectNode filingsNode = root.putObject("filings");
    writeColumns(
        filingsNode.putObject("recent"),
        filings.subList(0, Math.min(recentFilings, filings.size())));
    ArrayNode files = filingsNode.putArray("files");
    for (int i = 1; i <= olderFileCount(filer); i++) {
      List<SimulatedFiling> older = olderFile(filer, i);
      ObjectNode entry = files.addObject();
      entry.put("name", olderFileName(filer, i));
      entry.put("filingCount", older.size());
      entry.put("filingFrom", older.get(older.size() - 1).filingDate().toString());
      entry.put("filingTo", older.get(0).filingDate().toString());
    }
    return Optional.of(write(root));
  }

  private int olderFileCount(SimulatedFiler filer) {
    int older = Math.max(0, filer.filings().size() - recentFilings);
    return (older + filingsPerFile - 1) / filingsPerFile;
  }

  private List<SimulatedFiling> olderFile(SimulatedFiler filer, int number) {
    int from = recentFilings + (number - 1) * filingsPerFile;
    return filer.filings().subList(from, Math.min(from + filingsPerFile, filer.filings().size()));
  }

  private static String olderFileName(SimulatedFiler filer, int number) {
    return String.format("%s-submissions-%03d.json", filer.fileStem(), number);
  }

  /** EDGAR's columnar layout: one array per field, index i across them is filing i. */
  private static void writeColumns(ObjectNode columns, List<SimulatedFiling> filings) {
    ArrayNode accession = columns.putArray("accessionNumber");
    ArrayNode filingDate = columns.putArray("filingDate");
    ArrayNode reportDate = columns.putArray("reportDate");
    ArrayNode acceptance = columns.putArray("acceptanceDateTime");
    ArrayNode form = columns.putArray("form");
    ArrayNode primaryDocument = columns.putArray("primaryDocument");
    for (SimulatedFiling filing : filings) {
      accession.add(filing.accessionNumber());
      filingDate.add(filing.filingDate().toString());
      reportDate.add(filing.reportDate() == null ? "" : filing.reportDate().toString());
      acceptance.add(filing.acceptedNewYork().format(EDGAR_ACCEPTANCE));
      form.add(filing.form());
      primaryDocument.add(filing.primaryDocument());
    }
  }

  private Optional<String> companyFacts(SimulatedFiler filer) {
    ObjectNode root = JSON.createObjectNode();
    root.put("cik", filer.cik());
    root.put("entityName", filer.name());
    ObjectNode taxonomies = root.putObject("facts");
    for (SimulatedFact fact : filer.facts()) {
      ObjectNode taxonomy =
          taxonomies.has(fact.taxonomy())
              ? (ObjectNode) taxonomies.get(fact.taxonomy())
              : taxonomies.putObject(fact.taxonomy());
      ObjectNode concept = (ObjectNode) taxonomy.get(fact.concept());
      if (concept == null) {
        concept = taxonomy.putObject(fact.concept());
        concept.put("label", fact.label());
        concept.put("description", "Simulated description of " + fact.label() + ".");
        concept.putObject("units");
      }
      ObjectNode units = (ObjectNode) concept.get("units");
      ArrayNode values =
          units.has(fact.unit()) ? (ArrayNode) units.get(fact.unit()) : units.putArray(fact.unit());
      ObjectNode value = values.addObject();
      if (fact.start() != null) {
        value.put("start", fact.start().toString());
      }
      value.put("end", fact.end().toString());
      if (fact.val() == Math.rint(fact.val()) && Math.abs(fact.val()) < 1e15) {
        value.put("val", (long) fact.val());
      } else {
        value.put("val", fact.val());
      }
      value.put("accn", fact.accn());
      value.put("fy", fact.fy());
      value.put("fp", fact.fp());
      value.put("form", fact.form());
      value.put("filed", fact.filed().toString());
      if (fact.frame() != null) {
        value.put("frame", fact.frame());
      }
    }
    return Optional.of(write(root));
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
