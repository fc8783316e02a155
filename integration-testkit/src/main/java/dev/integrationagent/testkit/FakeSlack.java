package dev.integrationagent.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.annotation.Nullable;

/**
 * An in-memory Slack workspace with the Web API methods a bot uses to post and to find its
 * posts again: {@code POST /api/chat.postMessage} (JSON body), {@code GET
 * /api/conversations.history} and {@code GET /api/conversations.replies}. Channels are made by the
 * test ({@link #channel(String)}); the bot is a member of each.
 *
 * <p>Like Slack: every answer is HTTP 200, and a refusal is {@code {"ok": false, "error": code}}:
 * {@code not_authed} without {@code Authorization: Bearer}, {@code invalid_auth} for another
 * token, {@code channel_not_found} for a missing or unknown channel (history and replies take ids
 * only, posting also takes a public channel's name), {@code is_archived}, {@code no_text} without
 * text or blocks, {@code invalid_blocks}, {@code msg_too_long} past 40,000 characters,
 * {@code invalid_metadata_format}, {@code invalid_ts_oldest}, {@code invalid_cursor}, and for
 * {@code conversations.replies} {@code thread_not_found} when {@code ts} names no message of the
 * channel (a post's {@code thread_ts} is not checked). Messages get
 * Slack's {@code ts} ({@code "1700000000.000100"}: epoch seconds and microseconds from the clock,
 * unique and rising per channel). History is newest first with {@code limit} (default 100, at
 * most 999) and cursor paging in {@code response_metadata.next_cursor}; thread replies stay out of
 * it, as in Slack. Metadata is stored and returned only with {@code include_all_metadata=true}.
 * Rate limiting is a 429 with {@code Retry-After} and {@code {"ok": false, "error": "ratelimited"}}.
 *
 * <pre>{@code
 * try (FakeSlack slack = FakeSlack.start(clock)) {
 *   String triage = slack.channel("#triage");              // "C0000000001"
 *   SlackClient client = SlackClient.builder().baseUrl(slack.apiUrl()).token(slack.token()).build();
 *   slack.failNextWith("internal_error");                 // the next call is refused
 *   slack.rateLimitNext(30);                              // then one answers 429, Retry-After: 30
 *   assertThat(slack.messages(triage)).hasSize(1);
 * }
 * }</pre>
 */
public final class FakeSlack extends FakeServer {
  /** The bot's user id, as messages carry it. */
  public static final String BOT_USER = "U0FAKEBOT01";
  /** The bot's id. */
  public static final String BOT_ID = "B0FAKEBOT01";
  /** The workspace's id. */
  public static final String TEAM = "T0FAKETEAM1";
  private static final int MAX_TEXT = 40_000;
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 999;
  private static final String POST = "POST /api/chat.postMessage";

  private final String token = "xoxb-fake-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final Deque<String> refusals = new ArrayDeque<>();
  private final Deque<Long> rateLimits = new ArrayDeque<>();
  private @Nullable Duration postInterval;
  private int posts;

  private static final class Channel {
    final String id;
    final String name;
    boolean archived;
    /** Oldest first; each with its metadata, which answers show only when asked. */
    final List<ObjectNode> messages = new ArrayList<>();
    long lastMicros;
    @Nullable Instant lastPost;

    Channel(String id, String name) {
      this.id = id;
      this.name = name;
    }
  }

  private FakeSlack(Clock clock) {
    super(clock);
    route("POST", "/api/chat.postMessage", (s, r) -> postMessage(r));
    route("GET", "/api/conversations.history", (s, r) -> history(r));
    route("GET", "/api/conversations.replies", (s, r) -> replies(r));
  }

  /** Starts a fake Slack workspace without channels on a free loopback port. */
  public static FakeSlack start(Clock clock) {
    FakeSlack fake = new FakeSlack(clock);
    fake.startServer();
    return fake;
  }

