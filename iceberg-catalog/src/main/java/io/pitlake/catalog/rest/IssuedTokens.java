package io.pitlake.catalog.rest;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens this server issued at {@code /v1/oauth/tokens}, in memory only.
 *
 * <p>In memory because a restart simply makes clients exchange their credentials again (Iceberg's
 * client does so on a 401), and a token that outlives the process would need a store to protect.
 * Tokens are 256 random bits; the map is keyed by their digest, so neither the map nor the lookup's
 * timing holds a usable token. Expired tokens are dropped whenever a new one is issued.
 */
final class IssuedTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private record Grant(CatalogClient client, Instant expires) {}

  private final Map<String, Grant> grants = new ConcurrentHashMap<>();
  private final Duration lifetime;
  private final Clock clock;

  IssuedTokens(Duration lifetime, Clock clock) {
    this.lifetime = lifetime;
    this.clock = clock;
  }

  Duration lifetime() {
    return lifetime;
  }

  /** A new token for {@code client}, valid for {@link #lifetime()}. */
  String issue(CatalogClient client) {
    Instant now = clock.instant();
    grants.values().removeIf(grant -> !grant.expires().isAfter(now));
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    grants.put(CatalogClient.Digest.of(token).key(), new Grant(client, now.plus(lifetime)));
    return token;
  }

  /** The client a live token was issued to. */
  Optional<CatalogClient> holder(String token) {
    Grant grant = grants.get(CatalogClient.Digest.of(token).key());
    if (grant == null || !grant.expires().isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(grant.client());
  }
}
