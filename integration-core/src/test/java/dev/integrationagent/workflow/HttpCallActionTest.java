package dev.integrationagent.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.event.ChangeEvent;
import dev.integrationagent.api.workflow.ActionContext;
import dev.integrationagent.api.workflow.ActionResult;
import dev.integrationagent.http.HttpException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.annotation.Nullable;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpCallActionTest {
  /** The value NoSecretInOutputTest looks for in the whole run's log; used here as every credential. */
  static final String SECRET = "ghp_PLANTEDs3cr3tV4lue9876";

  static final ObjectMapper JSON = new ObjectMapper();

  @StartStop final MockWebServer server = new MockWebServer();
  @StartStop final MockWebServer other = new MockWebServer();

  /** The little an action needs of a run: the ids behind its idempotency key and a clock. */
  record StubContext(String executionId, String stepId, Clock clock) implements ActionContext {
    StubContext() {
      this("exec-1", "notify", Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC));
    }

    @Override public String workflowId() { return "triage"; }
    @Override public int workflowVersion() { return 1; }
    @Override public int attempt() { return 1; }
    @Override public boolean outcomeUnknown() { return false; }
    @Override public @Nullable ChangeEvent trigger() { return null; }
    @Override public @Nullable String connectionId() { return null; }
    @Override public @Nullable WorkItem item() { return null; }
    @Override public JsonNode variables() { return JSON.createObjectNode(); }
  }

  final StubContext context = new StubContext();

  private String serverHost() {
    return server.url("/").host();
  }

  /** The loopback test server is allowed explicitly, as a host application would allow an internal endpoint. */
  private HttpCallAction.Builder allowingServer() {
    return HttpCallAction.builder().allowPrivateHost(serverHost());
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static JsonNode get(String url) {
    return JSON.createObjectNode().put("url", url);
  }

  private static Dns resolvingTo(String... addresses) {
    return hostname -> {
      List<InetAddress> out = new java.util.ArrayList<>();
      for (String a : addresses) {
        out.add(InetAddress.getByAddress(hostname, InetAddress.getByName(a).getAddress()));
      }
      return out;
    };
  }

  private IntegrationException failureOf(HttpCallAction action, JsonNode params) {
    return catchThrowableOfType(IntegrationException.class, () -> action.execute(context, params));
  }

  private static String everythingPrinted(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return e + "\n" + trace;
  }

  @Test
  void postsJsonWithHeadersAndIdempotencyKeyAndReturnsStatusHeadersAndBody() throws Exception {
    server.enqueue(new MockResponse.Builder().code(201).addHeader("Content-Type", "application/json")
        .addHeader("Location", "/issues/7").addHeader("ETag", "\"v1\"").addHeader("X-Internal", "hidden")
        .body("{\"id\":7,\"title\":\"Crash\"}").build());
    JsonNode params = json("{\"method\":\"POST\",\"url\":\"" + server.url("/issues?draft=false") + "\","
        + "\"headers\":{\"X-Trace\":\"t-1\",\"Accept\":\"application/json\"},"
        + "\"body\":{\"title\":\"Crash\",\"labels\":[\"bug\"]}}");

    ActionResult result = allowingServer().build().execute(context, params);

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/issues");
    assertThat(request.getUrl().queryParameter("draft")).isEqualTo("false");
    assertThat(request.getHeaders().get("X-Trace")).isEqualTo("t-1");
    assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo("exec-1:notify");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(json(request.getBody().utf8())).isEqualTo(json("{\"title\":\"Crash\",\"labels\":[\"bug\"]}"));

    JsonNode out = result.output();
    assertThat(out.path("status").asInt()).isEqualTo(201);
    assertThat(out.path("body")).isEqualTo(json("{\"id\":7,\"title\":\"Crash\"}"));
    assertThat(out.path("headers").path("location").asText()).isEqualTo("/issues/7");
    assertThat(out.path("headers").path("etag").asText()).isEqualTo("\"v1\"");
    assertThat(out.path("headers").path("content-type").asText()).isEqualTo("application/json");
    assertThat(out.path("headers").has("x-internal")).isFalse();
    assertThat(out.path("truncated").asBoolean()).isFalse();
    assertThat(result.message()).isEqualTo("POST " + serverHost() + ":" + server.getPort() + " answered HTTP 201");
  }

  @Test
  void stringBodyIsSentAsTextUnlessContentTypeSaysOtherwiseAndTextAnswerIsText() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "text/plain").body("ok").build());
    server.enqueue(new MockResponse.Builder().code(204).build());
    HttpCallAction action = allowingServer().build();

    ActionResult text = action.execute(context, json("{\"method\":\"PUT\",\"url\":\"" + server.url("/note")
        + "\",\"body\":\"hello\"}"));
    action.execute(context, json("{\"method\":\"post\",\"url\":\"" + server.url("/form")
        + "\",\"headers\":{\"Content-Type\":\"application/x-www-form-urlencoded\"},\"body\":\"a=1&b=2\"}"));

    RecordedRequest first = server.takeRequest();
    assertThat(first.getHeaders().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(first.getBody().utf8()).isEqualTo("hello");
    RecordedRequest second = server.takeRequest();
    assertThat(second.getMethod()).isEqualTo("POST");
    assertThat(second.getHeaders().values("Content-Type")).containsExactly("application/x-www-form-urlencoded");
    assertThat(second.getBody().utf8()).isEqualTo("a=1&b=2");
    assertThat(text.output().path("body").asText()).isEqualTo("ok");
  }

  @Test
  void hostOffTheAllowListIsRefusedWithoutConnecting() {
    HttpCallAction action = HttpCallAction.builder().allowHost("api.example.com").allowPrivateNetworks().build();

    IntegrationException e = failureOf(action, get(server.url("/hook").toString()));

    assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION);
    assertThat(e.getMessage())
        .contains("host " + serverHost() + " is not on the http.call allow-list")
        .contains("allowHost(\"" + serverHost() + "\")");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void loopbackIsRefusedByDefaultAndAllowedWhenConfigured() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("hi").build());
    server.enqueue(new MockResponse.Builder().code(200).body("hi").build());
    JsonNode params = get(server.url("/ping").toString());

    IntegrationException refused = failureOf(HttpCallAction.builder().allowHost(serverHost()).build(), params);
    assertThat(refused.category()).isEqualTo(ErrorCategory.CONFIGURATION);
    assertThat(refused.getMessage()).contains("loopback").contains("allowPrivateNetworks()");
    assertThat(server.getRequestCount()).isZero();

    ActionResult viaNetworks = HttpCallAction.builder().allowHost(serverHost()).allowPrivateNetworks().build()
        .execute(context, params);
    ActionResult viaHost = HttpCallAction.builder().allowPrivateHost(serverHost()).build().execute(context, params);
    assertThat(viaNetworks.output().path("status").asInt()).isEqualTo(200);
    assertThat(viaHost.output().path("body").asText()).isEqualTo("hi");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @ParameterizedTest(name = "a public name resolving to {0} is refused")
  @ValueSource(strings = {"127.0.0.1", "169.254.169.254", "10.1.2.3", "100.64.0.9", "::1", "fd00::5",
      "::ffff:169.254.169.254"})
  void publicNameResolvingToANonPublicAddressIsRefused(String address) {
    server.enqueue(new MockResponse.Builder().code(200).build());
    HttpCallAction action = HttpCallAction.builder().allowHost("api.example.com").dns(resolvingTo(address)).build();

    IntegrationException e = failureOf(action, get("http://api.example.com:" + server.getPort() + "/x"));

    assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION);
    assertThat(e.getMessage()).contains("api.example.com resolves to").contains("allowPrivateHost");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void ipv4MappedIpv6AddressFromDnsIsJudgedByItsIpv4Address() throws Exception {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254}, 0, mapped, 12, 4);
    InetAddress address = java.net.Inet6Address.getByAddress("mapped.example.com", mapped, -1);
    HttpCallAction action = HttpCallAction.builder().allowHost("mapped.example.com")
        .dns(hostname -> List.of(address)).build();

    IntegrationException e = failureOf(action, get("http://mapped.example.com:" + server.getPort() + "/"));

    assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION);
    assertThat(e.getMessage()).contains("an IPv4-mapped form of a link-local address");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aNameResolvingToPublicAndPrivateAddressesKeepsOnlyThePublicOnes() throws Exception {
    GuardedDns dns = new GuardedDns(resolvingTo("10.0.0.8", "93.184.216.34", "169.254.169.254", "2606:2800:220:1::1"),
        host -> false);

    assertThat(dns.lookup("mixed.example.com")).extracting(InetAddress::getHostAddress)
        .containsExactly("93.184.216.34", "2606:2800:220:1:0:0:0:1");
  }

  @Test
  void theInjectedDnsIsWhatTheCallUsesWhenTheHostMayBePrivate() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("through dns").build());
    HttpCallAction action = HttpCallAction.builder().allowPrivateHost("api.example.com")
        .dns(resolvingTo("127.0.0.1")).build();

    ActionResult result = action.execute(context, get("http://api.example.com:" + server.getPort() + "/x"));

    assertThat(result.output().path("body").asText()).isEqualTo("through dns");
    assertThat(server.takeRequest().getHeaders().get("Host")).isEqualTo("api.example.com:" + server.getPort());
  }

  @ParameterizedTest(name = "validate refuses {0}")
  @CsvSource({
      "http://127.0.0.1/, loopback",
      "http://169.254.169.254/latest/meta-data/, link-local",
      "http://10.0.0.1/, private",
      "http://172.31.255.255/, private",
      "http://192.168.1.1/, private",
      "http://100.100.100.200/, carrier-grade NAT",
      "http://0.0.0.0/, unspecified",
      "http://224.0.0.251/, multicast",
      "http://[::1]/, loopback",
      "http://[::]/, unspecified",
      "http://[fe80::1]/, link-local",
      "http://[fc00::1]/, unique-local",
      "http://[ff02::1]/, multicast",
      "http://[::ffff:127.0.0.1]/, loopback",
      "http://[::ffff:a9fe:a9fe]/, link-local",
      "http://[64:ff9b::a00:1]/, private",
      "http://[2002:7f00:1::]/, loopback",
      "http://[fd12:3456::1]/, unique-local",
      "http://255.255.255.255/, broadcast"})
  void literalNonPublicAddressesAreRefusedEvenWhenOnTheAllowList(String url, String kind) {
    String host = okhttp3.HttpUrl.get(url).host();
    HttpCallAction action = HttpCallAction.builder().allowHost(host).build();

    assertThat(action.validate(get(url))).singleElement().asString()
        .startsWith("url: ").contains(kind).contains("allowPrivateNetworks()");
    IntegrationException e = failureOf(action, get(url));
    assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION);
    assertThat(e.getMessage()).contains("refused before connecting").contains(kind);
  }

  @Test
  void publicLiteralAddressesAndWildcardSubdomainsPassValidation() {
    HttpCallAction action = HttpCallAction.builder().allowHost("93.184.216.34").allowHost("*.example.com").build();

    assertThat(action.validate(get("https://93.184.216.34/x"))).isEmpty();
    assertThat(action.validate(get("https://hooks.example.com/x"))).isEmpty();
    assertThat(action.validate(get("https://a.b.Example.COM/x"))).isEmpty();
    assertThat(action.validate(get("https://example.com/x"))).singleElement().asString()
        .contains("host example.com is not on the http.call allow-list");
    assertThat(action.validate(get("https://evilexample.com/x"))).singleElement().asString()
        .contains("host evilexample.com is not on the http.call allow-list");
  }

  @Test
  void redirectToCloudMetadataIsRefusedAtTheHop() {
    server.enqueue(new MockResponse.Builder().code(302)
        .addHeader("Location", "http://169.254.169.254/latest/meta-data/iam/").build());
    HttpCallAction action = allowingServer().allowHost("169.254.169.254").build();

    IntegrationException e = failureOf(action, get(server.url("/start").toString()));

    assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION);
    assertThat(e.getMessage()).contains("(redirect 1)").contains("169.254.169.254 is a link-local address")
        .doesNotContain("iam");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void redirectToAHostOffTheListIsRefusedAtTheHop() {
    server.enqueue(new MockResponse.Builder().code(301).addHeader("Location", "https://elsewhere.example.net/x").build());

    IntegrationException e = failureOf(allowingServer().build(), get(server.url("/start").toString()));

    assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION);
    assertThat(e.getMessage()).contains("host elsewhere.example.net is not on the http.call allow-list");
  }

  @Test
  void redirectToANameResolvingToMetadataIsRefusedAtTheHop() {
    server.enqueue(new MockResponse.Builder().code(307)
        .addHeader("Location", "http://metadata.example.com:" + server.getPort() + "/").build());
    Dns dns = hostname -> hostname.equals("metadata.example.com")
        ? resolvingToUnchecked("169.254.169.254", hostname) : Dns.SYSTEM.lookup(hostname);
    HttpCallAction action = allowingServer().allowHost("metadata.example.com").dns(dns).build();

    IntegrationException e = failureOf(action, get(server.url("/start").toString()));

    assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION);
    assertThat(e.getMessage()).contains("metadata.example.com resolves to 169.254.169.254");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  private static List<InetAddress> resolvingToUnchecked(String address, String hostname) throws UnknownHostException {
    return List.of(InetAddress.getByAddress(hostname, InetAddress.getByName(address).getAddress()));
  }

  @Test
  void redirect307KeepsMethodAndBody() throws Exception {
    server.enqueue(new MockResponse.Builder().code(307).addHeader("Location", "/moved").build());
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body("{}").build());

    ActionResult result = allowingServer().build().execute(context,
        json("{\"method\":\"POST\",\"url\":\"" + server.url("/start") + "\",\"body\":{\"a\":1}}"));

    server.takeRequest();
    RecordedRequest hop = server.takeRequest();
    assertThat(hop.getUrl().encodedPath()).isEqualTo("/moved");
    assertThat(hop.getMethod()).isEqualTo("POST");
    assertThat(hop.getBody().utf8()).isEqualTo("{\"a\":1}");
    assertThat(hop.getHeaders().get("Idempotency-Key")).isEqualTo("exec-1:notify");
    assertThat(result.message()).contains("after 1 redirect");
  }

  @Test
  void redirect303BecomesGetWithoutBody() throws Exception {
    server.enqueue(new MockResponse.Builder().code(303).addHeader("Location", "/result").build());
    server.enqueue(new MockResponse.Builder().code(200).body("done").build());

    allowingServer().build().execute(context,
        json("{\"method\":\"POST\",\"url\":\"" + server.url("/start") + "\",\"body\":{\"a\":1}}"));

    server.takeRequest();
    RecordedRequest hop = server.takeRequest();
    assertThat(hop.getMethod()).isEqualTo("GET");
    assertThat(hop.getBodySize()).isZero();
    assertThat(hop.getHeaders().get("Content-Type")).isNull();
  }

  @Test
  void credentialHeadersStayBehindWhenARedirectLeavesTheOrigin() throws Exception {
    server.enqueue(new MockResponse.Builder().code(307).addHeader("Location", other.url("/landing").toString()).build());
    other.enqueue(new MockResponse.Builder().code(200).build());

    allowingServer().build().execute(context, json("{\"method\":\"POST\",\"url\":\"" + server.url("/start")
        + "\",\"headers\":{\"Authorization\":\"Bearer " + SECRET + "\",\"X-Api-Key\":\"" + SECRET
        + "\",\"X-Trace\":\"t-2\"},\"body\":{}}"));

    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + SECRET);
    RecordedRequest hop = other.takeRequest();
    assertThat(hop.getHeaders().get("Authorization")).isNull();
    assertThat(hop.getHeaders().get("X-Api-Key")).isNull();
    assertThat(hop.getHeaders().get("X-Trace")).isEqualTo("t-2");
  }

  @Test
  void tooManyRedirectsArePermanent() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/loop" + i).build());
    }

    IntegrationException e = failureOf(allowingServer().maxRedirects(2).build(), get(server.url("/start").toString()));

    assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
    assertThat(e.getMessage()).contains("redirected more than 2 times");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void redirectFromHttpsToHttpIsRefused() {
    List<String> requested = new CopyOnWriteArrayList<>();
    // stands in for a TLS endpoint: answers before any connection is made
    OkHttpClient tlsEndpoint = new OkHttpClient.Builder().addInterceptor(chain -> {
      requested.add(chain.request().url().toString());
      return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(302).message("Found")
          .header("Location", "http://secure.example.com/plain").body(ResponseBody.create(new byte[0], okhttp3.MediaType.get("text/plain"))).build();
    }).build();
    HttpCallAction action = HttpCallAction.builder().allowHost("secure.example.com").client(tlsEndpoint).build();

    IntegrationException e = failureOf(action, get("https://secure.example.com/start"));

    assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
    assertThat(e.getMessage()).contains("redirect from https to plain http").contains("not followed");
    assertThat(requested).containsExactly("https://secure.example.com/start");
  }

  @ParameterizedTest(name = "HTTP {0} is {1}")
  @CsvSource({"500, TRANSIENT", "502, TRANSIENT", "404, NOT_FOUND", "401, AUTHENTICATION", "403, AUTHORIZATION",
      "409, CONFLICT", "422, VALIDATION", "400, VALIDATION", "418, PERMANENT"})
  void failedAnswersAreClassifiedAsConnectorCallsAre(int status, ErrorCategory category) {
    server.enqueue(new MockResponse.Builder().code(status).body("{\"message\":\"nope\"}").build());

    IntegrationException e = failureOf(allowingServer().build(),
        json("{\"method\":\"DELETE\",\"url\":\"" + server.url("/items/42?token=" + SECRET) + "\"}"));

    assertThat(e).isInstanceOf(HttpException.class);
    assertThat(e.category()).isEqualTo(category);
    assertThat(((HttpException) e).status()).isEqualTo(status);
    assertThat(e.getMessage())
        .startsWith("http.call step 'notify': DELETE " + serverHost() + ":" + server.getPort() + " answered HTTP " + status)
        .doesNotContain("/items").doesNotContain("token").doesNotContain(SECRET);
  }

  @Test
  void tooManyRequestsWithRetryAfterIsRateLimitedWithTheWait() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "30").build());

    HttpException e = (HttpException) failureOf(allowingServer().build(), get(server.url("/x").toString()));

    assertThat(e.category()).isEqualTo(ErrorCategory.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(e.getMessage()).contains("wait 30 s");
  }

  @Test
  void unavailableWithRetryAfterDateIsTransientWithTheWait() {
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "Mon, 02 Mar 2026 10:02:00 GMT").build());

    HttpException e = (HttpException) failureOf(allowingServer().build(), get(server.url("/x").toString()));

    assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
    assertThat(e.retryAfter()).contains(Duration.ofMinutes(2));
  }

  @Test
  void credentialsNeverAppearInFailuresOrOutput() {
    server.enqueue(new MockResponse.Builder().code(401).addHeader("WWW-Authenticate", "Bearer realm=\"" + SECRET + "\"")
        .body("{\"message\":\"token " + SECRET + " is revoked\"}").build());
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Set-Cookie", "session=" + SECRET)
        .addHeader("Content-Type", "application/json").body("{\"ok\":true}").build());
    String params = "{\"method\":\"POST\",\"url\":\"" + server.url("/hook?api_key=" + SECRET)
        + "\",\"headers\":{\"Authorization\":\"Bearer " + SECRET + "\",\"Cookie\":\"sid=" + SECRET
        + "\",\"X-Api-Key\":\"" + SECRET + "\"},\"body\":{\"x\":1}}";
    HttpCallAction action = allowingServer().build();

    IntegrationException failure = failureOf(action, json(params));
    ActionResult result = action.execute(context, json(params));

    assertThat(failure.category()).isEqualTo(ErrorCategory.AUTHENTICATION);
    assertThat(everythingPrinted(failure)).doesNotContain(SECRET);
    assertThat(result.output().toString()).doesNotContain(SECRET);
    assertThat(result.output().path("headers").has("set-cookie")).isFalse();
    assertThat(result.message()).doesNotContain(SECRET);
  }

  @Test
  void oversizeBodyIsTruncatedAndSaysSo() {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body("{\"items\":[" + "1,".repeat(100) + "1]}").build());

    ActionResult result = allowingServer().maxResponseBytes(16).build().execute(context, get(server.url("/big").toString()));

    assertThat(result.output().path("truncated").asBoolean()).isTrue();
    assertThat(result.output().path("body").asText()).isEqualTo("{\"items\":[1,1,1,");
    assertThat(result.message()).contains("truncated to 16 bytes");
  }

  @Test
  void emptyAnswerHasNullBody() {
    server.enqueue(new MockResponse.Builder().code(204).build());

    ActionResult result = allowingServer().build().execute(context, json("{\"method\":\"DELETE\",\"url\":\""
        + server.url("/items/1") + "\"}"));

    assertThat(result.output().path("status").asInt()).isEqualTo(204);
    assertThat(result.output().get("body")).isEqualTo(NullNode.getInstance());
  }

  @Test
  void validationNamesEveryBadParameter() {
    HttpCallAction action = HttpCallAction.builder().allowHost("x").build();

    assertThat(action.validate(json("{\"url\":\"ftp://x\"}")))
        .containsExactly("url: must be an absolute http or https URL, was 'ftp://x'");
    assertThat(action.validate(json("{}"))).containsExactly("url: is required: the absolute http or https URL to call");
    assertThat(action.validate(json("{\"method\":\"FETCH\",\"url\":\"https://x/\",\"timeoutSeconds\":0,"
        + "\"headers\":{\"X-N\":5,\"Bad Name\":\"v\",\"Host\":\"y\"},\"body\":7,\"retries\":3}")))
        .containsExactlyInAnyOrder(
            "retries: unknown parameter; http.call takes method, url, headers, body and timeoutSeconds",
            "method: must be one of GET, POST, PUT, PATCH, DELETE, was 'FETCH'",
            "headers.X-N: must be a string, was a number",
            "headers: 'Bad Name' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)",
            "headers.Host: is set by the action or by HTTP itself and cannot be given",
            "body: must be a JSON object or array (sent as application/json) or a string (sent as text/plain), was a number",
            "timeoutSeconds: must be a whole number of seconds from 1 to 120, was 0");
    assertThat(action.validate(json("{\"url\":\"https://x/\",\"body\":{\"a\":1}}")))
        .containsExactly("body: a GET request carries no body; use POST, PUT, PATCH or DELETE, or leave the body out");
    assertThat(action.validate(json("{\"url\":\"https://x/\",\"timeoutSeconds\":121}")))
        .containsExactly("timeoutSeconds: must be a whole number of seconds from 1 to 120, was 121");
    assertThat(action.validate(json("{\"url\":\"https://x/\",\"method\":\"POST\",\"timeoutSeconds\":5,"
        + "\"headers\":{\"Content-Type\":\"application/json\"},\"body\":[1]}"))).isEmpty();
  }

  @Test
  void validationNeverQuotesQueryCredentialsOrHeaderValues() {
    HttpCallAction action = HttpCallAction.builder().allowHost("x").build();

    List<String> problems = action.validate(json("{\"url\":\"https://user:" + SECRET + "@x/p?token=" + SECRET + "\","
        + "\"headers\":{\"Authorization\":\"Bearer " + SECRET + "\\r\\nX-Injected: 1\"}}"));
    List<String> badScheme = action.validate(json("{\"url\":\"gopher://u:" + SECRET + "@x/p?k=" + SECRET + "\"}"));

    assertThat(problems).containsExactlyInAnyOrder(
        "url: must not carry a user name or password (send credentials in a header), was 'https://x/…'",
        "headers.Authorization: the value must be printable ASCII on one line (no line breaks or control characters)");
    assertThat(badScheme).containsExactly("url: must be an absolute http or https URL, was 'gopher://x/…'");
  }

  @Test
  void badUrlIsQuotedWithoutItsPath() {
    HttpCallAction action = HttpCallAction.builder().allowHost("hooks.example.com").build();

    assertThat(action.validate(get("hxxps://hooks.example.com/services/T0/B0/" + SECRET)))
        .containsExactly("url: must be an absolute http or https URL, was 'hxxps://hooks.example.com/…'");
  }

  @Test
  void placeholdersAreCheckedWhenTheStepRuns() {
    HttpCallAction action = HttpCallAction.builder().allowHost("x").build();
    JsonNode templated = json("{\"method\":\"{{ vars.method }}\",\"url\":\"{{ vars.url }}\","
        + "\"headers\":{\"Authorization\":\"Bearer {{ secrets.token }}\"}}");

    assertThat(action.validate(templated)).isEmpty();
    IntegrationException e = failureOf(action, templated);
    assertThat(e.category()).isEqualTo(ErrorCategory.CONFIGURATION);
    assertThat(e.getMessage()).startsWith("http.call step 'notify' has bad parameters: ").contains("method: must be one of");
  }

  @Test
  void builderRejectsBadSettingsQuotingThem() {
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> HttpCallAction.builder().allowHost("*.*.example.com"))).hasMessageContaining("was '*.*.example.com'");
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> HttpCallAction.builder().allowHost("https://example.com"))).hasMessageContaining("was 'https://example.com'");
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> HttpCallAction.builder().maxRedirects(21))).hasMessage("maxRedirects must be from 0 to 20, was 21");
    assertThat(catchThrowableOfType(IllegalArgumentException.class,
        () -> HttpCallAction.builder().defaultTimeout(Duration.ofMinutes(5)))).hasMessageContaining("was PT5M");
  }

  @Test
  void idempotencyKeyOfAnyStepIdIsAValidHeader() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    StubContext odd = new StubContext("exec 9", "étape\n1", context.clock());

    allowingServer().build().execute(odd, get(server.url("/x").toString()));

    assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo("exec%209:%C3%A9tape%0A1");
  }

  @Test
  void stepIdIsQuotedOnOneLine() {
    server.enqueue(new MockResponse.Builder().code(500).build());
    StubContext odd = new StubContext("exec-1", "step\nFAKE LOG LINE", context.clock());

    IntegrationException e = catchThrowableOfType(IntegrationException.class,
        () -> allowingServer().build().execute(odd, get(server.url("/x").toString())));

    assertThat(e.getMessage()).startsWith("http.call step 'step?FAKE LOG LINE': GET").doesNotContain("\n");
  }

  @Test
  void typeIsHttpCall() {
    assertThat(HttpCallAction.builder().build().type()).isEqualTo("http.call");
  }
}
