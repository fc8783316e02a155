package dev.integrationagent.connectors.github;

import static java.util.Objects.requireNonNull;

import dev.integrationagent.Auth;
import dev.integrationagent.Mappings;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.auth.AuthStrategy;
import dev.integrationagent.api.connector.Capability;
import dev.integrationagent.api.connector.ConnectionDefinition;
import dev.integrationagent.api.connector.ConnectionSettings;
import dev.integrationagent.api.connector.Connector;
import dev.integrationagent.api.connector.ConnectorContext;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.mapping.Mapping;
import dev.integrationagent.http.Arguments;
import dev.integrationagent.http.HttpSettings;
import dev.integrationagent.http.SettingProblems;
import dev.integrationagent.http.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.annotation.Nullable;
import okhttp3.HttpUrl;

/**
 * GitHub Issues (REST API version 2022-11-28) for one repository: incremental listing by
 * {@code updated_at}, issue and comment writes, open/closed transitions, sync markers in a hidden
 * comment of the body, health from {@code /rate_limit}, and signed {@code issues} /
 * {@code issue_comment} webhooks. Pull requests, which GitHub lists among issues, are left out.
 *
 * <pre>{@code
 * IntegrationAgent.builder()
 *     .connection("github", GitHubConnector.builder()
 *         .repository("acme/app")
 *         .auth(Auth.bearer(System.getenv("GITHUB_TOKEN")))
 *         .webhookSecret(System.getenv("GITHUB_WEBHOOK_SECRET")))
 *     ...
 * }</pre>
 *
 * <p>As a {@link Connector} (found through {@link GitHubConnectorProvider}) it reads the
 * settings {@code repository}, {@code token} (secret), and optionally {@code baseUrl} and
 * {@code webhookSecret} (secret). GitHub cannot delete an issue through the API:
 * {@code delete} closes it as not planned and leaves a hidden tombstone in its body, and the
 * connector reports such an issue as deleted from then on.
 */
