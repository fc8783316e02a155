package dev.integrationagent.connectors.conformance;

import static java.util.Objects.requireNonNull;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.atlassian.oai.validator.whitelist.rule.WhitelistRule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.testkit.FakeServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Checks recorded traffic ({@link FakeServer#traffic()}) against a vendor's OpenAPI description
 * kept in the test resources ({@code openapi/README.md} says where each came from): the request
 * a connector sent, and the answer a fake gave, each as the description allows it. A finding is
 * one line naming the exchange, the validator's key and its message.
 *
 * <p>Known deviations are accepted only by name and with a reason, for the places where the
 * vendor's live API and its own description disagree (the real API is what the fakes follow).
 */
public final class OpenApiConformance {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEBHOOKS = "/x-webhooks/";
  private final OpenApiInteractionValidator validator;

  private OpenApiConformance(OpenApiInteractionValidator validator) {
    this.validator = validator;
  }

  /** A validator for the description at {@code resource} on the test class path. */
  public static OpenApiConformance load(String resource, Map<String, WhitelistRule> deviations) {
    requireNonNull(resource, "resource");
    String spec;
    try (InputStream in = OpenApiConformance.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      spec = withWebhooksAsPaths(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ValidationErrorsWhitelist whitelist = ValidationErrorsWhitelist.create();
    for (Map.Entry<String, WhitelistRule> d : deviations.entrySet()) {
      whitelist = whitelist.withRule(d.getKey(), d.getValue());
    }
    return new OpenApiConformance(OpenApiInteractionValidator.createForInlineApiSpecification(spec)
        .withWhitelist(whitelist)
        // allOf is merged into one schema first: the validator treats every object schema as
        // closed (no properties beyond those it names), which an unmerged allOf always breaks
        .withResolveCombinators(true)
        .build());
  }

  /**
   * GitHub describes its webhook deliveries under {@code x-webhooks}, which the validator does not
   * read: each becomes the path {@code /x-webhooks/{name}}, so that a delivery can be checked as
   * the POST it is.
   */
  private static String withWebhooksAsPaths(String spec) throws IOException {
    ObjectNode root = (ObjectNode) JSON.readTree(spec);
    JsonNode webhooks = root.path("x-webhooks");
    if (!webhooks.isObject()) {
      return spec;
    }
    ObjectNode paths = (ObjectNode) root.get("paths");
    webhooks.properties().forEach(w -> paths.set(WEBHOOKS + w.getKey(), w.getValue()));
    return JSON.writeValueAsString(root);
  }

  /**
   * Findings about a webhook delivery (headers and body) against the description's
   * {@code x-webhooks} entry {@code name} ({@code "issues-edited"}).
   */
  public List<String> webhookFindings(String name, Map<String, List<String>> headers, byte[] body) {
    SimpleRequest.Builder b = new SimpleRequest.Builder("POST", WEBHOOKS + name);
    headers.forEach(b::withHeader);
    b.withBody(new String(body, StandardCharsets.UTF_8));
    List<String> out = new ArrayList<>();
    for (ValidationReport.Message m : validator.validateRequest(b.build()).getMessages()) {
      if (m.getLevel() == ValidationReport.Level.ERROR) {
        out.add("webhook " + name + ": [" + m.getKey() + "] " + m.getMessage()
            + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo()));
      }
    }
    return out;
  }

  /** Findings about every exchange; empty when all conform. */
  public List<String> findings(List<FakeServer.Exchange> traffic) {
    List<String> out = new ArrayList<>();
    traffic.forEach(e -> out.addAll(findings(e)));
    return out;
  }

  /** Findings about one exchange: its request and its response. */
  public List<String> findings(FakeServer.Exchange exchange) {
    return findings(exchange, false);
  }

  /**
   * Findings about the answers only, for traffic whose requests are wrong on purpose (a test of
   * how a fake refuses a bad request).
   */
  public List<String> answerFindings(List<FakeServer.Exchange> traffic) {
    List<String> out = new ArrayList<>();
    traffic.forEach(e -> out.addAll(findings(e, true)));
    return out;
  }

  private List<String> findings(FakeServer.Exchange exchange, boolean answersOnly) {
    ValidationReport report = validator.validate(request(exchange.request()), response(exchange.response()));
    List<String> out = new ArrayList<>();
    for (ValidationReport.Message m : report.getMessages()) {
      if (m.getLevel() == ValidationReport.Level.ERROR && (!answersOnly || m.getKey().startsWith("validation.response"))) {
        out.add(exchange.request().method() + " " + exchange.request().url().encodedPath()
            + (exchange.request().url().encodedQuery() == null ? "" : "?" + exchange.request().url().encodedQuery())
            + " -> " + exchange.response().status() + ": [" + m.getKey() + "] " + m.getMessage()
            + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo()));
      }
    }
    return out;
  }

  private static Request request(FakeServer.Request r) {
    HttpUrl url = r.url();
    SimpleRequest.Builder b = new SimpleRequest.Builder(r.method(), url.encodedPath());
    for (String name : url.queryParameterNames()) {
      b.withQueryParam(name, url.queryParameterValues(name).stream().map(v -> v == null ? "" : v).toList());
    }
    for (String name : r.headers().names()) {
      b.withHeader(name, r.headers().values(name));
    }
    if (!r.body().isEmpty()) {
      b.withBody(r.body());
    }
    return b.build();
  }

  private static com.atlassian.oai.validator.model.Response response(FakeServer.Response r) {
    SimpleResponse.Builder b = SimpleResponse.Builder.status(r.status());
    r.headers().forEach(b::withHeader);
    if (!r.body().isEmpty()) {
      b.withBody(r.body());
    }
    return b.build();
  }
}
