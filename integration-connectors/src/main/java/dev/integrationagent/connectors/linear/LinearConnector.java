package dev.integrationagent.connectors.linear;

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
import dev.integrationagent.http.HttpSettings;
import dev.integrationagent.http.SettingProblems;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * The Linear connector (GraphQL API). Issues of one team are listed by {@code updatedAt},
 * written through {@code issueCreate}/{@code issueUpdate}, moved between the team's workflow
 * states, commented on, and created with an id derived from the sync marker so that a create
 * whose answer was lost is found again.
 *
 * <pre>{@code
 * IntegrationAgent.builder()
 *     .connection("linear", LinearConnector.builder()
 *         .team("ENG")                               // the team key, prefix of ENG-123
 *         .apiKey(System.getenv("LINEAR_API_KEY"))   // or .auth(Auth.bearer(oauthToken))
 *         .webhookSecret(signingSecret))
 * }</pre>
 *
 * <p>Settings for {@link #open(ConnectionSettings, ConnectorContext)}: {@code team}, optional
 * {@code baseUrl} (default {@code https://api.linear.app}), secret {@code apiKey} (a personal API
 * key) or secret {@code accessToken} (OAuth 2.0), optional secret {@code webhookSecret}.
 */
public final class LinearConnector implements Connector {
  /** What Linear sessions can do. No optimistic locking: Linear has no conditional update. */
  public static final Set<Capability> CAPABILITIES = Set.of(
      Capability.READ_CHANGES, Capability.CREATE, Capability.UPDATE, Capability.DELETE,
      Capability.COMMENTS, Capability.STATUS_TRANSITIONS, Capability.SYNC_MARKERS, Capability.WEBHOOKS);

  /** Linear's API host; the GraphQL endpoint is {@code /graphql} under it. */
  public static final String DEFAULT_BASE_URL = "https://api.linear.app";

  static final String TYPE = "linear";
  static final String MAPPING_RESOURCE = "dev/integrationagent/mappings/linear.yaml";
  private static final Pattern TEAM_KEY = Pattern.compile("[A-Za-z0-9_]{1,20}");

  /** For the service loader; hosts use {@link #builder()}. */
  public LinearConnector() {}

  /** The shipped mapping, compiled once on first use. */
  private static final class DefaultMapping {
    static final Mapping MAPPING = Mappings.fromResource(MAPPING_RESOURCE);
  }

  /** A connection definition to fill in and hand to the agent builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String version() {
    return "0.1.0";
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  @Override
  public List<String> validate(ConnectionSettings settings) {
    return fromSettings(requireNonNull(settings, "settings")).problems();
  }

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
    settings.get("team").ifPresent(b::team);
    settings.get("webhookSecret").ifPresent(b::webhookSecret);
    Optional<String> apiKey = settings.get("apiKey");
    Optional<String> accessToken = settings.get("accessToken");
    if (apiKey.isPresent()) {
      b.apiKey(apiKey.get());
    } else if (accessToken.isPresent()) {
      b.auth(Auth.bearer(accessToken.get()));
    }
    return b;
  }

  /**
   * One Linear connection: team, credentials, limits. Mutable while the host configures it;
   * {@link #open} takes a snapshot.
   *
   * <pre>{@code
   * LinearConnector.Builder linear = LinearConnector.builder().team("ENG").apiKey(key);
   * List<String> problems = linear.problems();   // empty when valid
   * }</pre>
   */
  public static final class Builder implements ConnectionDefinition {
    private String baseUrl = DEFAULT_BASE_URL;
    private @Nullable String team;
    private @Nullable AuthStrategy auth;
    private @Nullable Mapping mapping;
    private HttpSettings settings = LinearSession.DEFAULTS;
    private @Nullable String webhookSecret;
    private final SettingProblems misuse = new SettingProblems();

    private Builder() {}

    /** The API host, default {@code https://api.linear.app}; the connector posts to {@code /graphql}. */
    public Builder baseUrl(String value) {
      String url = misuse.present("baseUrl", value, null);
      if (url != null) {
        url = url.strip();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      }
      return this;
    }

    /** The team key ({@code ENG}, the prefix of its issues' identifiers): listed and created there. */
    public Builder team(String key) {
      String value = misuse.present("team", key, null);
      if (value != null) {
        this.team = value.strip();
      }
      return this;
    }

    /**
     * A personal API key, sent as Linear documents it: {@code Authorization: <key>}, without a
     * scheme (an OAuth token goes through {@link #auth} with {@code Auth.bearer}).
     */
    public Builder apiKey(String key) {
      String value = misuse.present("apiKey", key, null);
      if (value != null) {
        this.auth = Auth.apiKeyHeader("Authorization", value);
      }
      return this;
    }

    /** Any authentication strategy, such as {@code Auth.bearer(oauthAccessToken)}. */
    public Builder auth(AuthStrategy strategy) {
      this.auth = misuse.present("auth", strategy, auth);
      return this;
    }

    /** Replaces the shipped default mapping ({@code mappings/linear.yaml}). */
    public Builder mapping(Mapping value) {
      this.mapping = misuse.present("mapping", value, mapping);
      return this;
    }

    /** HTTP limits; start from {@link #defaultSettings()} to change single values. */
    public Builder settings(HttpSettings value) {
      this.settings = misuse.present("settings", value, settings);
      return this;
    }

    /**
     * The webhook's signing secret; deliveries are then verified by {@code Linear-Signature}.
     * Without it the session offers no webhook handler.
     */
    public Builder webhookSecret(String secret) {
      if (secret == null) {
        misuse.record("webhookSecret", SettingProblems.missing());
      } else if (secret.isEmpty()) {
        misuse.record("webhookSecret", "empty; give the webhook's signing secret or leave the call out");
      } else {
        misuse.clear("webhookSecret");
        this.webhookSecret = secret;
      }
      return this;
    }

    /** The connector's HTTP defaults, to derive overrides from. */
    public static HttpSettings defaultSettings() {
      return LinearSession.DEFAULTS;
    }

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      if (!isHttpUrl(baseUrl)) {
        problems.add("baseUrl: not an http(s) URL: '" + baseUrl + "'");
      }
      if (team == null || team.isEmpty()) {
        problems.add("team: missing; give the team key such as 'ENG' (the prefix of its issue identifiers)");
      } else if (!TEAM_KEY.matcher(team).matches()) {
        problems.add("team: not a Linear team key (letters, digits, '_'): '" + team + "'");
      }
      if (auth == null) {
        problems.add("auth: missing; give apiKey(personalApiKey) or auth(Auth.bearer(oauthToken))");
      } else {
        auth.problems().forEach(p -> problems.add("auth: " + p));
      }
      return List.copyOf(misuse.merge(problems));
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
        throw new ConfigurationException("Linear connection settings are invalid", problems);
      }
      return new LinearSession(context, new LinearSession.Config(baseUrl, requireNonNull(team), requireNonNull(auth),
          settings, webhookSecret));
    }

    private static boolean isHttpUrl(String url) {
      try {
        URI uri = URI.create(url);
        return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }
}
