package io.pitlake.vendor.sec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitlake.source.rest.MalformedPageException;
import io.pitlake.source.rest.ParsedPage;
import io.pitlake.source.rest.split.RestSplit;
import io.pitlake.vendor.VendorJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.Nullable;
import okhttp3.HttpUrl;

/**
 * All XBRL facts of one filer: {@code GET /api/xbrl/companyfacts/CIK##########.json}, one element
 * per reported value. The split's key is the CIK; its dates are not used.
 *
 * <p>The document is one object of several megabytes (SNOW 2.5 MB, TSLA about 3 MB; sec-edgar.md)
 * whose bulk is nested {@code facts.<taxonomy>.<concept>.units.<unit>[]}. It is read with Jackson's
 * streaming parser, so only the small fact objects are materialized and the concepts' long {@code
 * description} texts are skipped, never built into a tree.
 *
 * <p>An element flattens one fact with where it sits: {@code {"cik":1640147,"entityName":"SNOWFLAKE
 * INC.","taxonomy":"us-gaap","concept":"CashEquivalentsAtCarryingValue", "label":"Cash Equivalents,
 * at Carrying Value","unit":"USD","end":"2023-01-31","val":398346000,
 * "accn":"0001640147-23-000030","fy":2023,"fp":"FY","form":"10-K","filed":"2023-03-29"}}. The
 * fact's own fields follow in EDGAR's order with numbers as sent; a fact field that would collide
 * with one of the added names rejects the page rather than being overwritten. {@link
 * SecFactVersion} reads the elements; every fact is kept, including comparatives that repeat a
 * value and restatements, which differ from an earlier value for the same period.
 */
public class SecCompanyFactsProtocol extends SecProtocol {

  private static final long serialVersionUID = 1L;

  private static final Set<String> ADDED =
      Set.of("cik", "entityName", "taxonomy", "concept", "label", "unit");

  /**
   * @param userAgent the value of {@code sec.user-agent}
   */
  public SecCompanyFactsProtocol(String userAgent) {
    super(userAgent);
  }

  @Override
  public HttpUrl firstPage(HttpUrl baseUrl, RestSplit split) {
    SecCik cik = SecCik.parse(split.key());
    return baseUrl
        .newBuilder()
        .addPathSegments("api/xbrl/companyfacts")
        .addPathSegment(cik.fileStem() + ".json")
        .build();
  }

  @Override
  public ParsedPage parse(String body) throws MalformedPageException {
    try (JsonParser parser = VendorJson.MAPPER.createParser(body)) {
      return read(parser);
    } catch (JsonProcessingException e) {
      throw new MalformedPageException(
          "SEC companyfacts is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedPageException("SEC companyfacts cannot be read: " + e.getMessage(), e);
    }
  }

  private static ParsedPage read(JsonParser parser) throws IOException, MalformedPageException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw new MalformedPageException("SEC companyfacts is not a JSON object");
    }
    JsonNode cik = null;
    String entityName = null;
    List<Fact> facts = new ArrayList<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "cik" -> cik = parser.readValueAsTree();
        case "entityName" -> entityName = textOrSkip(parser, value);
        case "facts" -> readTaxonomies(parser, facts);
        default -> parser.skipChildren();
      }
    }
    if (parser.nextToken() != null) {
      throw new MalformedPageException("SEC companyfacts has content after its object");
    }
    if (cik == null || !(cik.isIntegralNumber() || cik.isTextual())) {
      throw new MalformedPageException("SEC companyfacts has no cik");
    }
    long cikValue;
    try {
      cikValue = SecCik.parse(cik.asText()).value();
    } catch (IllegalArgumentException e) {
      throw new MalformedPageException("SEC companyfacts cik is invalid: " + e.getMessage(), e);
    }
    List<String> elements = new ArrayList<>(facts.size());
    for (Fact fact : facts) {
      ObjectNode element = VendorJson.MAPPER.createObjectNode();
      element.put("cik", cikValue);
      element.put("entityName", entityName);
      element.put("taxonomy", fact.taxonomy());
      element.put("concept", fact.concept());
      element.put("label", fact.label());
      element.put("unit", fact.unit());
      element.setAll(fact.fields());
      elements.add(VendorJson.compact(element));
    }
    return new ParsedPage(elements, null);
  }

  private static void readTaxonomies(JsonParser parser, List<Fact> facts)
      throws IOException, MalformedPageException {
    expectObject(parser, "facts");
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String taxonomy = parser.currentName();
      parser.nextToken();
      expectObject(parser, "facts." + taxonomy);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String concept = parser.currentName();
        parser.nextToken();
        readConcept(parser, taxonomy, concept, facts);
      }
    }
  }

  /** Reads one concept; its label may come before or after its units. */
  private static void readConcept(
      JsonParser parser, String taxonomy, String concept, List<Fact> facts)
      throws IOException, MalformedPageException {
    String where = "facts." + taxonomy + "." + concept;
    expectObject(parser, where);
    String label = null;
    List<Fact> ofConcept = new ArrayList<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("label".equals(field)) {
        label = textOrSkip(parser, value);
      } else if ("units".equals(field)) {
        readUnits(parser, taxonomy, concept, where, ofConcept);
      } else {
        parser.skipChildren();
      }
    }
    for (Fact fact : ofConcept) {
      facts.add(new Fact(taxonomy, concept, label, fact.unit(), fact.fields()));
    }
  }

  private static void readUnits(
      JsonParser parser, String taxonomy, String concept, String where, List<Fact> ofConcept)
      throws IOException, MalformedPageException {
    expectObject(parser, where + ".units");
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String unit = parser.currentName();
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new MalformedPageException(
            String.format("SEC companyfacts %s.units.%s is not an array", where, unit));
      }
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        ObjectNode fields = parser.readValueAsTree();
        for (String added : ADDED) {
          if (fields.has(added)) {
            throw new MalformedPageException(
                String.format(
                    "SEC companyfacts %s.units.%s has a fact with a field %s, which pitlake adds"
                        + " itself",
                    where, unit, added));
          }
        }
        ofConcept.add(new Fact(taxonomy, concept, null, unit, fields));
      }
      if (parser.currentToken() != JsonToken.END_ARRAY) {
        throw new MalformedPageException(
            String.format(
                "SEC companyfacts %s.units.%s holds a value that is not a fact", where, unit));
      }
    }
  }

  /** The string at the parser, or {@code null} for any other value, which is skipped. */
  @Nullable
  private static String textOrSkip(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    parser.skipChildren();
    return null;
  }

  private static void expectObject(JsonParser parser, String where) throws MalformedPageException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new MalformedPageException(
          String.format(
              "SEC companyfacts %s is not an object but %s", where, parser.currentToken()));
    }
  }

  /** One fact and where it sits, until the document's cik and entityName are known. */
  private record Fact(
      String taxonomy, String concept, @Nullable String label, String unit, ObjectNode fields) {}
}
