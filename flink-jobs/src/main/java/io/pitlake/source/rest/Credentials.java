package io.pitlake.source.rest;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkState;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the API key comes from, never the key itself.
 *
 * <p>A {@link RestSource} is serialized into the job graph, shown in the web UI and logged by the
 * client. Keeping only the location there, and resolving the value lazily inside each reader on the
 * TaskManager, means the key reaches no place but the HTTP request. Use {@link #describe()} in
 * messages: it names the location, which is also the fix.
 */
public sealed interface Credentials extends Serializable
    permits Credentials.FromEnv, Credentials.FromFile, Credentials.FromEnvPair, Credentials.None {

  /** The key is the value of an environment variable of the TaskManager process. */
  static Credentials fromEnv(String variable) {
    return new FromEnv(variable);
  }

  /**
   * The key is the first line of a file on the TaskManager, e.g. a mounted Kubernetes Secret
   * (surrounding whitespace is trimmed).
   */
  static Credentials fromFile(Path file) {
    checkArgument(
        file != null, "key file must not be null: pass the path of the file with the key");
    return new FromFile(file.toAbsolutePath().toString());
  }

  /**
   * A key id and a secret in two environment variables of the TaskManager process (Alpaca's SDKs
   * read {@code APCA_API_KEY_ID} and {@code APCA_API_SECRET_KEY}), resolved as {@code
   * KEY_ID:SECRET} for {@link AuthStyle#headerPair}. A key file for such a pair holds {@code
   * KEY_ID:SECRET} on its first line and needs no variant of its own: use {@link #fromFile}.
   */
  static Credentials fromEnvPair(String idVariable, String secretVariable) {
    return new FromEnvPair(idVariable, secretVariable);
  }

  /** The API needs no key. */
  static Credentials none() {
    return new None();
  }

  /**
   * Reads the key; called on the reader's fetcher thread.
   *
   * @return the key, or empty for {@link #none()}
   * @throws IllegalStateException naming the location (never the value) when it holds no key
   */
  Optional<String> resolve();

  /** The location, for messages such as "check the environment variable POLYGON_API_KEY". */
  String describe();

  /** See {@link #fromEnv(String)}. */
  record FromEnv(String variable) implements Credentials {

    public FromEnv {
      checkArgument(
          variable != null && !variable.isBlank(),
          "environment variable name must not be blank: pass e.g. \"POLYGON_API_KEY\"");
    }

    @Override
    public Optional<String> resolve() {
      String value = System.getenv(variable);
      if (value == null || value.isBlank()) {
        throw new IllegalStateException(
            String.format(
                "%s is not set on this TaskManager: export it where the job runs, or use a key"
                    + " file",
                describe()));
      }
      return Optional.of(value.strip());
    }

    @Override
    public String describe() {
      return "the environment variable " + variable;
    }
  }

  /** See {@link #fromFile(Path)}. */
  record FromFile(String path) implements Credentials {

    @Override
    public Optional<String> resolve() {
      String value;
      try {
        value =
            Files.readAllLines(Path.of(path), StandardCharsets.UTF_8).stream()
                .findFirst()
                .orElse("")
                .strip();
      } catch (IOException e) {
        throw new IllegalStateException(
            String.format(
                "Cannot read %s (%s): mount it on every TaskManager",
                describe(), e.getClass().getSimpleName()),
            e);
      }
      if (value.isEmpty()) {
        throw new IllegalStateException(
            String.format("%s is empty: write the API key on its first line", describe()));
      }
      return Optional.of(value);
    }

    @Override
    public String describe() {
      return "the key file " + path;
    }
  }

  /** See {@link #fromEnvPair(String, String)}. */
  record FromEnvPair(String idVariable, String secretVariable) implements Credentials {

    public FromEnvPair {
      checkArgument(
          idVariable != null
              && !idVariable.isBlank()
              && secretVariable != null
              && !secretVariable.isBlank(),
          "both environment variable names must be set: pass e.g. \"APCA_API_KEY_ID\" and"
              + " \"APCA_API_SECRET_KEY\"");
    }

    @Override
    public Optional<String> resolve() {
      String id = new FromEnv(idVariable).resolve().orElseThrow();
      String secret = new FromEnv(secretVariable).resolve().orElseThrow();
      checkState(
          id.indexOf(':') < 0,
          "%s holds a colon, which no key id has: check that it holds the key id",
          describe());
      return Optional.of(id + ':' + secret);
    }

    @Override
    public String describe() {
      return "the environment variables " + idVariable + " and " + secretVariable;
    }
  }

  /** See {@link #none()}. */
  record None() implements Credentials {

    @Override
    public Optional<String> resolve() {
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "the credentials (none are configured)";
    }
  }
}