  /** The Web API root to give a client as its base URL ({@code http://127.0.0.1:port/api}). */
  public String apiUrl() {
    return url() + "/api";
  }

  /** The bot token ({@code xoxb-…}) the fake accepts. */
  public String token() {
    return token;
  }

  // ---- set up and look at, behind the client's back -----------------------------------------------

  /** Creates a public channel named {@code name} (a leading {@code #} is dropped); returns its id. */
  public synchronized String channel(String name) {
    requireNonNull(name, "name");
    String bare = name.startsWith("#") ? name.substring(1) : name;
    if (!bare.matches("[a-z0-9][a-z0-9_-]{0,79}")) {
      throw new IllegalArgumentException("not a Slack channel name (lower case, digits, - and _): '" + name + "'");
    }
    if (channels.values().stream().anyMatch(c -> c.name.equals(bare))) {
      throw new IllegalArgumentException("channel #" + bare + " exists already");
    }
    String id = String.format("C%010d", channels.size() + 1);
    channels.put(id, new Channel(id, bare));
    return id;
  }

  /** Archives a channel: posts to it answer {@code is_archived}. */
  public synchronized void archive(String channelId) {
    existing(channelId).archived = true;
  }

  /** The channel's messages, thread replies included, oldest first, each with its metadata. */
  public synchronized List<JsonNode> messages(String channelId) {
    return existing(channelId).messages.stream().map(m -> (JsonNode) m.deepCopy()).toList();
  }

  /** Messages posted through {@code chat.postMessage} so far, in every channel. */
  public synchronized int postCount() {
    return posts;
  }

  /** The next call, whatever it is, answers HTTP 200 {@code {"ok": false, "error": errorCode}}. */
  public synchronized void failNextWith(String errorCode) {
    refusals.add(requireNonNull(errorCode, "errorCode"));
  }

  /** The next call answers 429 with {@code Retry-After: seconds} and {@code error: ratelimited}. */
  public synchronized void rateLimitNext(long retryAfterSeconds) {
    if (retryAfterSeconds < 0) {
      throw new IllegalArgumentException("retryAfterSeconds must not be negative: " + retryAfterSeconds);
    }
    rateLimits.add(retryAfterSeconds);
  }

  /**
   * Plays Slack's limit of about one message per second per channel strictly: a post to a channel
   * less than {@code interval} (on the clock) after its previous post answers 429 with
   * {@code Retry-After}. Off by default, since Slack tolerates short bursts.
   */
  public synchronized void limitPostsPerChannel(Duration interval) {
    this.postInterval = requireNonNull(interval, "interval");
  }

  // ---- the server side ----------------------------------------------------------------------------

  @Override
  protected Response errorResponse(int status, String message) {
    ObjectNode body = JSON.createObjectNode().put("ok", false)
        .put("error", status == 404 ? "unknown_method" : status == 429 ? "ratelimited" : "internal_error");
    body.putObject("response_metadata").putArray("messages").add("[ERROR] " + message);
    return Response.json(status, body);
  }

  private static Response refuse(String code) {
    return Response.json(200, JSON.createObjectNode().put("ok", false).put("error", code));
  }

  private static Response ratelimited(long seconds) {
    return Response.json(429, JSON.createObjectNode().put("ok", false).put("error", "ratelimited"))
        .withHeader("Retry-After", String.valueOf(seconds));
  }

  @Override
  protected synchronized @Nullable Response authenticate(Request request, String route) {
    Long wait = rateLimits.poll();
    if (wait != null) {
      return ratelimited(wait);
    }
    String refusal = refusals.poll();
    if (refusal != null) {
      return refuse(refusal);
    }
    String authorization = request.header("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return refuse("not_authed");
    }
    return token.equals(authorization.substring("Bearer ".length()).strip()) ? null : refuse("invalid_auth");
  }

