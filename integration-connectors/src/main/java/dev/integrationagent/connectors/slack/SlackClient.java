package dev.integrationagent.connectors.slack;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.Auth;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.auth.AuthStrategy;
import dev.integrationagent.http.Arguments;
import dev.integrationagent.http.HttpCall;
import dev.integrationagent.http.HttpClients;
import dev.integrationagent.http.HttpException;
import dev.integrationagent.http.HttpPipeline;
import dev.integrationagent.http.HttpResult;
import dev.integrationagent.http.HttpSettings;
import dev.integrationagent.http.Page;
import dev.integrationagent.http.Pagination;
import dev.integrationagent.http.SettingProblems;
import dev.integrationagent.http.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.annotation.Nullable;
import okhttp3.OkHttpClient;

/**
 * Slack's Web API for a bot: {@code chat.postMessage} and {@code conversations.history}, through
 * the core's {@link HttpPipeline} (auth, rate limit, retry with {@code Retry-After}, circuit
 * breaker, call events). Slack answers most failures with HTTP 200 and
 * {@code {"ok": false, "error": "…"}}; those become an {@link HttpException} whose
 * {@link ErrorCategory} follows the error code ({@code invalid_auth} AUTHENTICATION,
 * {@code missing_scope} AUTHORIZATION, {@code channel_not_found} CONFIGURATION, {@code no_text}
 * VALIDATION, {@code ratelimited} RATE_LIMITED, {@code internal_error} TRANSIENT, anything else
 * PERMANENT), with a message naming the method, the channel and the code, never the token.
 * Posts to one channel are kept at least {@link Builder#postInterval a second} apart. Thread-safe.
 *
 * <pre>{@code
 * SlackClient slack = SlackClient.builder()
 *     .token(System.getenv("SLACK_BOT_TOKEN"))      // xoxb-…, scopes chat:write and channels:history
 *     .build();
 * SlackMessage posted = slack.postMessage("C0123456789", "Deploy finished", null, null,
 *     "deploy_finished", json.createObjectNode().put("key", "run-42"));
 * Optional<SlackMessage> again = slack.findMessage("C0123456789", "run-42", Instant.now().minus(Duration.ofHours(1)));
 * }</pre>
 */
public final class SlackClient {
  /** Slack's Web API root. */
  public static final String DEFAULT_BASE_URL = "https://slack.com/api";
  /** Slack allows about one message per second per channel. */
  public static final Duration DEFAULT_POST_INTERVAL = Duration.ofSeconds(1);
  /**
   * Slack's limits are per method and tier, announced only by a 429 with {@code Retry-After}:
   * a few parallel calls, no conditional GETs (Slack sends no validators).
   */
  public static final HttpSettings DEFAULT_SETTINGS = HttpSettings.custom()
      .maxConcurrentCalls(4)
      .conditionalCacheEntries(0)
      .build();
  /** Messages per page of {@code conversations.history}: Slack recommends at most 200. */
  static final int HISTORY_PAGE_SIZE = 200;
  private static final Pagination HISTORY =
      Pagination.cursor("/response_metadata/next_cursor", "cursor", "messages");

  private final HttpPipeline http;
  private final ObjectMapper json;
  private final ChannelSpacer spacer;
  private final String connectionId;
  private final int pageSize;

  private SlackClient(Builder b, HttpPipeline http) {
    this.http = http;
    this.json = b.json;
    this.connectionId = b.connectionId;
    this.pageSize = b.pageSize;
    this.spacer = new ChannelSpacer(b.clock, b.sleeper, b.postInterval, b.connectionId);
  }

  /** A builder with Slack's base URL, a one-second post interval and {@link #DEFAULT_SETTINGS}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The workflow action {@code slack.post} posting through this client. */
  public SlackPostAction postAction() {
    return new SlackPostAction(this);
  }

  ObjectMapper json() {
    return json;
  }

