package dev.integrationagent.examples;

import dev.integrationagent.AuditSinks;
import dev.integrationagent.Auth;
import dev.integrationagent.HealthReport;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.store.StateStore;
import dev.integrationagent.audit.AuditLogs;
import dev.integrationagent.audit.AuditQuery;
import dev.integrationagent.connectors.github.GitHubConnector;
import dev.integrationagent.connectors.jira.JiraConnector;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeJira;
import dev.integrationagent.testkit.RecordingAuditSink;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The second part of the quickstart: the real GitHub and Jira connectors over HTTP. Against the
 * test kit's fake servers on loopback by default; against the real tools when these environment
 * variables are all set: {@code GITHUB_REPOSITORY} (owner/repo), {@code GITHUB_TOKEN},
 * {@code JIRA_URL} (https://your-site.atlassian.net), {@code JIRA_PROJECT}, {@code JIRA_EMAIL},
 * {@code JIRA_API_TOKEN}; {@code GITHUB_URL} optionally points at GitHub Enterprise.
 */
final class OverHttp {
  private OverHttp() {}

  static SyncReport run(Path data, Map<String, String> env, PrintStream out) {
    boolean real = env.keySet().containsAll(java.util.List.of("GITHUB_REPOSITORY", "GITHUB_TOKEN", "JIRA_URL",
        "JIRA_PROJECT", "JIRA_EMAIL", "JIRA_API_TOKEN"));
    FakeGitHub github = real ? null : FakeGitHub.start(Clock.systemUTC());
    FakeJira jira = real ? null : FakeJira.start(Clock.systemUTC());
    try {
      GitHubConnector.Builder githubConnection;
      JiraConnector.Builder jiraConnection;
      StateStore store;
      if (real) {
        out.println("Over HTTP: GitHub " + env.get("GITHUB_REPOSITORY") + " -> Jira " + env.get("JIRA_URL")
            + " project " + env.get("JIRA_PROJECT") + " (the real tools, from your environment)");
        githubConnection = GitHubConnector.builder()
            .baseUrl(env.getOrDefault("GITHUB_URL", "https://api.github.com"))
            .repository(env.get("GITHUB_REPOSITORY")).auth(Auth.bearer(env.get("GITHUB_TOKEN")));
        jiraConnection = JiraConnector.builder().baseUrl(env.get("JIRA_URL")).project(env.get("JIRA_PROJECT"))
            .auth(Auth.basic(env.get("JIRA_EMAIL"), env.get("JIRA_API_TOKEN")));
        store = StateStores.h2(data.resolve("over-http"));
      } else {
        out.println("Over HTTP: GitHub -> Jira with the real connectors, against the test kit's fake servers");
        out.println("  FakeGitHub at " + github.url() + ", FakeJira at " + jira.url()
            + " (set GITHUB_* and JIRA_* to use the real tools; see README)");
        github.createIssue("Checkout button unresponsive on iOS", "Tapping **Pay** does nothing.");
        github.createIssue("Add SSO with Okta", "Requested by three enterprise customers.");
        github.createIssue("Typo in the welcome e-mail", null);
        githubConnection = GitHubConnector.builder().baseUrl(github.url()).repository(github.repository())
            .auth(Auth.bearer(github.token()));
        jiraConnection = JiraConnector.builder().baseUrl(jira.url()).project(jira.projectKey())
            .auth(Auth.basic(jira.email(), jira.apiToken()));
        store = StateStores.inMemory();
      }
      RecordingAuditSink audit = new RecordingAuditSink();
      Path auditFile = data.resolve("over-http-audit.jsonl");
      try (IntegrationAgent agent = IntegrationAgent.builder().stateStore(store)
          .connection("github", githubConnection)
          .connection("jira", jiraConnection)
          .sync(SyncPlan.between("github", "jira").oneWay())
          .audit(audit)
          .audit(AuditSinks.jsonLines(auditFile))
          .maskInAudit("*", "description")
          .alerts(alert -> out.println("  ALERT " + alert.severity() + " " + alert.title() + ": " + alert.message()))
          .build()) {
        SyncReport report = agent.syncNow("github-jira");
        out.println("  " + report.summary() + " in " + report.duration().toMillis() + " ms");
        report.failures().forEach(f -> out.println("  failed: " + f.connectionId() + " item " + f.itemId() + " ("
            + f.category() + "): " + f.message()));
        for (AuditEvent e : audit.ofType("item.created")) {
          out.println("  " + e.message());
        }
        HealthReport health = agent.health();
        health.connections().forEach((id, h) -> out.println("  health of " + id + ": " + h.status()
            + (h.reason().isEmpty() ? "" : " (" + h.reason() + ")")));
        if (!real) {
          operate(agent, github, jira, auditFile, out);
        }
        return report;
      }
    } finally {
      close(github);
      close(jira);
    }
  }

  /**
   * Operating it: the tool refuses the credential, an alert says what to do, health says DOWN; the
   * credential works again, the alert resolves; then the audit is queried and its chain verified.
   */
  private static void operate(IntegrationAgent agent, FakeGitHub github, FakeJira jira, Path auditFile,
      PrintStream out) {
    out.println("Operating it: Jira refuses the credential for a while");
    github.createIssue("Search ignores accents", "Searching for 'cafe' misses 'café'.");
    jira.failNext(4, 401);
    agent.syncNow("github-jira");
    out.println("  " + agent.health().summary().replace("\n", "\n  "));
    jira.clearFaults();
    SyncReport again = agent.syncNow("github-jira");
    out.println("  the credential works again: " + again.summary());
    out.println("  " + agent.health().summary().replace("\n", "\n  "));
    List<AuditEvent> created = AuditLogs.query(auditFile, AuditQuery.all().connection("jira").operation("item.created"));
    out.println("  audit query (jira, item.created): " + created.size() + " records, e.g. "
        + (created.isEmpty() ? "none" : created.get(created.size() - 1).message()));
    out.println("  audit file " + auditFile.getFileName() + ": " + AuditLogs.verify(auditFile).report());
  }

  private static void close(@Nullable AutoCloseable server) {
    if (server != null) {
      try {
        server.close();
      } catch (Exception e) {
        // a fake server that fails to stop only leaks a loopback port until the JVM exits
      }
    }
  }
}
