package io.pitlake.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real headless Chromium (Debian's {@code chromium}; {@code $PITLAKE_CHROMIUM} overrides the
 * path) driven over the Chrome DevTools Protocol with the JDK's own HTTP and WebSocket clients: it
 * loads a page, records every console error and uncaught exception, evaluates JavaScript in the
 * page and takes a full-page screenshot. Nothing is downloaded; the browser runs with a throwaway
 * profile and only loopback debugging.
 */
public final class HeadlessChromium implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

  private HeadlessChromium(Process process, URI page) {
    this.process = process;
    this.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(page, new Listener())
            .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
            .join();
  }

  /** Starts the browser on {@code about:blank} with its profile in {@code profile}. */
  public static HeadlessChromium start(Path profile) throws Exception {
    String binary = System.getenv().getOrDefault("PITLAKE_CHROMIUM", "/usr/bin/chromium");
    if (!Files.isExecutable(Path.of(binary))) {
      throw new IllegalStateException(
          binary
              + " is missing: install Debian's chromium (apt-get install -y chromium) or set"
              + " PITLAKE_CHROMIUM to a Chromium or Chrome binary");
    }
    Files.createDirectories(profile);
    Process process =
        new ProcessBuilder(
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "--window-size=1280,1000",
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
            .start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "chromium did not open its debugging port; see its log next to " + profile);
        }
        Thread.sleep(50);
      }
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
      JsonNode targets =
          JSON.readTree(
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                          .timeout(TIMEOUT)
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      for (JsonNode target : targets) {
        if (target.path("type").asText().equals("page")) {
          return new HeadlessChromium(
              process, URI.create(target.path("webSocketDebuggerUrl").asText()));
        }
      }
      throw new IllegalStateException("chromium lists no page target: " + targets);
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Opens {@code url} and waits for its load event, with console and exception capture on. */
  public void open(URI url) {
    call("Runtime.enable", JSON.createObjectNode());
    call("Log.enable", JSON.createObjectNode());
    call("Page.enable", JSON.createObjectNode());
    loaded = new CompletableFuture<>();
    JsonNode navigated = call("Page.navigate", JSON.createObjectNode().put("url", url.toString()));
    if (navigated.has("errorText")) {
      throw new IllegalStateException("chromium cannot open " + url + ": " + navigated);
    }
    loaded.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
  }

  /** The value of a JavaScript expression in the page (JSON-serialisable). */
  public JsonNode evaluate(String expression) {
    JsonNode result =
        call(
            "Runtime.evaluate",
            JSON.createObjectNode().put("expression", expression).put("returnByValue", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException(expression + " threw in the page: " + result);
    }
    return result.path("result").path("value");
  }

  /** A PNG of the whole page, not just the window. */
  public byte[] screenshot() {
    int height = evaluate("document.documentElement.scrollHeight").asInt();
    int width = Math.max(1280, evaluate("document.documentElement.scrollWidth").asInt());
    call(
        "Emulation.setDeviceMetricsOverride",
        JSON.createObjectNode()
            .put("width", width)
            .put("height", height)
            .put("deviceScaleFactor", 1)
            .put("mobile", false));
    JsonNode shot = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
    return Base64.getDecoder().decode(shot.path("data").asText());
  }

  /** Console errors, failed loads and uncaught exceptions seen since the browser started. */
  public List<String> errors() {
    return new ArrayList<>(errors);
  }

  private JsonNode call(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    socket.sendText(message.toString(), true).join();
    JsonNode answer = reply.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    if (answer.has("error")) {
      throw new IllegalStateException(method + " failed: " + answer.get("error"));
    }
    return answer.path("result");
  }

  private void event(JsonNode message) {
    JsonNode params = message.path("params");
    switch (message.path("method").asText()) {
      case "Page.loadEventFired" -> loaded.complete(null);
      case "Runtime.exceptionThrown" -> errors.add("exception: " + params.path("exceptionDetails"));
      case "Runtime.consoleAPICalled" -> {
        String type = params.path("type").asText();
        if (type.equals("error") || type.equals("assert")) {
          errors.add("console." + type + ": " + params.path("args"));
        }
      }
      case "Log.entryAdded" -> {
        if (params.path("entry").path("level").asText().equals("error")) {
          errors.add("log: " + params.path("entry"));
        }
      }
      default -> {}
    }
  }

  @Override
  public void close() throws InterruptedException {
    socket.abort();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** Joins a message's frames and routes it: a reply to its call, an event to {@link #event}. */
  private final class Listener implements WebSocket.Listener {

    private final StringBuilder frames = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      frames.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(frames.toString());
          if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
            if (reply != null) {
              reply.complete(message);
            }
          } else {
            event(message);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          frames.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
