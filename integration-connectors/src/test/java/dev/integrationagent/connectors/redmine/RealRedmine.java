package dev.integrationagent.connectors.redmine;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real Redmine the {@code real-redmine} tests run against, from the environment that
 * {@code scripts/redmine-up.sh} writes ({@code REDMINE_URL}, {@code REDMINE_API_KEY},
 * {@code REDMINE_PROJECT}, {@code REDMINE_MARKER_FIELD}). Missing settings or a server that
 * does not answer fail the test: these tests never skip.
 */
record RealRedmine(String url, String apiKey, String project, long markerField) {
  private static final List<String> NAMES = List.of("REDMINE_URL", "REDMINE_API_KEY", "REDMINE_PROJECT",
      "REDMINE_MARKER_FIELD");

  static RealRedmine fromEnvironment() {
    Map<String, String> env = System.getenv();
    List<String> missing = new ArrayList<>();
    NAMES.forEach(n -> {
      if (env.getOrDefault(n, "").isBlank()) {
        missing.add(n);
      }
    });
    if (!missing.isEmpty()) {
      fail("The real-redmine tests need " + missing + " in the environment: run `bash scripts/redmine-up.sh`"
          + " and `set -a; . scripts/.run/redmine.env; set +a` first (or run .ci/run).");
    }
    RealRedmine real = new RealRedmine(env.get("REDMINE_URL").replaceAll("/$", ""), env.get("REDMINE_API_KEY"),
        env.get("REDMINE_PROJECT"), Long.parseLong(env.get("REDMINE_MARKER_FIELD").trim()));
    real.requireAnswering();
    return real;
  }

  private void requireAnswering() {
    try {
      HttpResponse<Void> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
          .send(HttpRequest.newBuilder(URI.create(url + "/users/current.json")).timeout(Duration.ofSeconds(10))
              .header(RedmineConnector.API_KEY_HEADER, apiKey).GET().build(), HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        fail("Redmine at " + url + " answered " + response.statusCode() + " to /users/current.json with"
            + " REDMINE_API_KEY; is the REST API enabled and the key current? (scripts/redmine-up.sh sets both)");
      }
    } catch (IOException e) {
      fail("Redmine at " + url + " does not answer (" + e + "); start it with `bash scripts/redmine-up.sh`.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted while checking Redmine at " + url);
    }
  }
}
