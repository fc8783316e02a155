package dev.integrationagent.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.integrationagent.Mappings;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.ErrorCategory;
import dev.integrationagent.api.IntegrationException;
import dev.integrationagent.api.mapping.Mapping;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** User-supplied expressions cannot run forever, exhaust stack or heap, or reach Java, files or the network. */
class HostileExpressionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Mapping withExpression(String expr) {
    return Mappings.builder("hostile").rule("title", r -> r.expr(expr)).build();
  }

  private static void refusedAtLoad(String expr, String because) {
    assertThatThrownBy(() -> withExpression(expr))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("rules.title.expr")
        .hasMessageContaining(because);
  }

  @Test
  void selfRecursionIsRefused() {
    refusedAtLoad("def f(x) f($x)  f(1)", "function definitions ('def') are not allowed");
  }

  @Test
  void mutualRecursionIsRefused() {
    refusedAtLoad("def a(x) b($x) def b(x) a($x)  a(1)", "line 1, column 1");
  }

  @Test
  void exponentialDoublingIsRefused() {
    refusedAtLoad("def d(s, n) if ($n > 0) d($s + $s, $n - 1) else $s  d(\"ab\", 30)", "'def'");
  }

  @Test
  void importsCannotReadFilesOrResources() {
    refusedAtLoad("import \"/etc/passwd\" as p  p()", "imports are not allowed");
  }

  @Test
  void javaClassesAreUnreachable() {
    refusedAtLoad("java.lang.Runtime.getRuntime()", "JSLT syntax error");
  }

  @Test
  void deeplyNestedLoopsAreRefused() {
    refusedAtLoad("[for (.a) [for (.a) [for (.a) .]]]", "nested 3 deep; the limit is 2");
  }

  @Test
  void overlongExpressionsAreRefused() {
    refusedAtLoad("\"" + "x".repeat(Jslt.MAX_EXPRESSION_LENGTH) + "\"", "the limit is 10000");
  }

  @Test
  void deeplyNestedSyntaxIsRefusedNotACrash() {
    refusedAtLoad("(".repeat(5000) + "1" + ")".repeat(5000), "rules.title.expr");
  }

  @Test
  void anExplodingOutputFailsThatItemWithinItsBudget() {
    Mapping m = withExpression("let a = .a  join([for ($a) join([for ($a) \"0123456789\"], \"\")], \"\")");
    ObjectNode item = JSON.createObjectNode();
    ArrayNode a = item.putArray("a");
    for (int i = 0; i < 400; i++) {
      a.add(i);
    }

    long started = System.nanoTime();
    assertThatThrownBy(() -> m.toCanonical(item))
        .isInstanceOfSatisfying(IntegrationException.class,
            e -> assertThat(e.category()).isEqualTo(ErrorCategory.VALIDATION))
        .hasMessageContaining("over the budget");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aRuntimeErrorFailsTheItemWithTheRuleNamed() {
    Mapping m = withExpression("error(\"boom\")");

    assertThatThrownBy(() -> m.toCanonical(JSON.createObjectNode()))
        .isInstanceOf(IntegrationException.class)
        .hasMessageContaining("rule title (expr error(\"boom\")): expression failed: error: boom");
  }
}
