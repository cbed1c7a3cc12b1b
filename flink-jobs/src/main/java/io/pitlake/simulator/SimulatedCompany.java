package io.pitlake.simulator;

import io.pitlake.simulator.sec.SimulatedCiks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The made-up identity of the company behind a simulated symbol: name, CIK and composite FIGI,
 * derived from the symbol that started its price series, so a renamed company keeps its identifiers
 * under its new symbol, as META kept FB's. A company the SEC simulator files for has its CIK there
 * ({@link SimulatedCiks}), so both vendors name it alike.
 */
record SimulatedCompany(String name, String cik, String compositeFigi, String cusip) {

  private static final String FIGI_ALPHABET = "BCDFGHJKLMNPQRSTVWXYZ0123456789";

  static SimulatedCompany of(String seriesSymbol) {
    byte[] digest = sha256(seriesSymbol);
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = (bits << 8) | (digest[i] & 0xff);
    }
    long positive = bits & Long.MAX_VALUE;
    StringBuilder figi = new StringBuilder("BBG00");
    long rest = positive;
    for (int i = 0; i < 7; i++) {
      figi.append(FIGI_ALPHABET.charAt((int) (rest % FIGI_ALPHABET.length())));
      rest /= FIGI_ALPHABET.length();
    }
    return new SimulatedCompany(
        seriesSymbol.toUpperCase(Locale.ROOT) + " Simulated Holdings Inc.",
        String.format("%010d", SimulatedCiks.of(seriesSymbol).orElse(positive % 2_000_000L)),
        figi.toString(),
        String.format("%09d", positive % 1_000_000_000L));
  }

  /** A stable id for a vendor record, e.g. a split's: hex SHA-256 of {@code text}. */
  static String id(String text) {
    return HexFormat.of().formatHex(sha256(text));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
