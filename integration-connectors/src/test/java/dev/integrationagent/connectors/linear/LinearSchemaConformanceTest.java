package dev.integrationagent.connectors.linear;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.connector.ConnectorSession;
import dev.integrationagent.api.connector.Cursor;
import dev.integrationagent.api.connector.ExternalItem;
import dev.integrationagent.testkit.FakeLinear;
import dev.integrationagent.testkit.FakeServer;
import graphql.GraphQLContext;
import graphql.GraphQLError;
import graphql.ParseAndValidate;
import graphql.execution.RawVariables;
import graphql.execution.ValuesResolver;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.Parser;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Conformance with Linear's published GraphQL schema ({@code linear-schema.graphql}, the SDK's
 * {@code schema.graphql}): every document the connector holds, and every request it sent during a
 * run through each of its operations, parses and validates against the schema, and its variables
 * coerce to the types the document declares; every answer of the fake has, for each field the
 * document selected, the field with a value of the schema's type (non-null where the schema says
 * so, ISO-8601 timestamps for {@code DateTime}, {@code YYYY-MM-DD} for {@code TimelessDate}) and
 * nothing the document did not select.
 */
class LinearSchemaConformanceTest {
  private static final GraphQLSchema SCHEMA = FakeLinear.schema();
  private final LinearFixture fixture = new LinearFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void everyDocumentOfTheConnectorValidatesAgainstLinearsSchema() {
    for (String document : LinearQueries.ALL) {
      List<String> problems = ParseAndValidate.parseAndValidate(SCHEMA,
              graphql.ExecutionInput.newExecutionInput().query(document).build())
          .getErrors().stream().map(GraphQLError::getMessage).toList();
      assertThat(problems).as(document).isEmpty();
    }
  }

  @Test
  void aDocumentNamingAFieldLinearLacksIsRefusedWithAValidationError() {
    assertThat(ParseAndValidate.parseAndValidate(SCHEMA, graphql.ExecutionInput.newExecutionInput()
        .query("query { viewer { id nickname } }").build()).getErrors()).isNotEmpty();
  }

