package dev.integrationagent.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import javax.annotation.Nullable;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** The harness's own HTTP calls to the tools (the person, the judge, setup): JSON in, status and JSON out. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final MediaType JSON_TYPE = MediaType.parse("application/json; charset=utf-8");

  private final OkHttpClient client;

  Http() {
    this.client = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(60)).callTimeout(Duration.ofSeconds(90)).build();
  }

  /** A tool's answer: status and body (null node when empty). */
  record Answer(int status, JsonNode body, String text) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    Answer require(String what) {
      if (!ok()) {
        throw new IllegalStateException(what + " failed: " + status + " " + text);
      }
      return this;
    }
  }

  Answer call(String method, String url, String authHeader, String authValue, @Nullable JsonNode body) {
    Request.Builder b = new Request.Builder().url(url).header(authHeader, authValue)
        .header("Accept", "application/json");
    RequestBody rb = body == null ? (method.equals("GET") || method.equals("DELETE") ? null
        : RequestBody.create(new byte[0], JSON_TYPE)) : RequestBody.create(body.toString(), JSON_TYPE);
    try (Response r = client.newCall(b.method(method, rb).build()).execute()) {
      String text = r.body().string();
      JsonNode node = text.isBlank() ? JSON.nullNode() : parse(text);
      return new Answer(r.code(), node, text.length() > 500 ? text.substring(0, 500) : text);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + url + " failed", e);
    }
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(text);
    }
  }

  void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
