package io.pitlake.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Flag converters whose errors say what was wrong and what to write instead. */
final class Converters {

  private Converters() {}

  /** An ISO date. */
  static final class IsoDate implements ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      try {
        return LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            String.format("'%s' is not a date: use YYYY-MM-DD, e.g. 2024-01-31", value));
      }
    }
  }

  /** An instant with its zone offset: a knowledge time is never in an implied zone. */
  static final class IsoInstant implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            String.format(
                "'%s' is not an instant: use an ISO date-time with its offset, e.g."
                    + " 2024-06-14T20:15:00Z or 2024-06-14T16:15:00-04:00",
                value));
      }
    }
  }

  /** A US equity ticker, upper-cased: letters and digits with an optional class suffix. */
  static final class Ticker implements ITypeConverter<String> {
    private static final Pattern TICKER = Pattern.compile("[A-Z][A-Z0-9]{0,9}([.-][A-Z0-9]{1,3})?");

    @Override
    public String convert(String value) {
      String ticker = value.strip().toUpperCase(Locale.ROOT);
      if (!TICKER.matcher(ticker).matches()) {
        throw new TypeConversionException(
            String.format(
                "'%s' is not a ticker: use letters and digits with an optional class suffix,"
                    + " comma-separated, e.g. AAPL,MSFT,BRK.B",
                value));
      }
      return ticker;
    }
  }
}