  /**
   * Posts a message with {@code chat.postMessage}, sent as JSON, after the channel's previous
   * post is {@link Builder#postInterval} old.
   *
   * @param channel a conversation id ({@code C0123456789}) or, for public channels, a name
   * @param text the message text, or the notification fallback when there are blocks; null only with blocks
   * @param blocks a JSON array of Block Kit blocks, or null
   * @param threadTs the {@code ts} of the parent message to reply in its thread, or null
   * @param eventType the metadata's {@code event_type}, or null for no metadata
   * @param eventPayload the metadata's {@code event_payload} (a JSON object); given exactly when {@code eventType} is
   * @return the posted message, with the channel's id as Slack answers it
   * @throws HttpException classified by Slack's error code or the HTTP status
   */
  public SlackMessage postMessage(String channel, @Nullable String text, @Nullable JsonNode blocks,
      @Nullable String threadTs, @Nullable String eventType, @Nullable JsonNode eventPayload) {
    requireNonNull(channel, "channel");
    if (channel.isBlank()) {
      throw new IllegalArgumentException("channel must not be blank but was '" + channel + "'");
    }
    if (text == null && blocks == null) {
      throw new IllegalArgumentException("a message needs text or blocks; both were null");
    }
    if (blocks != null && !blocks.isArray()) {
      throw new IllegalArgumentException("blocks must be a JSON array but was " + blocks.getNodeType());
    }
    if ((eventType == null) != (eventPayload == null)) {
      throw new IllegalArgumentException("metadata needs both eventType and eventPayload, but got "
          + (eventType == null ? "only eventPayload" : "only eventType"));
    }
    if (eventPayload != null && !eventPayload.isObject()) {
      throw new IllegalArgumentException("eventPayload must be a JSON object but was " + eventPayload.getNodeType());
    }
    ObjectNode body = json.createObjectNode().put("channel", channel);
    if (text != null) {
      body.put("text", text);
    }
    if (blocks != null) {
      body.set("blocks", blocks);
    }
    if (threadTs != null) {
      body.put("thread_ts", threadTs);
    }
    if (eventType != null) {
      body.putObject("metadata").put("event_type", eventType).set("event_payload", eventPayload);
    }
    spacer.awaitTurn(channel);
    HttpResult result;
    try {
      result = http.execute(HttpCall.post("/chat.postMessage", body).build());
    } catch (HttpException e) {
      throw about("chat.postMessage to", channel, e);
    }
    JsonNode answer = result.body();
    String ts = answer.path("ts").asText("");
    String postedIn = answer.path("channel").asText("");
    if (ts.isEmpty() || postedIn.isEmpty()) {
      throw new IntegrationException(ErrorCategory.PERMANENT, connectionId, connectionId
          + ": chat.postMessage to channel '" + channel + "' answered ok without a channel and ts;"
          + " the message may have been posted. Check the base URL points at Slack's Web API.", null);
    }
    return new SlackMessage(postedIn, ts, answer.path("message"));
  }

  /**
   * The newest message of a channel, posted at or after {@code since}, whose metadata's
   * {@code event_payload.key} is {@code idempotencyKey}: {@code conversations.history} with
   * {@code include_all_metadata}, page by page ({@code response_metadata.next_cursor}) until it is
   * found or the window is read. Needs the {@code channels:history} scope (or {@code groups:},
   * {@code im:}, {@code mpim:} for other conversations).
   *
   * @param channel the conversation's id ({@code C0123456789}); Slack takes no names here
   */
  public Optional<SlackMessage> findMessage(String channel, String idempotencyKey, Instant since) {
    requireNonNull(channel, "channel");
    requireNonNull(idempotencyKey, "idempotencyKey");
    requireNonNull(since, "since");
    HttpCall first = HttpCall.get("/conversations.history")
        .query("channel", channel)
        .query("oldest", ts(since))
        .query("inclusive", "true")
        .query("limit", pageSize)
        .query("include_all_metadata", "true")
        .build();
    return find(first, "conversations.history of", channel, idempotencyKey);
  }

  /**
   * Like {@link #findMessage} for a reply in the thread of {@code threadTs}, which
   * {@code conversations.history} does not list: {@code conversations.replies}, same scopes.
   */
  public Optional<SlackMessage> findReply(String channel, String threadTs, String idempotencyKey, Instant since) {
    requireNonNull(channel, "channel");
    requireNonNull(threadTs, "threadTs");
    requireNonNull(idempotencyKey, "idempotencyKey");
    requireNonNull(since, "since");
    HttpCall first = HttpCall.get("/conversations.replies")
        .query("channel", channel)
        .query("ts", threadTs)
        .query("oldest", ts(since))
        .query("inclusive", "true")
        .query("limit", pageSize)
        .query("include_all_metadata", "true")
        .build();
    return find(first, "conversations.replies of", channel, idempotencyKey);
  }

  private Optional<SlackMessage> find(HttpCall first, String what, String channel, String idempotencyKey) {
    try (Stream<Page> pages = http.pages(first, HISTORY)) {
      Iterator<Page> it = pages.iterator();
      while (it.hasNext()) {
        for (JsonNode message : it.next().items()) {
          if (idempotencyKey.equals(message.path("metadata").path("event_payload").path("key").asText(null))) {
            return Optional.of(new SlackMessage(channel, message.path("ts").asText(), message));
          }
        }
      }
      return Optional.empty();
    } catch (HttpException e) {
      throw about(what, channel, e);
    }
  }

  /** An instant as Slack's {@code ts}: seconds and microseconds since the epoch. */
  static String ts(Instant at) {
    return at.getEpochSecond() + "." + String.format("%06d", at.getNano() / 1_000);
  }