  @Test
  void everyRequestSentAndEveryAnswerReceivedConformsToTheSchema() {
    fixture.linear.recordTraffic();
    exerciseEveryOperation();

    List<FakeServer.Exchange> traffic = fixture.linear.traffic();
    Set<String> operations = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (FakeServer.Exchange exchange : traffic) {
      JsonNode body = read(exchange.request().body());
      String query = body.path("query").asText();
      Document document = Parser.parse(query);
      OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).get(0);
      operations.add(operation.getName());
      ParseAndValidate.validate(SCHEMA, document).forEach(e -> problems.add(operation.getName() + ": " + e.getMessage()));
      Map<String, Object> variables = LinearFixture.JSON.convertValue(body.path("variables"),
          new TypeReference<Map<String, Object>>() {});
      try {
        ValuesResolver.coerceVariableValues(SCHEMA, operation.getVariableDefinitions(), RawVariables.of(variables),
            GraphQLContext.getDefault(), Locale.ROOT);
      } catch (RuntimeException e) {
        problems.add(operation.getName() + " variables " + variables + ": " + e.getMessage());
      }
      if (exchange.response().status() == 200) {
        JsonNode data = read(exchange.response().body()).path("data");
        GraphQLFieldsContainer root = operation.getOperation() == OperationDefinition.Operation.MUTATION
            ? SCHEMA.getMutationType() : SCHEMA.getQueryType();
        shape(operation.getName(), data, operation.getSelectionSet(), root, problems);
      }
    }
    assertThat(problems).isEmpty();
    assertThat(operations).as("operations seen in traffic").containsExactlyInAnyOrder("Team", "IssuesChanged", "Issue",
        "IssueCreate", "IssueUpdate", "IssueDelete", "IssueComments", "CommentCreate", "CommentUpdate", "Viewer");
  }

  private void exerciseEveryOperation() {
    ConnectorSession session = fixture.open();
    LinearConnector connector = new LinearConnector();
    WorkItem item = WorkItem.builder().title("Conformance").description("Checked *against* the schema").build();
    ExternalItem created = session.create(connector.defaultMapping().fromCanonical(item,
        Set.of("title", "description", "status", "priority", "dueDate")), "ia:conformance:1");
    fixture.clock.advance(Duration.ofSeconds(1));
    session.changes(Cursor.START, 10);
    session.get(created.id());
    session.findByMarker("ia:conformance:1");
    session.update(created.id(), LinearFixture.JSON.createObjectNode().put("title", "Conformance, renamed"), null);
    session.transition(created.id(), "In Progress");
    var comment = session.addComment(created.id(), "A **comment**");
    session.updateComment(created.id(), comment.id(), "A comment, edited");
    session.comments(created.id(), null);
    session.health();
    session.delete(created.id());
  }

  /** Checks {@code value} against the selection on {@code type}; records every mismatch. */
  private static void shape(String where, JsonNode value, SelectionSet selection, GraphQLFieldsContainer type,
      List<String> problems) {
    Set<String> selected = new HashSet<>();
    for (Selection<?> s : selection.getSelections()) {
      if (!(s instanceof Field field)) {
        continue;
      }
      String name = field.getResultKey();
      selected.add(name);
      GraphQLFieldDefinition definition = type.getFieldDefinition(field.getName());
      if (definition == null) {
        problems.add(where + "." + name + ": not a field of " + type.getName());
      } else if (!value.has(name)) {
        problems.add(where + "." + name + ": selected but missing from the answer");
      } else {
        check(where + "." + name, value.get(name), definition.getType(), field.getSelectionSet(), problems);
      }
    }
    value.properties().forEach(e -> {
      if (!selected.contains(e.getKey())) {
        problems.add(where + "." + e.getKey() + ": answered but not selected");
      }
    });
  }

  private static void check(String where, JsonNode value, GraphQLOutputType declared, SelectionSet selection,
      List<String> problems) {
    GraphQLType type = declared;
    if (type instanceof GraphQLNonNull nonNull) {
      if (value.isNull()) {
        problems.add(where + ": null, but the schema says " + GraphQLTypeUtil.simplePrint(declared));
        return;
      }
      type = nonNull.getWrappedType();
    }
    if (value.isNull()) {
      return;
    }
    if (type instanceof GraphQLList list) {
      if (!value.isArray()) {
        problems.add(where + ": not a list");
        return;
      }
      for (JsonNode element : value) {
        check(where + "[]", element, (GraphQLOutputType) list.getWrappedType(), selection, problems);
      }
    } else if (type instanceof GraphQLFieldsContainer object) {
      if (!value.isObject()) {
        problems.add(where + ": not an object of " + object.getName());
      } else {
        shape(where, value, selection, object, problems);
      }
    } else if (type instanceof GraphQLEnumType e) {
      if (!value.isTextual() || e.getValue(value.asText()) == null) {
        problems.add(where + ": '" + value + "' is not a value of " + e.getName());
      }
    } else if (type instanceof GraphQLScalarType scalar && !scalarMatches(scalar.getName(), value)) {
      problems.add(where + ": '" + value + "' is not a " + scalar.getName());
    }
  }

  private static boolean scalarMatches(String scalar, JsonNode value) {
    try {
      return switch (scalar) {
        case "String", "ID" -> value.isTextual();
        case "Int" -> value.isIntegralNumber();
        case "Float" -> value.isNumber();
        case "Boolean" -> value.isBoolean();
        case "DateTime" -> value.isTextual() && Instant.parse(value.asText()) != null;
        case "TimelessDate" -> value.isTextual() && LocalDate.parse(value.asText()) != null;
        default -> true;
      };
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  private static JsonNode read(String json) {
    try {
      return LinearFixture.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
