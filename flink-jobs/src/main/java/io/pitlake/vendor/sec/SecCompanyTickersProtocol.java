package io.pitlake.vendor.sec;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * EDGAR's ticker map {@code GET /files/company_tickers.json} (on {@code sec.files-base-url}), one
 * element per company: {@code {"cik_str":789019,"ticker":"MSFT","title":"MICROSOFT CORP"}}.
 *
 * <p>The file is an object keyed by stringified indices, not an array (sec-edgar.md), and it is a
 * snapshot of today's tickers, so it maps tickers to CIKs for planning, not history. It is one
 * document: the split's key and dates are not used, and one split reads it all. Elements are the
 * entries as sent, in document order; see {@link SecCompanyTicker} for the typed value.
 */
public class SecCompanyTickersProtocol extends SecProtocol {

  private static final long serialVersionUID = 1L;

  /**
   * @param userAgent the value of {@code sec.user-agent}
   */
  public SecCompanyTickersProtocol(String userAgent) {
    super(userAgent);
  }

  @Override
  public HttpUrl firstPage(HttpUrl baseUrl, RestSplit split) {
    return baseUrl.newBuilder().addPathSegments("files/company_tickers.json").build();
  }

  @Override
  public ParsedPage parse(String body) throws MalformedPageException {
    JsonNode root;
    try {
      root = VendorJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedPageException(
          "SEC company_tickers.json is not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedPageException(
          "SEC company_tickers.json is not a JSON object keyed by index but "
              + (root == null ? "empty" : root.getNodeType()));
    }
    List<String> elements = new ArrayList<>(root.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().isObject()) {
        throw new MalformedPageException(
            String.format(
                "SEC company_tickers.json entry %s is not an object but %s",
                entry.getKey(), entry.getValue().getNodeType()));
      }
      elements.add(VendorJson.compact(entry.getValue()));
    }
    return new ParsedPage(elements, null);
  }
}