public final class GitHubConnector implements Connector {
  /** What GitHub sessions do. No optimistic locking: GitHub has no conditional issue update. */
  public static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.READ_CHANGES,
      Capability.CREATE, Capability.UPDATE, Capability.DELETE, Capability.COMMENTS,
      Capability.STATUS_TRANSITIONS, Capability.SYNC_MARKERS, Capability.WEBHOOKS));

  /**
   * Limits for GitHub: serial requests, as GitHub asks of integrations, and the adaptive limiter
   * reading {@code x-ratelimit-*}; everything else as {@link HttpSettings#ofDefaults()}.
   */
  public static final HttpSettings DEFAULT_SETTINGS = HttpSettings.custom()
      .maxConcurrentCalls(1)
      .adaptiveRateLimit(true)
      .userAgent("integration-agent-github")
      .build();

  static final String TYPE = "github";
  static final String VERSION = "0.1.0";
  private static final String MAPPING = "dev/integrationagent/mappings/github.yaml";

  /** For {@link java.util.ServiceLoader}; hosts use {@link #builder()}. */
  public GitHubConnector() {}

  /** A connection definition to fill in: at least {@link Builder#repository} and {@link Builder#auth}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public List<String> validate(ConnectionSettings settings) {
    return fromSettings(requireNonNull(settings, "settings")).problems();
  }

  /** The shipped mapping between GitHub's issue object and the canonical item. */
  @Override
  public Mapping defaultMapping() {
    return DefaultMapping.MAPPING;
  }

  @Override
  public ConnectorSession open(ConnectionSettings settings, ConnectorContext context) {
    return fromSettings(requireNonNull(settings, "settings")).open(context);
  }

  private static Builder fromSettings(ConnectionSettings settings) {
    Builder b = builder();
    settings.get("baseUrl").ifPresent(b::baseUrl);
    settings.get("repository").ifPresent(b::repository);
    settings.get("token").ifPresent(t -> b.auth(Auth.bearer(t)));
    settings.get("webhookSecret").ifPresent(b::webhookSecret);
    return b;
  }

  /** Loaded on first use. */
  private static final class DefaultMapping {
    static final Mapping MAPPING = Mappings.fromResource(GitHubConnector.MAPPING);
  }

  /**
   * One GitHub connection as the host declares it. Settings are checked together by
   * {@link #problems()} (the agent calls it at {@code build()}), so every mistake is listed.
   *
   * <pre>{@code
   * GitHubConnector.builder()
   *     .baseUrl("https://github.example.com/api/v3")     // GitHub Enterprise Server
   *     .repository("acme/app")
   *     .auth(Auth.bearer(token))
   *     .settings(HttpSettings.from(GitHubConnector.DEFAULT_SETTINGS).maxAttempts(6).build());
   * }</pre>
   */
  public static final class Builder implements ConnectionDefinition {
    private String baseUrl = "https://api.github.com";
    private @Nullable String repository;
    private @Nullable AuthStrategy auth;
    private @Nullable Mapping mapping;
    private HttpSettings settings = DEFAULT_SETTINGS;
    private Duration minWriteInterval = Duration.ofSeconds(1);
    private int listPageSize = 100;
    private int markerScanLimit = 100;
    private @Nullable String webhookSecret;
    private @Nullable Sleeper sleeper;
    private final SettingProblems misuse = new SettingProblems();

    private Builder() {}

    /** The REST API root; default {@code https://api.github.com}. */
    public Builder baseUrl(String url) {
      baseUrl = misuse.present("baseUrl", url, baseUrl);
      return this;
    }

    /** The repository as {@code owner/repo}. */
    public Builder repository(String ownerAndRepo) {
      repository = misuse.present("repository", ownerAndRepo, repository);
      return this;
    }

    /** How requests authenticate; usually {@code Auth.bearer(token)} with a PAT or app token. */
    public Builder auth(AuthStrategy strategy) {
      auth = misuse.present("auth", strategy, auth);
      return this;
    }

    /** Replaces the shipped mapping. */
    public Builder mapping(Mapping value) {
      mapping = misuse.present("mapping", value, mapping);
      return this;
    }

    /** HTTP limits; start from {@link GitHubConnector#DEFAULT_SETTINGS}. */
    public Builder settings(HttpSettings value) {
      settings = misuse.present("settings", value, settings);
      return this;
    }

    /** The least time between two writes; default 1 s as GitHub asks, zero to switch off. */
    public Builder minWriteInterval(Duration value) {
      minWriteInterval = misuse.check("minWriteInterval", () -> Arguments.notNegative("minWriteInterval", value),
          minWriteInterval);
      return this;
    }

    /** Issues per listing request ({@code per_page}), 1 to 100; default 100. */
    public Builder listPageSize(int value) {
      if (value < 1 || value > 100) {
        misuse.record("listPageSize", "must be 1 to 100 but was " + value);
      } else {
        misuse.clear("listPageSize");
        listPageSize = value;
      }
      return this;
    }

    /** How many of the newest issues {@code findByMarker} scans before it searches; default 100. */
    public Builder markerScanLimit(int value) {
      markerScanLimit = misuse.check("markerScanLimit", () -> Arguments.atLeast("markerScanLimit", value, 1),
          markerScanLimit);
      return this;
    }

    /** The secret of the repository's webhook; without it the session offers no webhook handler. */
    public Builder webhookSecret(String secret) {
      webhookSecret = misuse.present("webhookSecret", secret, webhookSecret);
      return this;
    }

    /** How the connection waits (rate limits, write spacing); tests pass one that does not sleep. */
    Builder sleeper(Sleeper value) {
      sleeper = misuse.present("sleeper", value, sleeper);
      return this;
    }

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      HttpUrl url = HttpUrl.parse(baseUrl);
      if (url == null) {
        problems.add("baseUrl: not an http(s) URL: '" + baseUrl + "'");
      }
      if (repository == null) {
        problems.add("repository: missing; give it as owner/repo");
      } else if (!repository.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
        problems.add("repository: not owner/repo: '" + repository + "'");
      }
      if (auth == null) {
        problems.add("auth: missing; GitHub needs a token, e.g. Auth.bearer(token)");
      } else {
        auth.problems().forEach(p -> problems.add("auth: " + p));
      }
      if (webhookSecret != null && webhookSecret.isBlank()) {
        problems.add("webhookSecret: blank");
      }
      return misuse.merge(problems);
    }

    @Override
    public Optional<Mapping> mapping() {
      return Optional.of(mapping != null ? mapping : DefaultMapping.MAPPING);
    }

    @Override
    public Set<String> secrets() {
      Set<String> secrets = new HashSet<>();
      if (auth != null) {
        secrets.addAll(auth.secrets());
      }
      if (webhookSecret != null) {
        secrets.add(webhookSecret);
      }
      return Set.copyOf(secrets);
    }

    @Override
    public ConnectorSession open(ConnectorContext context) {
      requireNonNull(context, "context");
      List<String> problems = problems();
      if (!problems.isEmpty()) {
        throw new ConfigurationException("GitHub connection '" + context.connectionId() + "' is invalid", problems);
      }
      String[] ownerRepo = repository.split("/");
      Sleeper waits = sleeper != null ? sleeper : context.service(Sleeper.class).orElseGet(Sleeper::system);
      String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
      return new GitHubSession(context, new GitHubSession.Settings(base, ownerRepo[0], ownerRepo[1], auth,
          settings, minWriteInterval, listPageSize, markerScanLimit, webhookSecret), waits);
    }
  }
}
