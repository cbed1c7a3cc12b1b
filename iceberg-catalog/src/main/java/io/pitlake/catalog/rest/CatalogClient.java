package io.pitlake.catalog.rest;

import static org.apache.iceberg.relocated.com.google.common.base.Preconditions.checkArgument;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One client the catalog lets in: a name, a role and the SHA-256 digest of its secret.
 *
 * <p>Only the digest is kept, so a heap dump or a stray {@code toString} shows no secret, and every
 * comparison is between two 32-byte digests with {@link MessageDigest#isEqual}, which takes the
 * same time wherever the bytes differ.
 *
 * @param id the client's name: its file name under {@code --clients}, its OAuth2 {@code client_id}
 * @param role what it may do
 */
record CatalogClient(String id, CatalogRole role, Digest secret) {

  /** The smallest secret accepted: 128 bits of hex, so no guessable word gets in. */
  static final int MIN_SECRET_LENGTH = 32;

  CatalogClient {
    checkArgument(
        id != null && id.matches("[A-Za-z0-9][A-Za-z0-9._-]*"),
        "client id '%s' is not a name: use letters, digits, '.', '_' and '-'",
        id);
    checkArgument(role != null, "client %s has no role", id);
    checkArgument(secret != null, "client %s has no secret", id);
  }

  boolean accepts(Digest presented) {
    return secret.sameAs(presented);
  }

  /** A SHA-256 digest; equal only through {@link #sameAs}, which runs in constant time. */
  static final class Digest {
    private final byte[] bytes;

    private Digest(byte[] bytes) {
      this.bytes = bytes;
    }

    static Digest of(String secret) {
      try {
        return new Digest(
            MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JVM has no SHA-256", e);
      }
    }

    boolean sameAs(Digest other) {
      return MessageDigest.isEqual(bytes, other.bytes);
    }

    /** A map key: the digest, never the secret, so a lookup's timing tells nothing about it. */
    String key() {
      return java.util.HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
      return "Digest[REDACTED]";
    }
  }
}
