package dev.integrationagent.examples;

import dev.integrationagent.AuditSinks;
import dev.integrationagent.Workflows;
import dev.integrationagent.workflow.WorkflowRun;
import dev.integrationagent.ConflictPolicy;
import dev.integrationagent.IntegrationAgent;
import dev.integrationagent.StateStores;
import dev.integrationagent.SyncPlan;
import dev.integrationagent.SyncReport;
import dev.integrationagent.api.Status;
import dev.integrationagent.api.StatusCategory;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.audit.AuditEvent;
import dev.integrationagent.api.store.ConflictRecord;
import dev.integrationagent.api.sync.Side;
import dev.integrationagent.audit.JsonLinesAuditSink;
import dev.integrationagent.testkit.InMemoryConnector;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The quickstart: two demo trackers, a support desk and an engineering board, synced both ways on
 * the embedded H2 store, with a conflict parked and resolved. Everything lives in one data folder (default {@code data/quickstart}):
 * run it again and it continues from there; delete the folder to start afresh.
 *
 * <pre>{@code
 * mvn -q install -DskipTests && mvn -q -pl integration-examples exec:java
 * }</pre>
 */
public final class Quickstart {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private Quickstart() {}

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Path data = Path.of(args.length > 0 ? args[0] : "data/quickstart").toAbsolutePath().normalize();
    run(data, System.out);
    System.out.println();
    OverHttp.run(data, System.getenv(), System.out);
    System.out.println();
    FromConfig.run(data, System.out);
  }

  /**
   * Syncs the demo trackers kept in {@code data} both ways and prints what happened. On a fresh
   * folder it also plays a day of edits on both sides, one of which conflicts, and resolves it.
   */
  public static SyncReport run(Path data, PrintStream out) {
    InMemoryConnector support = InMemoryConnector.builder().name("support desk")
        .storage(data.resolve("support-desk.json")).build();
    InMemoryConnector engineering = InMemoryConnector.builder().name("engineering board")
        .storage(data.resolve("engineering-board.json")).build();
    boolean firstRun = support.isEmpty();
    if (firstRun) {
      seed(support);
    }
    Path auditFile = data.resolve("audit.jsonl");

    out.println("Integration Agent quickstart");
    out.println("  data folder: " + data + (firstRun ? " (new)" : " (continuing from an earlier run)"));
    out.println("  plan: support desk <-> engineering board, two way, conflicts parked for a person,");
    out.println("        on the embedded H2 store");
    out.println();

    SyncReport report;
    try (IntegrationAgent agent = IntegrationAgent.builder()
        .stateStore(StateStores.h2(data.resolve("agent")))
        .connection("support", support)
        .connection("engineering", engineering)
        .sync(SyncPlan.between("support", "engineering").twoWay().conflicts(ConflictPolicy.manual()))
        .audit(AuditSinks.jsonLines(auditFile))
        .workflow(Workflows.fromYaml(resource("escalate.workflow.yaml")))
        .build()) {
      report = agent.syncNow(PLAN);
      printPass("Pass 1", report, auditFile, out);
      if (firstRun) {
        report = dayOfEdits(agent, support, engineering, auditFile, out);
      } else if (report.created() + report.updated() == 0 && report.failed() == 0) {
        out.println("Nothing new to sync: both trackers already hold all " + engineering.items().size()
            + " items from an earlier run. Delete " + data + " to start afresh.");
        out.println();
      }
    }
    out.println("Engineering board now holds:");
    engineering.items().forEach((id, item) -> out.printf("  #%-3s %-44s %-8s %s%n", id, item.title(),
        item.priority() == null ? "-" : item.priority(), String.join(", ", item.labels())));
    return report;
  }

  private static final String PLAN = "support-engineering";

  /** People edit both sides; one field is edited on both, which the plan parks for a person. */
  private static SyncReport dayOfEdits(IntegrationAgent agent, InMemoryConnector support,
      InMemoryConnector engineering, Path auditFile, PrintStream out) {
    String ticket = support.items().keySet().iterator().next();
    String card = agent.stateStore().link(PLAN, Side.A, ticket).orElseThrow().bId();
    out.println("Meanwhile: support raises the priority of ticket #" + ticket + " and retitles it;");
    out.println("           engineering retitles the same item differently and adds a label.");
    support.edit(ticket, i -> i.toBuilder().priority("Urgent").title(i.title() + " (customer escalated)").build());
    engineering.edit(card, i -> i.toBuilder().title(i.title() + " [root cause: token expiry]")
        .labels(append(i.labels(), "triaged")).build());
    out.println();
    SyncReport second = agent.syncNow(PLAN);
    printPass("Pass 2", second, auditFile, out);
    agent.workflowRuns().runNow();
    for (WorkflowRun run : agent.workflowRuns().list("escalate", 5)) {
      out.println("Workflow " + run.workflowId() + " ran (" + run.state() + "), for the priority change:");
      run.steps().forEach(step -> out.println("  step " + step.key() + " (" + step.action() + "): " + step.status()
          + (step.input() == null ? "" : ", " + step.input().path("body").asText())));
    }
    out.println();
    for (ConflictRecord c : agent.conflicts().list(PLAN)) {
      out.println("Conflict on " + c.field() + ":");
      out.println("  base        " + c.base());
      out.println("  support     " + c.aValue());
      out.println("  engineering " + c.bValue());
      out.println("A person decides: keep engineering's " + c.field() + ".");
      agent.conflicts().resolve(PLAN, c.id(), Side.B);
    }
    out.println();
    out.println("Support ticket #" + ticket + " now reads: " + support.item(ticket).orElseThrow().title()
        + " (priority " + support.item(ticket).orElseThrow().priority() + ", labels "
        + support.item(ticket).orElseThrow().labels() + ")");
    out.println();
    return second;
  }

  private static String resource(String name) {
    try (var in = Quickstart.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> append(List<String> list, String value) {
    List<String> out = new java.util.ArrayList<>(list);
    out.add(value);
    return out;
  }

  private static void printPass(String title, SyncReport report, Path auditFile, PrintStream out) {
    out.println(title + ": " + report.summary() + " in " + report.duration().toMillis() + " ms");
    report.failures().forEach(f -> out.println("  failed: " + f.connectionId() + " item " + f.itemId()
        + " (" + f.category() + "): " + f.message()));
    List<AuditEvent> events = JsonLinesAuditSink.read(auditFile).stream()
        .filter(e -> report.runId().equals(e.runId())).toList();
    out.println("  audit trail (" + auditFile.getFileName() + "):");
    for (AuditEvent e : events) {
      out.printf("    %s  %-16s %-8s %s%n", TIME.format(e.at()), e.type(), e.outcome(), e.message());
    }
    out.println();
  }

  private static void seed(InMemoryConnector support) {
    for (Map.Entry<String, List<String>> e : Map.of(
        "Customer cannot reset password", List.of("bug", "auth"),
        "Invoice PDF shows wrong VAT", List.of("bug", "billing"),
        "Add dark mode to the dashboard", List.of("feature"),
        "Export to CSV times out for large accounts", List.of("bug", "performance")).entrySet()) {
      support.add(WorkItem.builder()
          .title(e.getKey())
          .description("Reported by a customer through the **support desk**.")
          .status(Status.of("Open", StatusCategory.TODO))
          .priority(e.getValue().contains("feature") ? "Low" : "High")
          .labels(e.getValue())
          .dueDate(LocalDate.of(2027, 1, 15))
          .build());
    }
  }
}
