package io.pitlake.vendor.alpaca;

import static org.apache.flink.util.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.VendorJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Alpaca's corporate actions, {@code GET /v1/corporate-actions}: splits, dividends, mergers, name
 * changes, removals, every type Alpaca has (no {@code types} filter is sent).
 *
 * <p>A split's key is a comma-separated symbol list, or {@code *} for every symbol; its day range
 * is sent as {@code start}/{@code end} (inclusive dates). The response groups rows by the plural
 * type name ({@code forward_splits}, {@code cash_dividends}, ...); a row does not name its type, so
 * each element is the row with its singular type put in front as {@value #TYPE_FIELD}, the value
 * Alpaca's {@code types} filter uses: {@code {"ca_type":"forward_split","id":...}}.
 */
public class AlpacaCorporateActionsProtocol extends AlpacaProtocol {

  private static final long serialVersionUID = 1L;

  public static final int MAX_PAGE_SIZE = 1000;

  /** The field each element gets with its type, e.g. {@code cash_dividend}. */
  public static final String TYPE_FIELD = "ca_type";

  private final int pageSize;

  public AlpacaCorporateActionsProtocol() {
    this(MAX_PAGE_SIZE);
  }

  public AlpacaCorporateActionsProtocol(int pageSize) {
    checkArgument(
        pageSize >= 1 && pageSize <= MAX_PAGE_SIZE,
        "Alpaca corporate actions page size %s is out of range: set %s between 1 and %s",
        pageSize,
        AlpacaOptions.CORPORATE_ACTIONS_PAGE_SIZE.key(),
        MAX_PAGE_SIZE);
    this.pageSize = pageSize;
  }

  @Override
  public HttpUrl firstPage(HttpUrl baseUrl, RestSplit split) {
    HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments("v1/corporate-actions");
    String symbols = symbols(split);
    if (symbols != null) {
      url.addQueryParameter("symbols", symbols);
    }
    return url.addQueryParameter("start", split.from().toString())
        .addQueryParameter("end", split.to().toString())
        .addQueryParameter("limit", Integer.toString(pageSize))
        .addQueryParameter("sort", "asc")
        .build();
  }

  @Override
  public ParsedPage parse(String body) throws MalformedPageException {
    JsonNode root = root(body, "corporate_actions");
    JsonNode actions = root.get("corporate_actions");
    List<String> elements = new ArrayList<>();
    if (!actions.isNull()) {
      if (!actions.isObject()) {
        throw new MalformedPageException(
            "Alpaca corporate_actions is not an object of types but " + actions.getNodeType());
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = actions.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> group = it.next();
        if (!group.getValue().isArray()) {
          throw new MalformedPageException(
              String.format(
                  "Alpaca corporate actions %s are not an array but %s",
                  group.getKey(), group.getValue().getNodeType()));
        }
        String type = singular(group.getKey());
        for (JsonNode row : group.getValue()) {
          elements.add(VendorJson.compact(withFirst(row, TYPE_FIELD, type)));
        }
      }
    }
    return page(root, elements);
  }

  /** {@code forward_splits} → {@code forward_split}: every Alpaca group is its type plus "s". */
  static String singular(String group) {
    return group.endsWith("s") ? group.substring(0, group.length() - 1) : group;
  }
}
