package dev.integrationagent.connectors.github;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** GitHub's request headers, and the rate-limit headers the pipeline should see. */
final class GitHubHeaders implements Interceptor {
  /**
   * Asks for the versioned media type, and hides a successful search answer's
   * {@code x-ratelimit-*} headers from the pipeline's adaptive limiter: they count GitHub's
   * separate search budget (30 a minute), which would otherwise pace every core call. Refusals
   * keep them, so a spent search limit is still waited out.
   */
  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request().newBuilder()
        .header("Accept", "application/vnd.github+json")
        .header("X-GitHub-Api-Version", "2022-11-28")
        .build());
    String resource = response.header("x-ratelimit-resource");
    if (resource == null || resource.equals("core") || !response.isSuccessful()) {
      return response;
    }
    return response.newBuilder()
        .removeHeader("x-ratelimit-limit").removeHeader("x-ratelimit-remaining")
        .removeHeader("x-ratelimit-used").removeHeader("x-ratelimit-reset")
        .build();
  }
}
