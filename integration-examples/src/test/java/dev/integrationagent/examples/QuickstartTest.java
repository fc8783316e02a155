package dev.integrationagent.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.integrationagent.SyncReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {
  @TempDir Path data;

  @Test
  void firstRunCreatesTheDemoItemsAndTheSecondContinuesWithNothingToDo() {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    SyncReport edits = Quickstart.run(data, new PrintStream(first, true, StandardCharsets.UTF_8));
    assertEquals(1, edits.conflicts());
    String firstOutput = first.toString(StandardCharsets.UTF_8);
    assertTrue(firstOutput.contains("Pass 1: support-engineering: 4 created"), firstOutput);
    assertTrue(firstOutput.contains("item.created"), firstOutput);
    assertTrue(firstOutput.contains("Conflict on title"), firstOutput);
    assertTrue(firstOutput.contains("conflict.detected"), firstOutput);
    assertTrue(firstOutput.contains("Workflow escalate ran (SUCCEEDED)"), firstOutput);
    assertTrue(firstOutput.contains("step acknowledge (addComment): done, Escalated: engineering sees"), firstOutput);
    assertTrue(firstOutput.contains("[root cause: token expiry] (priority Urgent, labels"), firstOutput);

    ByteArrayOutputStream second = new ByteArrayOutputStream();
    SyncReport again = Quickstart.run(data, new PrintStream(second, true, StandardCharsets.UTF_8));
    assertEquals(0, again.created() + again.updated() + again.failed());
    String secondOutput = second.toString(StandardCharsets.UTF_8);
    assertTrue(secondOutput.contains("continuing from an earlier run"), secondOutput);
    assertTrue(secondOutput.contains("Nothing new to sync"), secondOutput);
  }

  @Test
  void theConnectorsSyncGitHubIssuesIntoJiraOverHttpAgainstTheFakes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SyncReport report = OverHttp.run(data, java.util.Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));

    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(3, report.created(), text);
    assertEquals(0, report.failed(), text);
    assertTrue(text.contains("health of jira: UP"), text);
  }

  @Test
  void theYamlVariantBuildsTheSameAgentFromOneDocument() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SyncReport report = FromConfig.run(data, new PrintStream(out, true, StandardCharsets.UTF_8));

    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(2, report.created(), text);
    assertTrue(text.contains("From a configuration file: github-jira.agent.yaml"), text);
    assertTrue(text.contains("plan github-jira: UP"), text);
    assertTrue(java.nio.file.Files.exists(data.resolve("from-config-audit.jsonl")), text);
  }

  @Test
  void theQuickstartShowsHealthAnAlertItsResolutionAndAVerifiedAuditQuery() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OverHttp.run(data, java.util.Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));

    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("ALERT CRITICAL the credential of connection jira was refused"), text);
    assertTrue(text.contains("renew it, then agent.retryParked(\"github-jira\")"), text);
    assertTrue(text.contains("health DOWN at"), text);
    assertTrue(text.contains("connection jira: DOWN (Jira rejected the credentials"), text);
    assertTrue(text.contains("ALERT INFO resolved: the credential of connection jira was refused"), text);
    assertTrue(text.contains("health UP at"), text);
    assertTrue(text.contains("audit query (jira, item.created): 4 records"), text);
    assertTrue(text.contains("chain unbroken"), text);
  }
}
