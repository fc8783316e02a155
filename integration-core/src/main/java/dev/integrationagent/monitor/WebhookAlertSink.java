package dev.integrationagent.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.api.alert.Alert;
import dev.integrationagent.api.alert.AlertSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts each alert as JSON to a URL, signed so the receiver can tell it came from this agent and
 * was not replayed: {@code X-Alert-Timestamp} (epoch seconds) and {@code X-Alert-Signature:
 * sha256=<hex>}, the HMAC-SHA256 under the shared secret of {@code timestamp + "." + body}. A
 * receiver recomputes it and refuses a timestamp more than a few minutes old.
 */
public final class WebhookAlertSink implements AlertSink {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

  private final String url;
  private final byte[] secret;
  private final OkHttpClient client;
  private final Clock clock;

  public WebhookAlertSink(String url, String secret, OkHttpClient client, Clock clock) {
    this.url = requireNonNull(url, "url");
    this.secret = requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8);
    this.client = requireNonNull(client, "client");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void send(Alert alert) {
    ObjectNode body = JSON.createObjectNode().put("at", alert.at().toString()).put("severity", alert.severity().name())
        .put("source", alert.source()).put("title", alert.title()).put("message", alert.message());
    ObjectNode attributes = body.putObject("attributes");
    alert.attributes().forEach(attributes::put);
    String text = body.toString();
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    Request request = new Request.Builder().url(url).post(RequestBody.create(text, JSON_TYPE))
        .header("X-Alert-Timestamp", timestamp).header("X-Alert-Signature", "sha256=" + sign(timestamp + "." + text))
        .build();
    try (Response response = client.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IllegalStateException("the alert webhook at " + host() + " answered " + response.code());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the alert webhook at " + host() + " could not be reached", e);
    }
  }

  /** The signature of {@code payload}, as the header carries it without its {@code sha256=}. */
  public String sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private String host() {
    okhttp3.HttpUrl parsed = okhttp3.HttpUrl.parse(url);
    return parsed == null ? "(an invalid URL)" : parsed.host();
  }

  @Override
  public String toString() {
    return "WebhookAlertSink[" + host() + "]"; // never the secret, nor the URL's path or query
  }
}
