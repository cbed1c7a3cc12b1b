package io.pitlake.catalog.rest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.catalog.ViewCatalog;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes Iceberg REST catalog requests ({@code /v1/...}, no prefix) to Iceberg's {@link
 * CatalogHandlers} and writes their responses, mapping Iceberg's exceptions to the protocol's error
 * codes. The config response lists exactly the endpoints routed here, so clients never call one
 * that is missing.
 */
final class RestCatalogRoutes implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(RestCatalogRoutes.class);

  private static final List<Endpoint> TABLE_ENDPOINTS =
      List.of(
          Endpoint.V1_LIST_NAMESPACES,
          Endpoint.V1_LOAD_NAMESPACE,
          Endpoint.V1_NAMESPACE_EXISTS,
          Endpoint.V1_CREATE_NAMESPACE,
          Endpoint.V1_UPDATE_NAMESPACE,
          Endpoint.V1_DELETE_NAMESPACE,
          Endpoint.V1_LIST_TABLES,
          Endpoint.V1_LOAD_TABLE,
          Endpoint.V1_TABLE_EXISTS,
          Endpoint.V1_CREATE_TABLE,
          Endpoint.V1_UPDATE_TABLE,
          Endpoint.V1_DELETE_TABLE,
          Endpoint.V1_RENAME_TABLE,
          Endpoint.V1_REGISTER_TABLE,
          Endpoint.V1_REPORT_METRICS);

  private static final List<Endpoint> VIEW_ENDPOINTS =
      List.of(
          Endpoint.V1_LIST_VIEWS,
          Endpoint.V1_LOAD_VIEW,
          Endpoint.V1_VIEW_EXISTS,
          Endpoint.V1_CREATE_VIEW,
          Endpoint.V1_UPDATE_VIEW,
          Endpoint.V1_DELETE_VIEW,
          Endpoint.V1_RENAME_VIEW);

  private final Catalog catalog;
  private final SupportsNamespaces namespaces;
  private final ViewCatalog views;
  private final CatalogAuth auth;

  RestCatalogRoutes(Catalog catalog, CatalogAuth auth) {
    if (!(catalog instanceof SupportsNamespaces supportsNamespaces)) {
      throw new IllegalArgumentException(
          "catalog " + catalog.name() + " does not support namespaces: it cannot be served");
    }
    this.catalog = catalog;
    this.namespaces = supportsNamespaces;
    this.views = catalog instanceof ViewCatalog viewCatalog ? viewCatalog : null;
    this.auth = auth;
  }

  /** A request's method, path segments after {@code /v1}, query and body. */
  private record Call(
      String method, List<String> path, Map<String, String> query, InputStream body) {
    boolean is(String verb, int segments) {
      return method.equals(verb) && path.size() == segments;
    }

    /** Whether a listing asks for pages (Iceberg's handlers need a page size then). */
    boolean paged() {
      return query.get("pageSize") != null;
    }

    String segment(int i) {
      return path.get(i);
    }

    Namespace namespace() {
      return RESTUtil.decodeNamespace(path.get(1));
    }

    TableIdentifier identifier() {
      return TableIdentifier.of(namespace(), RESTUtil.decodeString(path.get(3)));
    }
  }

  /** A response: status and, unless 204, a body. */
  private record Reply(int status, Object body) {
    static Reply ok(Object body) {
      return new Reply(200, body);
    }

    static Reply noContent() {
      return new Reply(204, null);
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Reply reply;
      byte[] body;
      try {
        // Who asks comes before what is asked: an unauthenticated request learns nothing, not
        // even whether a path exists, and reaches no handler that could change the catalog.
        CatalogRole role = auth.roleOf(exchange.getRequestHeaders().getFirst("Authorization"));
        Call call = parse(exchange);
        auth.authorize(role, call.method(), call.path());
        reply = route(call);
        body = reply.body() == null ? null : RestJson.write(reply.body());
      } catch (RuntimeException e) {
        reply = error(e);
        body =
            ErrorResponseParser.toJson((ErrorResponse) reply.body())
                .getBytes(StandardCharsets.UTF_8);
        if (reply.status() == 401) {
          exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"pitlake\"");
        }
      }
      send(exchange, reply.status(), body);
    }
  }

  private static Call parse(HttpExchange exchange) {
    String rawPath = exchange.getRequestURI().getRawPath();
    List<String> segments = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        segments.add(s);
      }
    }
    if (segments.isEmpty() || !segments.get(0).equals("v1")) {
      throw new NotFound("no such endpoint: " + rawPath);
    }
    Map<String, String> query = new LinkedHashMap<>();
    String rawQuery = exchange.getRequestURI().getRawQuery();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      query.putAll(RESTUtil.decodeFormData(rawQuery));
    }
    return new Call(
        exchange.getRequestMethod(),
        List.copyOf(segments.subList(1, segments.size())),
        query,
        exchange.getRequestBody());
  }

  private Reply route(Call call) {
    String first = call.path().isEmpty() ? "" : call.segment(0);
    switch (first) {
      case "config":
        if (call.is("GET", 1)) {
          return Reply.ok(config());
        }
        break;
      case "tables":
        if (call.is("POST", 2) && call.segment(1).equals("rename")) {
          CatalogHandlers.renameTable(
              catalog, RestJson.read(call.body(), RenameTableRequest.class));
          return Reply.noContent();
        }
        break;
      case "views":
        if (views != null && call.is("POST", 2) && call.segment(1).equals("rename")) {
          CatalogHandlers.renameView(views, RestJson.read(call.body(), RenameTableRequest.class));
          return Reply.noContent();
        }
        break;
      case "namespaces":
        return namespaceRoute(call);
      default:
        break;
    }
    throw new NotFound(
        "no such endpoint: " + call.method() + " /v1/" + String.join("/", call.path()));
  }

  private Reply namespaceRoute(Call call) {
    if (call.is("GET", 1)) {
      Namespace parent =
          call.query().containsKey("parent")
              ? RESTUtil.namespaceFromQueryParam(call.query().get("parent"))
              : Namespace.empty();
      return Reply.ok(
          call.paged()
              ? CatalogHandlers.listNamespaces(
                  namespaces, parent, call.query().get("pageToken"), call.query().get("pageSize"))
              : CatalogHandlers.listNamespaces(namespaces, parent));
    }
    if (call.is("POST", 1)) {
      return Reply.ok(
          CatalogHandlers.createNamespace(
              namespaces, RestJson.read(call.body(), CreateNamespaceRequest.class)));
    }
    if (call.path().size() == 2) {
      Namespace ns = call.namespace();
      switch (call.method()) {
        case "GET":
          return Reply.ok(CatalogHandlers.loadNamespace(namespaces, ns));
        case "HEAD":
          CatalogHandlers.namespaceExists(namespaces, ns);
          return Reply.noContent();
        case "DELETE":
          CatalogHandlers.dropNamespace(namespaces, ns);
          return Reply.noContent();
        default:
          break;
      }
    }
    if (call.path().size() >= 3) {
      Namespace ns = call.namespace();
      switch (call.segment(2)) {
        case "properties":
          if (call.is("POST", 3)) {
            return Reply.ok(
                CatalogHandlers.updateNamespaceProperties(
                    namespaces,
                    ns,
                    RestJson.read(call.body(), UpdateNamespacePropertiesRequest.class)));
          }
          break;
        case "register":
          if (call.is("POST", 3)) {
            return Reply.ok(
                CatalogHandlers.registerTable(
                    catalog, ns, RestJson.read(call.body(), RegisterTableRequest.class)));
          }
          break;
        case "tables":
          return tableRoute(call, ns);
        case "views":
          if (views != null) {
            return viewRoute(call, ns);
          }
          break;
        default:
          break;
      }
    }
    throw new NotFound(
        "no such endpoint: " + call.method() + " /v1/" + String.join("/", call.path()));
  }

  private Reply tableRoute(Call call, Namespace ns) {
    if (call.is("GET", 3)) {
      return Reply.ok(
          call.paged()
              ? CatalogHandlers.listTables(
                  catalog, ns, call.query().get("pageToken"), call.query().get("pageSize"))
              : CatalogHandlers.listTables(catalog, ns));
    }
    if (call.is("POST", 3)) {
      CreateTableRequest request = RestJson.read(call.body(), CreateTableRequest.class);
      return Reply.ok(
          request.stageCreate()
              ? CatalogHandlers.stageTableCreate(catalog, ns, request)
              : CatalogHandlers.createTable(catalog, ns, request));
    }
    if (call.is("POST", 5) && call.segment(4).equals("metrics")) {
      return Reply.noContent();
    }
    if (call.path().size() == 4) {
      TableIdentifier table = call.identifier();
      switch (call.method()) {
        case "GET":
          return Reply.ok(CatalogHandlers.loadTable(catalog, table));
        case "HEAD":
          CatalogHandlers.tableExists(catalog, table);
          return Reply.noContent();
        case "POST":
          return Reply.ok(
              CatalogHandlers.updateTable(
                  catalog, table, RestJson.read(call.body(), UpdateTableRequest.class)));
        case "DELETE":
          if (Boolean.parseBoolean(call.query().get("purgeRequested"))) {
            CatalogHandlers.purgeTable(catalog, table);
          } else {
            CatalogHandlers.dropTable(catalog, table);
          }
          return Reply.noContent();
        default:
          break;
      }
    }
    throw new NotFound(
        "no such endpoint: " + call.method() + " /v1/" + String.join("/", call.path()));
  }

  private Reply viewRoute(Call call, Namespace ns) {
    if (call.is("GET", 3)) {
      return Reply.ok(
          call.paged()
              ? CatalogHandlers.listViews(
                  views, ns, call.query().get("pageToken"), call.query().get("pageSize"))
              : CatalogHandlers.listViews(views, ns));
    }
    if (call.is("POST", 3)) {
      return Reply.ok(
          CatalogHandlers.createView(
              views, ns, RestJson.read(call.body(), CreateViewRequest.class)));
    }
    if (call.path().size() == 4) {
      TableIdentifier view = call.identifier();
      switch (call.method()) {
        case "GET":
          return Reply.ok(CatalogHandlers.loadView(views, view));
        case "HEAD":
          CatalogHandlers.viewExists(views, view);
          return Reply.noContent();
        case "POST":
          return Reply.ok(
              CatalogHandlers.updateView(
                  views, view, RestJson.read(call.body(), UpdateTableRequest.class)));
        case "DELETE":
          CatalogHandlers.dropView(views, view);
          return Reply.noContent();
        default:
          break;
      }
    }
    throw new NotFound(
        "no such endpoint: " + call.method() + " /v1/" + String.join("/", call.path()));
  }

  private ConfigResponse config() {
    List<Endpoint> endpoints = new ArrayList<>(TABLE_ENDPOINTS);
    if (views != null) {
      endpoints.addAll(VIEW_ENDPOINTS);
    }
    return ConfigResponse.builder().withEndpoints(endpoints).build();
  }

  private static Reply error(RuntimeException e) {
    int status = status(e);
    if (status >= 500) {
      LOG.warn("REST catalog request failed", e);
    }
    return new Reply(
        status,
        ErrorResponse.builder()
            .responseCode(status)
            .withType(e instanceof NotFound ? "NotFoundException" : e.getClass().getSimpleName())
            .withMessage(e.getMessage())
            .build());
  }

  private static int status(RuntimeException e) {
    int status;
    if (e instanceof NotFound
        || e instanceof NoSuchNamespaceException
        || e instanceof NoSuchTableException
        || e instanceof NoSuchViewException) {
      status = 404;
    } else if (e instanceof AlreadyExistsException
        || e instanceof CommitFailedException
        || e instanceof NamespaceNotEmptyException) {
      status = 409;
    } else if (e instanceof IllegalArgumentException || e instanceof ValidationException) {
      status = 400;
    } else if (e instanceof NotAuthorizedException) {
      status = 401;
    } else if (e instanceof ForbiddenException) {
      status = 403;
    } else if (e instanceof UnsupportedOperationException) {
      status = 406;
    } else {
      status = 500;
    }
    return status;
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    if (body == null || exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** A path or method this server does not route. */
  private static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message);
    }
  }
}
