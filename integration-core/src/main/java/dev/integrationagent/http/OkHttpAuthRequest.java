package dev.integrationagent.http;

import dev.integrationagent.api.auth.AuthRequest;
import java.net.URI;
import java.util.Optional;
import javax.annotation.Nullable;
import okhttp3.HttpUrl;
import okhttp3.Request;

/** Adapts an OkHttp request to the API's {@link AuthRequest}, collecting what a strategy adds. */
final class OkHttpAuthRequest implements AuthRequest {
  private final Request original;
  private @Nullable Request.Builder builder;
  private @Nullable HttpUrl.Builder url;

  OkHttpAuthRequest(Request original) {
    this.original = original;
  }

  @Override
  public String method() {
    return original.method();
  }

  @Override
  public URI url() {
    return original.url().uri();
  }

  @Override
  public void header(String name, String value) {
    builder().header(name, value);
  }

  @Override
  public void queryParameter(String name, String value) {
    if (url == null) {
      url = original.url().newBuilder();
    }
    url.addQueryParameter(name, value);
  }

  @Override
  public Optional<String> currentHeader(String name) {
    return Optional.ofNullable(builder == null ? original.header(name) : builder.build().header(name));
  }

  Request build() {
    if (builder == null && url == null) {
      return original;
    }
    Request.Builder b = builder();
    if (url != null) {
      b.url(url.build());
    }
    return b.build();
  }

  private Request.Builder builder() {
    if (builder == null) {
      builder = original.newBuilder();
    }
    return builder;
  }
}
