package dev.integrationagent.testkit;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.Coercing;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.TypeResolver;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.InterfaceWiringEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.ScalarWiringEnvironment;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnionWiringEnvironment;
import graphql.schema.idl.WiringFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * Linear's published GraphQL schema ({@code linear/linear}, {@code packages/sdk/src/schema.graphql},
 * MIT licence; a snapshot ships in this jar as {@code linear-schema.graphql}) made executable for
 * {@link FakeLinear}: every request is parsed, validated and run against the real schema, so a
 * field, argument or type the schema lacks is refused as Linear refuses it, and every answer has
 * the schema's shape. The fields the fake serves are resolved by {@link FakeLinearData}; every
 * other field reads the property of the same name from the parent's map. Built once per JVM
 * (parsing the 1.2 MB schema takes a few seconds).
 */
final class FakeLinearSchema {
  static final String RESOURCE = "dev/integrationagent/testkit/linear-schema.graphql";
  /** The key under which a request's {@link FakeLinearData} travels in the GraphQL context. */
  static final String DATA = "fakeLinearData";

  private FakeLinearSchema() {}

  private static final class Holder {
    static final TypeDefinitionRegistry TYPES = new SchemaParser().parse(sdl());
    static final GraphQLSchema EXECUTABLE = new SchemaGenerator().makeExecutableSchema(TYPES, wiring());
  }

  /** The executable schema. */
  static GraphQLSchema schema() {
    return Holder.EXECUTABLE;
  }

  /** The schema's text as published. */
  static String sdl() {
    try (InputStream in = FakeLinearSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the test kit jar lacks " + RESOURCE);
      }
      // graphql-java declares @oneOf itself; the published file declares it too
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replaceFirst("(\"[^\"\n]*\"\\s*)?directive @oneOf on INPUT_OBJECT", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RuntimeWiring wiring() {
    TypeResolver byTypename = env -> {
      Object name = env.getObject() instanceof Map<?, ?> map ? map.get("__typename") : null;
      GraphQLObjectType type = name == null ? null : env.getSchema().getObjectType(name.toString());
      if (type == null) {
        throw new IllegalStateException("the fake answered an object without a known __typename: " + name);
      }
      return type;
    };
    return RuntimeWiring.newRuntimeWiring().wiringFactory(new WiringFactory() {
      @Override
      public boolean providesScalar(ScalarWiringEnvironment environment) {
        return !graphql.schema.idl.ScalarInfo.isGraphqlSpecifiedScalar(environment.getScalarTypeDefinition().getName());
      }

      @Override
      public GraphQLScalarType getScalar(ScalarWiringEnvironment environment) {
        String name = environment.getScalarTypeDefinition().getName();
        return GraphQLScalarType.newScalar().name(name).coercing(PASS_THROUGH).build();
      }

      @Override
      public boolean providesTypeResolver(InterfaceWiringEnvironment environment) {
        return true;
      }

      @Override
      public TypeResolver getTypeResolver(InterfaceWiringEnvironment environment) {
        return byTypename;
      }

      @Override
      public boolean providesTypeResolver(UnionWiringEnvironment environment) {
        return true;
      }

      @Override
      public TypeResolver getTypeResolver(UnionWiringEnvironment environment) {
        return byTypename;
      }

      @Override
      public boolean providesDataFetcher(FieldWiringEnvironment environment) {
        return FakeLinearData.serves(environment.getParentType().getName(), environment.getFieldDefinition().getName());
      }

      @Override
      public DataFetcher<?> getDataFetcher(FieldWiringEnvironment environment) {
        String type = environment.getParentType().getName();
        String field = environment.getFieldDefinition().getName();
        return env -> {
          FakeLinearData data = env.getGraphQlContext().get(DATA);
          return data.fetch(type, field, env);
        };
      }
    }).build();
  }

  /**
   * Linear's custom scalars (DateTime, TimelessDate, JSON, …) as the JSON values they travel as:
   * strings, numbers, objects. The fake checks the formats it cares about where it reads them.
   */
  private static final Coercing<Object, Object> PASS_THROUGH = new Coercing<>() {
    @Override
    public @Nullable Object serialize(Object dataFetcherResult, GraphQLContext context, Locale locale) {
      return dataFetcherResult;
    }

    @Override
    public @Nullable Object parseValue(Object input, GraphQLContext context, Locale locale) {
      return input;
    }

    @Override
    public @Nullable Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
        Locale locale) {
      return literal(input, variables);
    }
  };

  private static @Nullable Object literal(Value<?> value, CoercedVariables variables) {
    if (value instanceof StringValue s) {
      return s.getValue();
    } else if (value instanceof IntValue i) {
      return i.getValue().longValue();
    } else if (value instanceof FloatValue f) {
      return f.getValue().doubleValue();
    } else if (value instanceof BooleanValue b) {
      return b.isValue();
    } else if (value instanceof EnumValue e) {
      return e.getName();
    } else if (value instanceof NullValue) {
      return null;
    } else if (value instanceof VariableReference v) {
      return variables.get(v.getName());
    } else if (value instanceof ArrayValue a) {
      List<Object> out = new ArrayList<>();
      a.getValues().forEach(v -> out.add(literal(v, variables)));
      return out;
    } else if (value instanceof ObjectValue o) {
      Map<String, Object> out = new LinkedHashMap<>();
      o.getObjectFields().forEach(f -> out.put(f.getName(), literal(f.getValue(), variables)));
      return out;
    }
    throw new IllegalArgumentException("not a literal: " + value);
  }
}
