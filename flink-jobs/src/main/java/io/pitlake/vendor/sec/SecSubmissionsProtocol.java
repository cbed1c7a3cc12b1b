package io.pitlake.vendor.sec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.VendorJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.annotation.Nullable;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A filer's submissions: {@code GET /submissions/CIK##########.json}, then every older file that
 * its {@code filings.files} lists, one element per filing. The split's key is the CIK; its dates
 * are not used (EDGAR serves a filer's whole history).
 *
 * <p>An element is one row of EDGAR's columnar {@code filings.recent} (or of an older file): every
 * column at that index, in EDGAR's order, plus {@code cik} as a number, e.g. {@code
 * {"cik":1318605,"accessionNumber":"0000950170-22-000796","filingDate":"2022-02-07",...}}. New
 * columns are kept as they come; {@link SecFiling} reads the ones silver needs.
 *
 * <p>Only the first document lists the older files, and the older files do not repeat the CIK, so
 * the cursor of each older file carries, as its own query parameters, the CIK and the names of the
 * files still to read. The cursor is checkpointed with the split, so a restored split continues
 * with exactly the next file; {@link #requestUrl} removes the parameters before the request, so
 * EDGAR never sees them. Each cursor lists one file fewer than the one before, so paging always
 * ends: a file named twice in {@code filings.files} is read once, and a name that is not a plain
 * {@code *.json} file name rejects the page.
 *
 * <p>Older files are read as EDGAR's columnar arrays at the top level; an older file shaped like
 * the first document ({@code filings.recent}) is read too (sec-edgar.md does not show one: INF).
 */
public class SecSubmissionsProtocol extends SecProtocol {

  private static final long serialVersionUID = 1L;

  private static final Logger LOG = LoggerFactory.getLogger(SecSubmissionsProtocol.class);

  /** Query parameter of an older file's cursor: the filer's CIK. Never sent to EDGAR. */
  static final String CIK_PARAMETER = "pitlake.cik";

  /** Query parameter of an older file's cursor: the files after it, comma-separated. */
  static final String REMAINING_PARAMETER = "pitlake.files";

  /** EDGAR's public data host, on which next pages are announced before the source rebases them. */
  private static final HttpUrl DATA_HOST = HttpUrl.get("https://data.sec.gov/submissions/");

  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*\\.json");
  private static final String KEY_COLUMN = "accessionNumber";

  /**
   * @param userAgent the value of {@code sec.user-agent}
   */
  public SecSubmissionsProtocol(String userAgent) {
    super(userAgent);
  }

  @Override
  public HttpUrl firstPage(HttpUrl baseUrl, RestSplit split) {
    SecCik cik = SecCik.parse(split.key());
    return baseUrl
        .newBuilder()
        .addPathSegment("submissions")
        .addPathSegment(cik.fileStem() + ".json")
        .build();
  }

  @Override
  public HttpUrl requestUrl(HttpUrl cursor) {
    return cursor
        .newBuilder()
        .removeAllQueryParameters(CIK_PARAMETER)
        .removeAllQueryParameters(REMAINING_PARAMETER)
        .build();
  }

  /** Reads a filer's first submissions document; older files need their cursor. */
  @Override
  public ParsedPage parse(String body) throws MalformedPageException {
    return parse(body, DATA_HOST);
  }

  @Override
  public ParsedPage parse(String body, HttpUrl cursor) throws MalformedPageException {
    JsonNode root = readObject(body);
    String cikParameter = cursor.queryParameter(CIK_PARAMETER);
    if (cikParameter != null) {
      SecCik cik = cikFromCursor(cikParameter);
      JsonNode columns = root.path("filings").path("recent");
      List<String> rows = rows(cik, columns.isMissingNode() ? root : columns);
      List<String> remaining = splitNames(cursor.queryParameter(REMAINING_PARAMETER));
      return new ParsedPage(rows, next(cursor, cik, remaining));
    }
    JsonNode cikNode = root.get("cik");
    if (cikNode == null || !(cikNode.isTextual() || cikNode.isIntegralNumber())) {
      throw new MalformedPageException(
          "SEC submissions has no cik: it is not a filer's submissions document");
    }
    SecCik cik;
    try {
      cik = SecCik.parse(cikNode.asText());
    } catch (IllegalArgumentException e) {
      throw new MalformedPageException("SEC submissions cik is invalid: " + e.getMessage(), e);
    }
    JsonNode recent = root.path("filings").path("recent");
    if (!recent.isObject()) {
      throw new MalformedPageException("SEC submissions has no object filings.recent");
    }
    List<String> rows = rows(cik, recent);
    String current = cursor.pathSegments().get(cursor.pathSize() - 1);
    return new ParsedPage(rows, next(cursor, cik, olderFiles(root.path("filings"), current)));
  }

  private static JsonNode readObject(String body) throws MalformedPageException {
    JsonNode root;
    try {
      root = VendorJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedPageException("SEC submissions is not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedPageException(
          "SEC submissions is not a JSON object but "
              + (root == null ? "empty" : root.getNodeType()));
    }
    return root;
  }

  private static SecCik cikFromCursor(String text) throws MalformedPageException {
    try {
      return SecCik.parse(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedPageException(
          "SEC submissions cursor has an invalid " + CIK_PARAMETER + ": " + e.getMessage(), e);
    }
  }

  /** One element per index of EDGAR's parallel arrays. */
  private static List<String> rows(SecCik cik, JsonNode columns) throws MalformedPageException {
    JsonNode keys = columns.get(KEY_COLUMN);
    if (keys == null || !keys.isArray()) {
      throw new MalformedPageException(
          "SEC submissions filings have no array " + KEY_COLUMN + ": not EDGAR's columnar filings");
    }
    int count = keys.size();
    List<Map.Entry<String, JsonNode>> arrays = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = columns.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> column = it.next();
      if (!column.getValue().isArray()) {
        continue;
      }
      if (column.getValue().size() != count) {
        throw new MalformedPageException(
            String.format(
                "SEC submissions column %s has %d values but %s has %d: the columns must be"
                    + " parallel",
                column.getKey(), column.getValue().size(), KEY_COLUMN, count));
      }
      arrays.add(column);
    }
    List<String> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ObjectNode row = VendorJson.MAPPER.createObjectNode();
      row.put("cik", cik.value());
      for (Map.Entry<String, JsonNode> column : arrays) {
        row.set(column.getKey(), column.getValue().get(i));
      }
      rows.add(VendorJson.compact(row));
    }
    return rows;
  }

  /** The names in {@code filings.files}, each once, without the document being read. */
  private static List<String> olderFiles(JsonNode filings, String current)
      throws MalformedPageException {
    JsonNode files = filings.get("files");
    if (files == null || files.isNull()) {
      return List.of();
    }
    if (!files.isArray()) {
      throw new MalformedPageException(
          "SEC submissions filings.files is not an array but " + files.getNodeType());
    }
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < files.size(); i++) {
      String name = files.get(i).path("name").asText("");
      if (!FILE_NAME.matcher(name).matches()) {
        throw new MalformedPageException(
            String.format(
                "SEC submissions filings.files[%d].name '%s' is not a plain .json file name",
                i, name));
      }
      if (name.equals(current) || !names.add(name)) {
        LOG.warn("SEC submissions {}: filings.files repeats {}; it is read once", current, name);
      }
    }
    names.remove(current);
    return List.copyOf(names);
  }

  @Nullable
  private static String next(HttpUrl cursor, SecCik cik, List<String> remaining) {
    if (remaining.isEmpty()) {
      return null;
    }
    HttpUrl.Builder next =
        cursor
            .resolve(remaining.get(0))
            .newBuilder()
            .query(null)
            .addQueryParameter(CIK_PARAMETER, Long.toString(cik.value()));
    if (remaining.size() > 1) {
      next.addQueryParameter(
          REMAINING_PARAMETER, String.join(",", remaining.subList(1, remaining.size())));
    }
    return next.build().toString();
  }

  private static List<String> splitNames(@Nullable String joined) throws MalformedPageException {
    if (joined == null || joined.isEmpty()) {
      return List.of();
    }
    List<String> names = Arrays.asList(joined.split(","));
    for (String name : names) {
      if (!FILE_NAME.matcher(name).matches()) {
        throw new MalformedPageException(
            String.format(
                "SEC submissions cursor lists '%s', which is not a plain .json file name", name));
      }
    }
    return names;
  }
}