  private HttpException about(String what, String channel, HttpException e) {
    return new HttpException(e.category(), connectionId,
        connectionId + ": " + what + " channel '" + channel + "' failed: " + e.getMessage(),
        e.status(), e.retryAfter().orElse(null), e.vendorMessages(), e);
  }

  /**
   * Builds a {@link SlackClient}. Required: the bot token ({@link #token} or {@link #auth}).
   * Problems are reported together by {@link #build()}.
   */
  public static final class Builder {
    private String baseUrl = DEFAULT_BASE_URL;
    private @Nullable AuthStrategy auth;
    private @Nullable OkHttpClient client;
    private @Nullable HttpClients agentHttp;
    private String connectionId = "slack";
    private HttpSettings settings = DEFAULT_SETTINGS;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private Duration postInterval = DEFAULT_POST_INTERVAL;
    private ObjectMapper json = new ObjectMapper();
    private int pageSize = HISTORY_PAGE_SIZE;
    private final SettingProblems misuse = new SettingProblems();

    private Builder() {}

    /** The Web API root, {@value SlackClient#DEFAULT_BASE_URL} unless a test points it at a fake. */
    public Builder baseUrl(String value) {
      String url = misuse.present("baseUrl", value, null);
      if (url != null) {
        url = url.trim();
        baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      }
      return this;
    }

    /** The bot token ({@code xoxb-…}), sent as {@code Authorization: Bearer}; it is redacted everywhere. */
    public Builder token(String botToken) {
      return auth(Auth.bearer(botToken));
    }

    /** How requests authenticate; normally {@code Auth.bearer(botToken)}. */
    public Builder auth(AuthStrategy strategy) {
      auth = misuse.present("auth", strategy, auth);
      return this;
    }

    /** The OkHttp client to derive this client's from (default: one shared per JVM). */
    public Builder client(OkHttpClient value) {
      client = misuse.present("client", value, client);
      return this;
    }

    /** The agent's HTTP resources, to share its client and rate budgets. */
    public Builder http(HttpClients value) {
      agentHttp = misuse.present("http", value, agentHttp);
      return this;
    }

    /** The id in messages, events and logs (default {@code slack}). */
    public Builder connectionId(String value) {
      connectionId = misuse.check("connectionId", () -> {
        if (requireNonNull(value, "value").isBlank()) {
          throw new IllegalArgumentException("must not be blank but was '" + value + "'");
        }
        return value;
      }, connectionId);
      return this;
    }

    /** HTTP limits; start from {@link SlackClient#DEFAULT_SETTINGS} with {@code HttpSettings.from}. */
    public Builder settings(HttpSettings value) {
      settings = misuse.present("settings", value, settings);
      return this;
    }

    public Builder clock(Clock value) {
      clock = misuse.present("clock", value, clock);
      return this;
    }

    /** How the client waits (post spacing, backoff, {@code Retry-After}); tests pass one that does not sleep. */
    public Builder sleeper(Sleeper value) {
      sleeper = misuse.present("sleeper", value, sleeper);
      return this;
    }

    /** The least time between two posts to one channel (default 1 s; zero turns spacing off). */
    public Builder postInterval(Duration value) {
      postInterval = misuse.check("postInterval",
          () -> Arguments.atMost("postInterval", value, Duration.ofMinutes(1)), postInterval);
      return this;
    }

    public Builder json(ObjectMapper value) {
      json = misuse.present("json", value, json);
      return this;
    }

    /** For tests: messages per page of a history or replies listing (default 200). */
    Builder pageSize(int value) {
      pageSize = misuse.check("pageSize", () -> Arguments.atLeast("pageSize", value, 1), pageSize);
      return this;
    }

    /** @throws ConfigurationException listing every missing or misused setting */
    public SlackClient build() {
      List<String> problems = new ArrayList<>();
      if (auth == null) {
        problems.add("auth: missing; use token(botToken) or auth(Auth.bearer(botToken))");
      } else {
        auth.problems().forEach(p -> problems.add("auth: " + p));
      }
      List<String> all = misuse.merge(problems);
      if (!all.isEmpty()) {
        throw new ConfigurationException("cannot build a Slack client", all);
      }
      HttpPipeline.Builder pipeline = agentHttp != null ? HttpPipeline.builder(agentHttp)
          : HttpPipeline.builder(client != null ? client : SharedDefault.CLIENT);
      HttpPipeline http = pipeline.connectionId(connectionId)
          .baseUrl(baseUrl)
          .auth(requireNonNull(auth))
          .settings(settings)
          .clock(clock)
          .sleeper(sleeper)
          .json(json)
          .interceptor(new SlackErrors(connectionId, json))
          .build();
      return new SlackClient(this, http);
    }
  }

  /** Used when no client is given: one per JVM rather than one per Slack client. */
  private static final class SharedDefault {
    static final OkHttpClient CLIENT = new OkHttpClient();
  }
}
