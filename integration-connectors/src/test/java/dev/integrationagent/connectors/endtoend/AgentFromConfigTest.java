package dev.integrationagent.connectors.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.audit.AuditLogs;
import dev.integrationagent.config.SecretResolver;
import dev.integrationagent.testkit.FakeClock;
import dev.integrationagent.testkit.FakeGitHub;
import dev.integrationagent.testkit.FakeJira;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole agent from one YAML document: it syncs, its secrets come from references, and a bad document lists every problem. */
class AgentFromConfigTest {
  private final FakeClock clock = FakeClock.at("2026-01-05T10:00:00Z");
  private final FakeGitHub github = FakeGitHub.start(clock);
  private final FakeJira jira = FakeJira.start(clock);
  @TempDir Path dir;

  @AfterEach
  void stop() {
    github.close();
    jira.close();
  }

  /** Stands in for the process environment: the tokens live here, never in the document. */
  private SecretResolver environment(Map<String, String> variables) {
    return (scheme, name) -> scheme.equals("env") ? Optional.ofNullable(variables.get(name)) : Optional.empty();
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private String document() {
    return """
        schemaVersion: 1
        agentId: config-test
        stateStore:
          type: h2
          path: state/agent
        connections:
          github:
            type: github
            settings:
              baseUrl: %s
              repository: %s
              token: ${env:GITHUB_TOKEN}
            maskInAudit: [description]
          jira:
            type: jira
            settings:
              baseUrl: %s
              project: %s
              email: %s
              apiToken: ${file:%s}
            maskInAudit: [description]
        plans:
          - between: [github, jira]
            direction: oneWay
            every: PT5M
        workflows:
          - schemaVersion: 1
            id: note
            nodes:
              - {id: start, type: trigger, params: {on: manual}}
              - {id: say, type: action, params: {action: addComment, connection: jira, item: "{{ .input.item }}", body: noted}}
            edges:
              - {id: e1, from: {node: start}, to: {node: say}}
        audit:
          sinks:
            - {type: jsonLines, path: audit/audit.jsonl}
            - {type: jdbc}
        alerts:
          sinks:
            - {type: log}
          rules:
            maxLag: PT2H
        health:
          every: PT1M
        """;
  }

  @Test
  void anAgentBuiltFromYamlSyncsGitHubIntoJiraAndAuditsWithoutItsSecrets() throws IOException {
    github.createIssue("Checkout button unresponsive", "Tapping **Pay** does nothing.");
    Path tokenFile = write("jira-token", jira.apiToken() + "\n");
    Path config = write("agent.yaml", document().formatted(github.url(), github.repository(), jira.url(),
        jira.projectKey(), jira.email(), tokenFile));

    SyncReport report;
    try (IntegrationAgent agent = IntegrationAgent.fromConfig(config,
        environment(Map.of("GITHUB_TOKEN", github.token())))) {
      report = agent.syncNow("github-jira");
      assertThat(agent.plans().get("github-jira").every()).contains(java.time.Duration.ofMinutes(5));
      assertThat(agent.agentId()).isEqualTo("config-test");
    }

    assertThat(report.created()).isEqualTo(1);
    assertThat(jira.issueCount()).isEqualTo(1);
    Path audit = dir.resolve("audit/audit.jsonl");
    assertThat(AuditLogs.verify(audit).ok()).isTrue();
    String written = Files.readString(audit);
    assertThat(written).contains("created jira item").doesNotContain(github.token()).doesNotContain(jira.apiToken())
        .doesNotContain("Tapping **Pay**");
    assertThat(dir.resolve("state/agent.mv.db")).exists();
  }

  @Test
  void theSameDocumentAsJsonFromAReaderBuildsTheSameAgent() {
    String json = """
        {"connections": {"github": {"type": "github", "settings": {"baseUrl": "%s", "repository": "%s",
          "token": "${env:GITHUB_TOKEN}"}},
          "jira": {"type": "jira", "settings": {"baseUrl": "%s", "project": "%s", "email": "%s",
          "apiToken": "${env:JIRA_TOKEN}"}}},
         "stateStore": {"type": "memory"},
         "plans": [{"between": ["github", "jira"], "id": "gh-to-jira"}]}
        """.formatted(github.url(), github.repository(), jira.url(), jira.projectKey(), jira.email());
    github.createIssue("Typo in the welcome e-mail", null);

    try (IntegrationAgent agent = IntegrationAgent.fromConfig(new StringReader(json),
        environment(Map.of("GITHUB_TOKEN", github.token(), "JIRA_TOKEN", jira.apiToken())))) {
      assertThat(agent.syncNow("gh-to-jira").created()).isEqualTo(1);
    }
  }

  @Test
  void aMalformedDocumentListsEveryProblemAtOnceWithItsLineAndColumn() throws IOException {
    Path config = write("bad.yaml", """
        connections:
          github:
            type: github
            settings:
              repository: acme/app
              token: ghp_literal_token_in_the_file
          jira:
            type: jira
            settings:
              apiToken: ${env:JIRA_TOKEN}
        plans:
          - between: [github, jira]
            every: five minutes
            direction: sideways
        alerts:
          sinks:
            - {type: webhook, url: "https://hooks.example.com/x", secret: "${env:ALERT_SECRET}"}
        """);

    ConfigurationException schema = catchThrowableOfType(ConfigurationException.class,
        () -> IntegrationAgent.fromConfig(config, environment(Map.of())));

    assertThat(schema.problems()).as(String.join("\n", schema.problems())).anySatisfy(p -> assertThat(p)
        .startsWith("plans[0].every (line 13, column 12): 'five minutes' is not an ISO-8601 duration")).anySatisfy(p -> assertThat(p)
        .startsWith("plans[0].direction (line 14, column 16)"));

    Path fixedSchema = write("bad2.yaml", Files.readString(config).replace("five minutes", "PT5M")
        .replace("sideways", "twoWay"));
    ConfigurationException semantic = catchThrowableOfType(ConfigurationException.class,
        () -> IntegrationAgent.fromConfig(fixedSchema, environment(Map.of())));

    assertThat(semantic.problems()).as(String.join("\n", semantic.problems()))
        .anySatisfy(p -> assertThat(p).startsWith("connections.github.settings.token (line 6, column 14): a secret is"
            + " never written in the configuration"))
        .anySatisfy(p -> assertThat(p).startsWith("connections.jira.settings.apiToken (line 10, column 17):"
            + " ${env:JIRA_TOKEN} is not set"))
        .anySatisfy(p -> assertThat(p).startsWith("alerts.sinks[0].secret (line 17, column")
            .contains("${env:ALERT_SECRET} is not set"));
    assertThat(String.join("\n", semantic.problems())).doesNotContain("ghp_literal_token_in_the_file");
  }

  @Test
  void theBuildersOwnProblemsAreNamedWhereTheDocumentSaysThem() throws IOException {
    Path config = write("agent.yaml", """
        stateStore: {type: memory}
        connections:
          github:
            type: github
            settings:
              repository: acme/app
              token: ${env:GITHUB_TOKEN}
          tracker:
            type: no-such-tool
        plans:
          - between: [github, jira]
        """);

    ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
        () -> IntegrationAgent.fromConfig(config, environment(Map.of("GITHUB_TOKEN", "t"))));

    assertThat(e.problems()).as(String.join("\n", e.problems()))
        .anySatisfy(p -> assertThat(p).startsWith("connections.tracker (line 8, column 3)")
            .contains("unknown connector type 'no-such-tool'"))
        .anySatisfy(p -> assertThat(p).startsWith("plans[0] (line 11, column 5) (plan github-jira)")
            .contains("jira"));
  }
}
