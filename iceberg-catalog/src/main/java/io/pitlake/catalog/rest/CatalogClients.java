package io.pitlake.catalog.rest;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The clients a catalog server lets in, read once at start from a directory of secret files:
 *
 * <pre>
 * DIR/writer/flink     first line: the Flink jobs' secret
 * DIR/reader/trino     first line: Trino's secret
 * DIR/reader/spark     ...
 * </pre>
 *
 * <p>A directory, not a list in a config file: on Kubernetes each role's Secret mounts as one of
 * these directories unchanged (its keys become file names), the same Secret mounts into the Flink
 * pods as their token file, and no secret ever sits in a ConfigMap or on a command line. Entries
 * starting with a dot (Kubernetes' {@code ..data} links) are skipped.
 */
public final class CatalogClients {

  private final List<CatalogClient> clients;

  private CatalogClients(List<CatalogClient> clients) {
    this.clients = List.copyOf(clients);
  }

  /**
   * Reads {@code dir}; every message names the file and the fix, never a secret.
   *
   * @throws IllegalArgumentException if the layout or a secret is wrong, or no client is there
   */
  public static CatalogClients load(Path dir) {
    checkArgument(
        Files.isDirectory(dir),
        "--clients %s: no such directory: create %s/writer/<name> and %s/reader/<name>, each"
            + " holding one client's secret",
        dir,
        dir,
        dir);
    List<CatalogClient> found = new ArrayList<>();
    for (Path entry : list(dir)) {
      String name = entry.getFileName().toString();
      checkArgument(
          Files.isDirectory(entry) && (name.equals("reader") || name.equals("writer")),
          "--clients %s: unexpected entry %s: only the directories reader/ and writer/ belong"
              + " there",
          dir,
          name);
      CatalogRole role = name.equals("writer") ? CatalogRole.WRITER : CatalogRole.READER;
      for (Path file : list(entry)) {
        found.add(
            new CatalogClient(
                file.getFileName().toString(), role, CatalogClient.Digest.of(secret(file))));
      }
    }
    checkArgument(
        !found.isEmpty(),
        "--clients %s holds no client: write a secret to %s/writer/<name> (e.g. openssl rand -hex"
            + " 32)",
        dir,
        dir);
    Set<String> ids = new HashSet<>();
    Set<String> secrets = new HashSet<>();
    for (CatalogClient client : found) {
      checkArgument(
          ids.add(client.id()),
          "--clients %s: client %s is both a reader and a writer: keep one file",
          dir,
          client.id());
      checkArgument(
          secrets.add(client.secret().key()),
          "--clients %s: client %s has the same secret as another client: give each its own",
          dir,
          client.id());
    }
    return new CatalogClients(found);
  }

  /** How many clients have {@code role}, for the start-up line. */
  long count(CatalogRole role) {
    return clients.stream().filter(c -> c.role() == role).count();
  }

  /**
   * The client whose secret this is. Compares with every client and never stops early, so the time
   * taken does not say which client, or how much of a secret, matched.
   */
  Optional<CatalogClient> withSecret(String secret) {
    CatalogClient.Digest presented = CatalogClient.Digest.of(secret);
    CatalogClient match = null;
    for (CatalogClient client : clients) {
      if (client.accepts(presented)) {
        match = client;
      }
    }
    return Optional.ofNullable(match);
  }

  /** The client named {@code id} if {@code secret} is its secret (OAuth2 client credentials). */
  Optional<CatalogClient> withCredentials(String id, String secret) {
    return withSecret(secret).filter(client -> client.id().equals(id));
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(
          String.format("cannot list %s (%s): check its permissions", dir, e), e);
    }
  }

  private static String secret(Path file) {
    String secret;
    try {
      secret =
          Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          String.format(
              "cannot read the secret file %s (%s): check its permissions",
              file, e.getClass().getSimpleName()),
          e);
    }
    checkArgument(
        secret.length() >= CatalogClient.MIN_SECRET_LENGTH,
        "the secret file %s holds fewer than %s characters on its first line: write a random"
            + " secret, e.g. openssl rand -hex 32 > %s",
        file,
        CatalogClient.MIN_SECRET_LENGTH,
        file);
    return secret;
  }
}
