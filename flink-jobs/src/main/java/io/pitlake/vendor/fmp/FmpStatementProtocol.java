package io.pitlake.vendor.fmp;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pitlake.source.rest.AuthStyle;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.PageProtocol;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.VendorJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * One FMP statement of one symbol: {@code GET
 * /stable/<statement>?symbol=<key>&period=<period>&limit=<limit>}, one element per period, as sent.
 *
 * <p>Only {@code /stable} is used: FMP answers its legacy {@code /api/v3} endpoints with HTTP 403
 * for keys created after 2025-08-31 (fmp.md, F5). That 403 is recognized by its body ({@link
 * #fatalError}) and stops the job with the cause and the fix, instead of the source's generic
 * "rejected the key". Statements have no paging and no date filter: the split's key is the symbol
 * (one per request; FMP silently answers {@code []} to a comma list), its dates are not used, and
 * {@code limit} bounds the history. The key goes in the {@code apikey} query parameter, which the
 * source redacts everywhere.
 *
 * <p>A 200 body that is FMP's error object ({@code {"Error Message": ...}}) rather than an array is
 * a malformed page, quarantined with FMP's message.
 */
public class FmpStatementProtocol implements PageProtocol {

  private static final long serialVersionUID = 1L;

  /** FMP's largest {@code limit} for statements. */
  public static final int MAX_LIMIT = 1000;

  /** The values FMP documents for {@code period}. */
  public static final Set<String> PERIODS =
      Set.of("annual", "quarter", "FY", "Q1", "Q2", "Q3", "Q4");

  static final String ERROR_FIELD = "Error Message";
  private static final String LEGACY_MARKER = "Legacy Endpoint";

  private final FmpStatement statement;
  private final String period;
  private final int limit;

  /**
   * @param period one of {@link #PERIODS} ({@code fmp.statements.period})
   * @param limit periods per symbol, 1 to {@value #MAX_LIMIT} ({@code fmp.statements.limit})
   */
  public FmpStatementProtocol(FmpStatement statement, String period, int limit) {
    this.statement = checkNotNull(statement, "statement must not be null");
    checkArgument(
        PERIODS.contains(period),
        "%s '%s' is not one of FMP's periods: set it to one of %s",
        FmpOptions.STATEMENT_PERIOD.key(),
        period,
        PERIODS);
    checkArgument(
        limit >= 1 && limit <= MAX_LIMIT,
        "%s %s is out of range: set it between 1 and %s",
        FmpOptions.STATEMENT_LIMIT.key(),
        limit,
        MAX_LIMIT);
    this.period = period;
    this.limit = limit;
  }

  @Override
  public String name() {
    return "fmp";
  }

  @Override
  public HttpUrl firstPage(HttpUrl baseUrl, RestSplit split) {
    checkArgument(
        !split.key().contains(","),
        "split %s has key %s, but FMP statements take one symbol per request: make one split per"
            + " symbol",
        split.splitId(),
        split.key());
    return baseUrl
        .newBuilder()
        .addPathSegment("stable")
        .addPathSegment(statement.endpoint())
        .addQueryParameter("symbol", split.key())
        .addQueryParameter("period", period)
        .addQueryParameter("limit", Integer.toString(limit))
        .build();
  }

  @Override
  public ParsedPage parse(String body) throws MalformedPageException {
    JsonNode root;
    try {
      root = VendorJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedPageException("FMP page is not JSON: " + e.getOriginalMessage(), e);
    }
    if (root != null && root.isObject() && root.hasNonNull(ERROR_FIELD)) {
      throw new MalformedPageException("FMP error: " + root.get(ERROR_FIELD).asText());
    }
    if (root == null || !root.isArray()) {
      throw new MalformedPageException(
          String.format(
              "FMP %s is not a JSON array but %s",
              statement.endpoint(), root == null ? "empty" : root.getNodeType()));
    }
    List<String> elements = new ArrayList<>(root.size());
    for (JsonNode row : root) {
      if (!row.isObject()) {
        throw new MalformedPageException(
            String.format(
                "FMP %s holds a %s where a statement belongs",
                statement.endpoint(), row.getNodeType()));
      }
      elements.add(VendorJson.compact(row));
    }
    return new ParsedPage(elements, null);
  }

  /** The key in {@code apikey}, the name FMP reads (lowercase) and the source redacts. */
  @Override
  public AuthStyle authStyle() {
    return AuthStyle.queryParam("apikey");
  }

  /** FMP's 403 for a legacy endpoint (fmp-error-legacy-endpoint.json). */
  @Override
  public Optional<String> fatalError(int status, String body) {
    if (status != 403 || !body.contains(LEGACY_MARKER)) {
      return Optional.empty();
    }
    try {
      JsonNode root = VendorJson.MAPPER.readTree(body);
      if (root == null || !root.path(ERROR_FIELD).asText("").startsWith(LEGACY_MARKER)) {
        return Optional.empty();
      }
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            "FMP refused a legacy endpoint: /api/v3 is closed to keys created after 2025-08-31."
                + " pitlake requests /stable only, so set %s to the host alone (default %s), not"
                + " to a URL ending in /api/v3",
            FmpOptions.BASE_URL.key(), FmpOptions.BASE_URL.defaultValue()));
  }
}