  private synchronized Response postMessage(Request r) {
    String type = r.header("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new UnsupportedOperationException("FakeSlack takes chat.postMessage as JSON only, not " + type);
    }
    JsonNode body;
    try {
      body = r.json();
    } catch (IOException e) {
      return refuse("invalid_json");
    }
    if (!body.isObject()) {
      return refuse("json_not_object");
    }
    Channel channel = byIdOrName(body.path("channel").asText(""));
    if (channel == null) {
      return refuse("channel_not_found");
    }
    if (channel.archived) {
      return refuse("is_archived");
    }
    JsonNode text = body.path("text");
    JsonNode blocks = body.path("blocks");
    boolean hasBlocks = !blocks.isMissingNode() && !blocks.isNull();
    if (hasBlocks && (!blocks.isArray() || blocks.isEmpty() || !allHaveType(blocks))) {
      return refuse("invalid_blocks");
    }
    if (!hasBlocks && (!text.isTextual() || text.asText().isBlank())) {
      return refuse("no_text");
    }
    if (text.isTextual() && text.asText().length() > MAX_TEXT) {
      return refuse("msg_too_long");
    }
    JsonNode metadata = body.path("metadata");
    if (!metadata.isMissingNode() && !(metadata.isObject() && metadata.path("event_type").isTextual()
        && metadata.path("event_payload").isObject())) {
      return refuse("invalid_metadata_format");
    }
    String threadTs = body.path("thread_ts").isTextual() ? body.get("thread_ts").asText() : null;
    Instant now = clock.instant();
    if (postInterval != null && channel.lastPost != null && now.isBefore(channel.lastPost.plus(postInterval))) {
      long seconds = Math.max(1, (long) Math.ceil(Duration.between(now, channel.lastPost.plus(postInterval)).toMillis() / 1000.0));
      return ratelimited(seconds);
    }
    channel.lastPost = now;
    ObjectNode message = JSON.createObjectNode().put("type", "message");
    message.put("text", text.isTextual() ? text.asText() : "");
    message.put("user", BOT_USER).put("bot_id", BOT_ID).put("team", TEAM).put("ts", nextTs(channel, now));
    if (hasBlocks) {
      message.set("blocks", blocks.deepCopy());
    }
    if (threadTs != null) {
      message.put("thread_ts", threadTs);
    }
    if (!metadata.isMissingNode()) {
      message.set("metadata", metadata.deepCopy());
    }
    channel.messages.add(message);
    posts++;
    ObjectNode answer = JSON.createObjectNode().put("ok", true).put("channel", channel.id)
        .put("ts", message.get("ts").asText());
    answer.set("message", shown(message, false));
    return Response.json(200, answer);
  }

  private synchronized Response history(Request r) {
    Channel channel = r.query("channel") == null ? null : channels.get(r.query("channel"));
    if (channel == null) {
      return refuse("channel_not_found");
    }
    return listing(r, channel, m -> !m.has("thread_ts") || m.get("thread_ts").equals(m.get("ts")), true, true);
  }

  private synchronized Response replies(Request r) {
    Channel channel = r.query("channel") == null ? null : channels.get(r.query("channel"));
    if (channel == null) {
      return refuse("channel_not_found");
    }
    String parent = r.query("ts");
    if (parent == null || channel.messages.stream().noneMatch(m -> m.path("ts").asText().equals(parent))) {
      return refuse("thread_not_found");
    }
    return listing(r, channel, m -> m.path("ts").asText().equals(parent) || parent.equals(m.path("thread_ts").asText()),
        false, false);
  }

