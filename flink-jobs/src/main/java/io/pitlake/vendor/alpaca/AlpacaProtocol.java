package io.pitlake.vendor.alpaca;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.VendorJson;
import java.util.List;
import javax.annotation.Nullable;

/**
 * What Alpaca's Market Data endpoints share: the two-header key pair ({@link AlpacaAuth}), a {@code
 * next_page_token} sent back as {@code page_token} with every other parameter unchanged, and splits
 * whose key is a comma-separated symbol list (or {@link #ALL_SYMBOLS} where the endpoint allows
 * it).
 */
abstract class AlpacaProtocol implements PageProtocol {

  private static final long serialVersionUID = 1L;

  /** The key of a split over every symbol (corporate actions, news). */
  static final String ALL_SYMBOLS = "*";

  static final String PAGE_TOKEN = "page_token";

  @Override
  public String name() {
    return "alpaca";
  }

  @Override
  public AuthStyle authStyle() {
    return AlpacaAuth.authStyle();
  }

  /** The page's root object, refusing anything else (an HTML page, an error object). */
  static JsonNode root(String body, String field) throws MalformedPageException {
    JsonNode root;
    try {
      root = VendorJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedPageException("Alpaca page is not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedPageException("Alpaca page is not a JSON object");
    }
    if (!root.has(field)) {
      throw new MalformedPageException(
          String.format(
              "Alpaca page has no field %s: %s",
              field, root.path("message").asText("(no message)")));
    }
    return root;
  }

  /** The page's elements, next page by {@code next_page_token}. */
  static ParsedPage page(JsonNode root, List<String> elements) {
    JsonNode token = root.get("next_page_token");
    return ParsedPage.withPageToken(
        elements, PAGE_TOKEN, token == null || token.isNull() ? null : token.asText());
  }

  /**
   * {@code node} with {@code field} put first, for elements whose context (the symbol or type they
   * were grouped under) the vendor gives only around them.
   */
  static ObjectNode withFirst(JsonNode node, String field, String value) {
    ObjectNode copy = VendorJson.MAPPER.createObjectNode();
    copy.put(field, value);
    node.fields().forEachRemaining(e -> copy.set(e.getKey(), e.getValue()));
    return copy;
  }

  /** {@code symbols=...} unless the split is over every symbol. */
  @Nullable
  static String symbols(RestSplit split) {
    return ALL_SYMBOLS.equals(split.key()) ? null : split.key();
  }
}
