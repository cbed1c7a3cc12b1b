package io.pitlake.job.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.relocated.com.google.common.hash.HashCode;
import org.apache.iceberg.relocated.com.google.common.hash.HashFunction;
import org.apache.iceberg.relocated.com.google.common.hash.Hashing;

/**
 * The versioner's memory: per observation key, the 64-bit prefixes of the payload hashes stored so
 * far, in about 32 bytes per key.
 *
 * <p>Why not a {@code HashMap<String, long[]>}: a backfill of 5,000 symbols × 15 years remembers
 * 18.9 M bar keys, and the map's key string, node and array took about 170 bytes each (a class
 * histogram of that run: 1.4 GB at 10 M keys, the largest holder of a 4 GB heap). Here a key is a
 * 128-bit Murmur3 fingerprint in open-addressed primitive arrays; the first version's hash sits
 * beside it and the rare later versions (vendor revisions) in a small side map. Two distinct keys
 * share a fingerprint with probability about n²/2¹²⁸ (10⁻²³ for 10⁸ keys), far below any hardware
 * error rate; the payload prefixes were already 64 bits.
 */
final class SeenPayloads {

  private static final HashFunction FINGERPRINT = Hashing.murmur3_128();
  private static final int INITIAL_CAPACITY = 1 << 10;
  private static final long[] NONE = new long[0];

  /** Fingerprint halves per slot; a slot is free while its {@code low} is 0 (see {@link #low}). */
  private long[] high = new long[INITIAL_CAPACITY];

  private long[] low = new long[INITIAL_CAPACITY];

  /** The first version's payload prefix per slot. */
  private long[] first = new long[INITIAL_CAPACITY];

  /** Versions 2.. per fingerprint, index = version - 2; only keys a vendor revised are here. */
  private final Map<Fingerprint, long[]> later = new HashMap<>();

  /** Keys remembered. */
  private int size;

  private record Fingerprint(long high, long low) {}

  /**
   * Stores {@code payloadPrefix} as {@code key}'s next version and returns its number, or returns 0
   * if it is one of the payloads already remembered for the key.
   */
  int add(String key, long payloadPrefix) {
    Fingerprint fingerprint = fingerprint(key);
    int slot = slot(fingerprint);
    if (low[slot] == 0) {
      remember(fingerprint, payloadPrefix, 1);
      return 1;
    }
    long[] revisions = later.getOrDefault(fingerprint, NONE);
    if (first[slot] == payloadPrefix
        || Arrays.stream(revisions).anyMatch(h -> h == payloadPrefix)) {
      return 0;
    }
    int version = revisions.length + 2;
    remember(fingerprint, payloadPrefix, version);
    return version;
  }

  /** Whether {@code payloadPrefix} is one of the payloads remembered for {@code key}. */
  boolean contains(String key, long payloadPrefix) {
    Fingerprint fingerprint = fingerprint(key);
    int slot = slot(fingerprint);
    return low[slot] != 0
        && (first[slot] == payloadPrefix
            || Arrays.stream(later.getOrDefault(fingerprint, NONE))
                .anyMatch(h -> h == payloadPrefix));
  }

  /**
   * Remembers that {@code key}'s version {@code version} has the payload {@code payloadPrefix}.
   * Versions may arrive in any order (a table scan returns them so).
   */
  void remember(String key, long payloadPrefix, int version) {
    if (version < 1) {
      throw new IllegalArgumentException(
          "version " + version + " of " + key + ": versions start at 1; the bronze row is corrupt");
    }
    remember(fingerprint(key), payloadPrefix, version);
  }

  private void remember(Fingerprint fingerprint, long payloadPrefix, int version) {
    int slot = slot(fingerprint);
    if (low[slot] == 0) {
      high[slot] = fingerprint.high();
      low[slot] = fingerprint.low();
      size++;
    }
    if (version == 1) {
      first[slot] = payloadPrefix;
    } else {
      long[] revisions = later.getOrDefault(fingerprint, NONE);
      if (revisions.length < version - 1) {
        revisions = Arrays.copyOf(revisions, version - 1);
      }
      revisions[version - 2] = payloadPrefix;
      later.put(fingerprint, revisions);
    }
    if (size * 4L > high.length * 3L) {
      grow();
    }
  }

  /**
   * The key's fingerprint; the low half's lowest bit is forced to 1, so 0 marks a free slot (127
   * bits remain).
   */
  private static Fingerprint fingerprint(String key) {
    HashCode hash = FINGERPRINT.hashString(key, StandardCharsets.UTF_8);
    byte[] bytes = hash.asBytes();
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (bytes[i] & 0xFF);
      low = (low << 8) | (bytes[i + 8] & 0xFF);
    }
    return new Fingerprint(high, low | 1);
  }

  /** The slot holding {@code fingerprint}, or the free slot where it would go (linear probing). */
  private int slot(Fingerprint fingerprint) {
    int mask = high.length - 1;
    int slot = (int) (fingerprint.high() ^ (fingerprint.high() >>> 32)) & mask;
    while (low[slot] != 0 && (low[slot] != fingerprint.low() || high[slot] != fingerprint.high())) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    long[] oldFirst = first;
    high = new long[oldHigh.length * 2];
    low = new long[oldHigh.length * 2];
    first = new long[oldHigh.length * 2];
    for (int i = 0; i < oldHigh.length; i++) {
      if (oldLow[i] != 0) {
        int slot = slot(new Fingerprint(oldHigh[i], oldLow[i]));
        high[slot] = oldHigh[i];
        low[slot] = oldLow[i];
        first[slot] = oldFirst[i];
      }
    }
  }
}
