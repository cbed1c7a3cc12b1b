package io.pitlake.vendor.polygon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.vendor.VendorJson;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import javax.annotation.Nullable;

/**
 * One page of Polygon's REST envelope ({@code status}, {@code results}, {@code next_url}), read
 * once for every Polygon protocol so that a bad page is told the same way whichever dataset fetched
 * it: the message names the dataset, the field and the fix, and becomes the split's failure or
 * quarantine reason.
 *
 * <p>A page is accepted with {@code status} {@code OK} or {@code DELAYED} (plans with delayed
 * data); anything else, such as {@code ERROR} or {@code NOT_AUTHORIZED} inside a 200, is a
 * malformed page. Numbers are read as sent ({@link VendorJson#MAPPER}), so that results written
 * back with {@link VendorJson#compact} keep the vendor's digits.
 *
 * @param dataset the dataset's name, for messages
 * @param root the page's JSON object
 * @param results the {@code results} field, or {@code null} if absent or {@code null}
 * @param nextUrl the {@code next_url} field, or {@code null} on the last page
 */
record PolygonEnvelope(
    String dataset, JsonNode root, @Nullable JsonNode results, @Nullable String nextUrl) {

  private static final Set<String> ACCEPTED_STATUS = Set.of("OK", "DELAYED");

  private static final String CHECK_BASE_URL =
      "check that " + PolygonOptions.BASE_URL.key() + " is Polygon's REST API";

  /** Reads {@code body} as a page of {@code dataset}, refusing non-objects and error statuses. */
  static PolygonEnvelope read(String body, String dataset) throws MalformedPageException {
    JsonNode root;
    try {
      root = VendorJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedPageException(
          String.format(
              "Polygon %s page is not JSON (%s): %s",
              dataset, e.getOriginalMessage(), CHECK_BASE_URL),
          e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedPageException(
          String.format(
              "Polygon %s page is %s, not a JSON object: %s",
              dataset, describe(root), CHECK_BASE_URL));
    }
    String status = root.path("status").asText(null);
    if (!ACCEPTED_STATUS.contains(status)) {
      String message =
          root.hasNonNull("error") ? root.get("error").asText() : root.path("message").asText("");
      throw new MalformedPageException(
          String.format(
              "Polygon %s page has status %s, not OK or DELAYED (%s): check the key (%s or %s) and"
                  + " that the plan covers this endpoint",
              dataset,
              status,
              message,
              PolygonOptions.API_KEY_ENV.key(),
              PolygonOptions.API_KEY_FILE.key()));
    }
    JsonNode results = root.get("results");
    JsonNode next = root.get("next_url");
    return new PolygonEnvelope(
        dataset,
        root,
        results == null || results.isNull() ? null : results,
        next == null || next.isNull() ? null : next.asText());
  }

  /** {@code results}, or {@code null} if absent, after checking that it is an array. */
  @Nullable
  JsonNode resultsArray() throws MalformedPageException {
    return requireResults(JsonNode::isArray, "an array");
  }

  /** {@code results}, or {@code null} if absent, after checking that it is an object. */
  @Nullable
  JsonNode resultsObject() throws MalformedPageException {
    return requireResults(JsonNode::isObject, "an object");
  }

  /** Checks that {@code node}, a part of {@code results} named {@code field}, is an array. */
  void requireArray(JsonNode node, String field) throws MalformedPageException {
    if (!node.isArray()) {
      throw shape(field, node, "an array");
    }
  }

  @Nullable
  private JsonNode requireResults(Predicate<JsonNode> test, String expected)
      throws MalformedPageException {
    if (results != null && !test.test(results)) {
      throw shape("results", results, expected);
    }
    return results;
  }

  private MalformedPageException shape(String field, JsonNode node, String expected) {
    return new MalformedPageException(
        String.format(
            "Polygon %s page's field %s is %s, not %s: %s",
            dataset, field, describe(node), expected, CHECK_BASE_URL));
  }

  private static String describe(@Nullable JsonNode node) {
    return node == null || node.isMissingNode()
        ? "empty"
        : "a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