  /** One page of a channel's messages in the order Slack gives them, with oldest/latest/limit/cursor. */
  private Response listing(Request r, Channel channel, Predicate<ObjectNode> which, boolean newestFirst,
      boolean historyFields) {
    boolean inclusive = isTrue(r.query("inclusive"));
    BigDecimal oldest;
    BigDecimal latest;
    try {
      oldest = r.query("oldest") == null ? null : new BigDecimal(r.query("oldest"));
    } catch (NumberFormatException e) {
      return refuse("invalid_ts_oldest");
    }
    try {
      latest = r.query("latest") == null ? null : new BigDecimal(r.query("latest"));
    } catch (NumberFormatException e) {
      return refuse("invalid_ts_latest");
    }
    int limit = DEFAULT_LIMIT;
    if (r.query("limit") != null) {
      try {
        limit = Math.max(1, Math.min(MAX_LIMIT, Integer.parseInt(r.query("limit"))));
      } catch (NumberFormatException e) {
        return refuse("invalid_limit");
      }
    }
    int offset = 0;
    String cursor = r.query("cursor");
    if (cursor != null && !cursor.isEmpty()) {
      try {
        String decoded = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (!decoded.startsWith("offset:")) {
          return refuse("invalid_cursor");
        }
        offset = Integer.parseInt(decoded.substring("offset:".length()));
      } catch (IllegalArgumentException e) {
        return refuse("invalid_cursor");
      }
    }
    List<ObjectNode> matching = new ArrayList<>();
    for (ObjectNode m : channel.messages) {
      BigDecimal ts = new BigDecimal(m.get("ts").asText());
      boolean afterOldest = oldest == null || (inclusive ? ts.compareTo(oldest) >= 0 : ts.compareTo(oldest) > 0);
      boolean beforeLatest = latest == null || (inclusive ? ts.compareTo(latest) <= 0 : ts.compareTo(latest) < 0);
      if (which.test(m) && afterOldest && beforeLatest) {
        matching.add(m);
      }
    }
    if (newestFirst) {
      java.util.Collections.reverse(matching);
    }
    boolean withMetadata = isTrue(r.query("include_all_metadata"));
    List<ObjectNode> page = matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()));
    boolean more = offset + page.size() < matching.size();
    ObjectNode answer = JSON.createObjectNode().put("ok", true);
    ArrayNode messages = answer.putArray("messages");
    page.forEach(m -> messages.add(shown(m, withMetadata)));
    answer.put("has_more", more);
    if (historyFields) {
      answer.put("pin_count", 0).putNull("channel_actions_ts");
      answer.put("channel_actions_count", 0);
    }
    if (more) {
      String next = Base64.getEncoder().encodeToString(("offset:" + (offset + page.size())).getBytes(StandardCharsets.UTF_8));
      answer.putObject("response_metadata").put("next_cursor", next);
    }
    return Response.json(200, answer);
  }

  private static ObjectNode shown(ObjectNode stored, boolean withMetadata) {
    ObjectNode copy = stored.deepCopy();
    if (!withMetadata) {
      copy.remove("metadata");
    }
    return copy;
  }

  /** Slack's {@code ts}: epoch seconds and microseconds, rising per channel even when the clock stands still. */
  private static String nextTs(Channel channel, Instant now) {
    long micros = Math.max(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000, channel.lastMicros + 1);
    channel.lastMicros = micros;
    return String.format("%d.%06d", micros / 1_000_000L, micros % 1_000_000L);
  }

  private @Nullable Channel byIdOrName(String channel) {
    if (channels.containsKey(channel)) {
      return channels.get(channel);
    }
    String bare = channel.startsWith("#") ? channel.substring(1) : channel;
    return channels.values().stream().filter(c -> c.name.equals(bare)).findFirst().orElse(null);
  }

  private synchronized Channel existing(String channelId) {
    Channel c = channels.get(requireNonNull(channelId, "channelId"));
    if (c == null) {
      throw new IllegalArgumentException("no channel " + channelId + "; channels are " + channels.keySet());
    }
    return c;
  }

  private static boolean allHaveType(JsonNode blocks) {
    for (JsonNode b : blocks) {
      if (!b.isObject() || !b.path("type").isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static boolean isTrue(@Nullable String value) {
    return "true".equals(value) || "1".equals(value);
  }
}
