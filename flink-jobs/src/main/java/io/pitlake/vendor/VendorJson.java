package io.pitlake.vendor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;

/**
 * Reads the fields of one vendor element (the JSON text of a fetched result) into typed values.
 *
 * <p>Typed vendor records are built from bronze payloads, so a problem must say what was read and
 * which field is wrong: the message becomes the quarantine reason. Optional readers return {@code
 * null} for an absent or {@code null} field; required readers throw {@link
 * IllegalArgumentException} naming the element ({@code what}) and the field. Numbers keep the
 * vendor's digits ({@link BigDecimal} for floats, trailing zeros kept), so a value written back
 * with {@link #compact} is the value as sent.
 */
public final class VendorJson {

  /** Keeps decimals exact and trailing zeros as sent, both when reading and writing back. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private VendorJson() {}

  /** Parses {@code json}, which must be one JSON object. */
  public static JsonNode object(String json, String what) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          String.format("%s is not valid JSON: %s", what, e.getOriginalMessage()), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(String.format("%s is not a JSON object", what));
    }
    return node;
  }

  /** {@code node} as compact JSON text, numbers as sent. */
  public static String compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON node cannot be written back", e);
    }
  }

  /**
   * A copy of {@code node} with {@code field} set to {@code value} as its first field, for elements
   * that must carry a key their page gave only once (such as the symbol a group of results is
   * listed under).
   */
  public static ObjectNode withFirst(JsonNode node, String field, String value) {
    ObjectNode element = MAPPER.createObjectNode();
    element.put(field, value);
    node.fields().forEachRemaining(e -> element.set(e.getKey(), e.getValue()));
    return element;
  }

  /** A scalar field as text, or {@code null} if absent, {@code null} or not a scalar. */
  @Nullable
  public static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
  }

  /** A non-blank text field. */
  public static String requiredText(JsonNode node, String field, String what) {
    String value = text(node, field);
    if (value == null || value.isBlank()) {
      throw missing(node, field, what, "a non-empty string");
    }
    return value;
  }

  /** The texts of an array field; empty if the field is absent or {@code null}. */
  public static List<String> texts(JsonNode node, String field) {
    JsonNode value = node.get(field);
    List<String> texts = new ArrayList<>();
    if (value != null && value.isArray()) {
      for (JsonNode item : value) {
        if (!item.isNull() && !item.isContainerNode()) {
          texts.add(item.asText());
        }
      }
    }
    return texts;
  }

  /** A {@code YYYY-MM-DD} field, or {@code null} if absent, {@code null} or empty. */
  @Nullable
  public static LocalDate date(JsonNode node, String field, String what) {
    String value = text(node, field);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw invalid(field, what, "a YYYY-MM-DD date", node.get(field));
    }
  }

  /** A {@code YYYY-MM-DD} field that must be present. */
  public static LocalDate requiredDate(JsonNode node, String field, String what) {
    LocalDate value = date(node, field, what);
    if (value == null) {
      throw missing(node, field, what, "a YYYY-MM-DD date");
    }
    return value;
  }

  /** An ISO-8601 instant with offset, or {@code null} if absent, {@code null} or empty. */
  @Nullable
  public static Instant instant(JsonNode node, String field, String what) {
    String value = text(node, field);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(field, what, "an ISO-8601 instant with offset", node.get(field));
    }
  }

  /** An ISO-8601 instant that must be present. */
  public static Instant requiredInstant(JsonNode node, String field, String what) {
    Instant value = instant(node, field, what);
    if (value == null) {
      throw missing(node, field, what, "an ISO-8601 instant");
    }
    return value;
  }

  /** A number field, exactly as sent, or {@code null} if absent or not a number. */
  @Nullable
  public static BigDecimal decimal(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isNumber() ? value.decimalValue() : null;
  }

  /** A number field that must be present. */
  public static BigDecimal requiredDecimal(JsonNode node, String field, String what) {
    BigDecimal value = decimal(node, field);
    if (value == null) {
      throw missingOrInvalid(node, field, what, "a number");
    }
    return value;
  }

  /** A number field as a double, or {@code null} if absent or not a number. */
  @Nullable
  public static Double number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isNumber() ? value.asDouble() : null;
  }

  /**
   * An integral number field, or {@code null} if absent or not integral ({@code 82132.0} counts as
   * integral).
   */
  @Nullable
  public static Long integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isNumber()) {
      return null;
    }
    if (value.isIntegralNumber()) {
      return value.canConvertToLong() ? value.asLong() : null;
    }
    BigDecimal decimal = value.decimalValue();
    try {
      return decimal.longValueExact();
    } catch (ArithmeticException notIntegral) {
      return null;
    }
  }

  /** An integral number field that must be present. */
  public static long requiredInteger(JsonNode node, String field, String what) {
    Long value = integer(node, field);
    if (value == null) {
      throw missingOrInvalid(node, field, what, "an integer");
    }
    return value;
  }

  /** A boolean field, or {@code null} if absent or not a boolean. */
  @Nullable
  public static Boolean bool(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isBoolean() ? value.asBoolean() : null;
  }

  private static IllegalArgumentException missingOrInvalid(
      JsonNode node, String field, String what, String expected) {
    JsonNode value = node.get(field);
    return value == null || value.isNull()
        ? missing(node, field, what, expected)
        : invalid(field, what, expected, value);
  }

  private static IllegalArgumentException missing(
      JsonNode node, String field, String what, String expected) {
    JsonNode value = node.get(field);
    return value == null || value.isNull()
        ? new IllegalArgumentException(
            String.format("%s has no field %s (expected %s)", what, field, expected))
        : invalid(field, what, expected, value);
  }

  private static IllegalArgumentException invalid(
      String field, String what, String expected, JsonNode value) {
    String shown = value.toString();
    if (shown.length() > 80) {
      shown = shown.substring(0, 80) + "...";
    }
    return new IllegalArgumentException(
        String.format("%s field %s is %s, expected %s", what, field, shown, expected));
  }
}
