package dev.integrationagent.connectors.jira;

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
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.annotation.Nullable;

/**
 * The Jira Cloud connector (platform REST API v3). Issues of one project are listed through JQL,
 * written through the issue resources, moved through workflow transitions, and marked with an
 * entity property so that a create can be found again after a lost response.
 *
 * <pre>{@code
 * IntegrationAgent.builder()
 *     .connection("jira", JiraConnector.builder()
 *         .baseUrl("https://acme.atlassian.net")
 *         .project("APP")
 *         .issueType("Bug")                          // default "Task"
 *         .auth(Auth.basic("bot@acme.com", apiToken))
 *         .webhookSecret(secret))
 * }</pre>
 *
 * <p>Settings for {@link #open(ConnectionSettings, ConnectorContext)}: {@code baseUrl},
 * {@code project}, {@code issueType}, and either {@code email} with secret {@code apiToken} or
 * secret {@code accessToken} (OAuth 2.0 bearer); optional secret {@code webhookSecret}.
 */
public final class JiraConnector implements Connector {
  /** What Jira sessions can do. No optimistic locking: Jira has no conditional issue update. */
  public static final Set<Capability> CAPABILITIES = Set.of(
      Capability.READ_CHANGES, Capability.CREATE, Capability.UPDATE, Capability.DELETE,
      Capability.COMMENTS, Capability.STATUS_TRANSITIONS, Capability.SYNC_MARKERS,
      Capability.WEBHOOKS, Capability.CUSTOM_FIELDS);

