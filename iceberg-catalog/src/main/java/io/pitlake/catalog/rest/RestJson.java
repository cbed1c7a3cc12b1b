package io.pitlake.catalog.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.shaded.com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.apache.iceberg.shaded.com.fasterxml.jackson.annotation.PropertyAccessor;
import org.apache.iceberg.shaded.com.fasterxml.jackson.databind.DeserializationFeature;
import org.apache.iceberg.shaded.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.iceberg.shaded.com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * The JSON mapping of Iceberg's REST messages, set up as Iceberg's own client does.
 *
 * <p>Iceberg registers its REST (de)serializers on the Jackson copy relocated inside the Iceberg
 * runtime jar, so this class uses that copy on purpose: the request and response classes, the
 * parsers and the mapper then all agree, and pitlake needs no second Iceberg core on its class
 * path.
 */
final class RestJson {

  private static final ObjectMapper MAPPER = create();

  private RestJson() {}

  private static ObjectMapper create() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    mapper.setPropertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy());
    RESTSerializers.registerAll(mapper);
    return mapper;
  }

  static <T> T read(InputStream body, Class<T> type) {
    try {
      return MAPPER.readValue(body, type);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "request body is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  static byte[] write(Object response) {
    try {
      return MAPPER.writeValueAsBytes(response);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise " + response.getClass().getSimpleName(), e);
    }
  }
}