  static final String TYPE = "jira";
  static final String MAPPING_RESOURCE = "dev/integrationagent/mappings/jira.yaml";
  private static final Pattern PROJECT_KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,254}");

  /** For the service loader; hosts use {@link #builder()}. */
  public JiraConnector() {}

  /** The shipped mapping, compiled once on first use: mappings are immutable and shared. */
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
    settings.get("project").ifPresent(b::project);
    settings.get("issueType").ifPresent(b::issueType);
    settings.get("webhookSecret").ifPresent(secret -> {
      if (secret.isEmpty()) {
        b.settingProblem = "webhookSecret: empty; remove the setting or give the webhook's secret";
      } else {
        b.webhookSecret(secret);
      }
    });
    Optional<String> email = settings.get("email");
    Optional<String> apiToken = settings.get("apiToken");
    Optional<String> accessToken = settings.get("accessToken");
    if (email.isPresent() && apiToken.isPresent()) {
      b.auth(Auth.basic(email.get(), apiToken.get()));
    } else if (accessToken.isPresent()) {
      b.auth(Auth.bearer(accessToken.get()));
    } else if (email.isPresent() != apiToken.isPresent()) {
      b.authProblem = "email/apiToken: both are needed for basic authentication";
    }
    return b;
  }

  /**
   * One Jira connection: site, project, issue type, credentials and limits. Mutable while the
   * host configures it; {@link #open} takes a snapshot.
   *
   * <pre>{@code
   * JiraConnector.Builder jira = JiraConnector.builder()
   *     .baseUrl("https://acme.atlassian.net").project("APP")
   *     .auth(Auth.basic(email, apiToken))
   *     .settings(HttpSettings.from(JiraConnector.Builder.defaultSettings()).maxConcurrentCalls(4).build());
   * List<String> problems = jira.problems();   // empty when valid
   * }</pre>
   */
  public static final class Builder implements ConnectionDefinition {
    private @Nullable String baseUrl;
    private @Nullable String project;
    private String issueType = "Task";
    private @Nullable AuthStrategy auth;
    private @Nullable Mapping mapping;
    private HttpSettings settings = JiraSession.DEFAULTS;
    private @Nullable String webhookSecret;
    private Duration searchOverlap = Duration.ofMinutes(2);
    private Duration markerLookback = Duration.ofDays(30);
    private @Nullable String authProblem;
    private @Nullable String settingProblem;
    private final SettingProblems misuse = new SettingProblems();

    private Builder() {}

    /** The site, {@code https://<site>.atlassian.net}, without {@code /rest/...}. */
    public Builder baseUrl(String value) {
      String url = misuse.present("baseUrl", value, null);
      if (url != null) {
        url = url.strip();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      }
      return this;
    }

    /** The project key, such as {@code APP}: changes are listed and items created there. */
    public Builder project(String key) {
      String value = misuse.present("project", key, null);
      if (value != null) {
        this.project = value.strip();
      }
      return this;
    }

    /** The issue type name used for creates that do not name one; default {@code Task}. */
    public Builder issueType(String name) {
      String value = misuse.present("issueType", name, null);
      if (value != null) {
        this.issueType = value.strip();
      }
      return this;
    }

    /** {@code Auth.basic(email, apiToken)} or an OAuth 2.0 bearer strategy. */
    public Builder auth(AuthStrategy strategy) {
      this.auth = misuse.present("auth", strategy, auth);
      this.authProblem = null;
      return this;
    }

    /** Replaces the shipped default mapping ({@code mappings/jira.yaml}). */
    public Builder mapping(Mapping value) {
      this.mapping = misuse.present("mapping", value, mapping);
      return this;
    }

    /** HTTP limits; start from {@link #defaultSettings()} to change single values. */
    public Builder settings(HttpSettings value) {
      this.settings = misuse.present("settings", value, settings);
      return this;
    }

    /** The secret configured on the Jira webhook; deliveries without a valid signature fail. */
    public Builder webhookSecret(String secret) {
      if (secret == null) {
        misuse.record("webhookSecret", SettingProblems.missing());
      } else if (secret.isEmpty()) {
        misuse.record("webhookSecret", "empty; leave the call out to accept unsigned deliveries");
      } else {
        misuse.clear("webhookSecret");
        this.webhookSecret = secret;
      }
      return this;
    }

    /**
     * How far before the last seen update each listing starts again (default 2 minutes): JQL
     * compares at minute precision and search results are eventually consistent.
     */
    public Builder searchOverlap(Duration value) {
      this.searchOverlap = misuse.check("searchOverlap",
          () -> Arguments.atMost("searchOverlap", value, Duration.ofHours(1)), searchOverlap);
      return this;
    }

    /**
     * How far back the marker lookup scans when the marker property is not searchable by JQL
     * (default 30 days).
     */
    public Builder markerLookback(Duration value) {
      this.markerLookback = misuse.check("markerLookback", () -> Arguments.positive("markerLookback", value),
          markerLookback);
      return this;
    }

    /** The connector's HTTP defaults, to derive overrides from. */
    public static HttpSettings defaultSettings() {
      return JiraSession.DEFAULTS;
    }

    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public List<String> problems() {
      List<String> problems = new ArrayList<>();
      if (baseUrl == null || baseUrl.isEmpty()) {
        problems.add("baseUrl: missing; give https://<site>.atlassian.net");
      } else if (!isHttpUrl(baseUrl)) {
        problems.add("baseUrl: not an http(s) URL: '" + baseUrl + "'");
      }
      if (project == null || project.isEmpty()) {
        problems.add("project: missing; give the project key such as 'APP'");
      } else if (!PROJECT_KEY.matcher(project).matches()) {
        problems.add("project: not a Jira project key (upper-case letters, digits, '_'): '" + project + "'");
      }
      if (issueType.isEmpty()) {
        problems.add("issueType: blank");
      }
      if (settingProblem != null) {
        problems.add(settingProblem);
      }
      if (authProblem != null) {
        problems.add(authProblem);
      } else if (auth == null) {
        problems.add("auth: missing; give Auth.basic(email, apiToken) or an OAuth 2.0 bearer token");
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
        throw new ConfigurationException("Jira connection settings are invalid", problems);
      }
      // a created item is built from the request only where it is known what the mapping reads
      boolean shippedMapping = mapping == null || mapping == DefaultMapping.MAPPING;
      return new JiraSession(context, new JiraSession.Config(requireNonNull(baseUrl), requireNonNull(project),
          issueType, requireNonNull(auth), settings, webhookSecret, searchOverlap, markerLookback, shippedMapping));
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
