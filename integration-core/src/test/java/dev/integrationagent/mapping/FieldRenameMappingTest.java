package dev.integrationagent.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.integrationagent.Mappings;
import dev.integrationagent.api.ConfigurationException;
import dev.integrationagent.api.WorkItem;
import dev.integrationagent.api.mapping.Mapping;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldRenameMappingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Mapping mapping = Mappings.renaming(Map.of(
      "title", "/summary", "labels", "/fields/tags", "custom.points", "/fields/story_points"));

  @Test
  void readsRenamedFieldsFromTheirPointers() throws Exception {
    JsonNode vendor = JSON.readTree("{\"summary\":\"Login fails\",\"description\":\"x\","
        + "\"fields\":{\"tags\":[\"bug\"],\"story_points\":5}}");

    WorkItem item = mapping.toCanonical(vendor);

    assertThat(item.title()).isEqualTo("Login fails");
    assertThat(item.labels()).containsExactly("bug");
    assertThat(item.customFields().get("points").asInt()).isEqualTo(5);
  }

  @Test
  void writesOnlyTheRequestedFieldsUnderTheirPointers() throws Exception {
    WorkItem item = WorkItem.builder().title("T").labels(List.of("a", "b")).priority("High").build();

    JsonNode patch = mapping.fromCanonical(item, Set.of("title", "labels"));

    assertThat(patch).isEqualTo(JSON.readTree("{\"summary\":\"T\",\"fields\":{\"tags\":[\"a\",\"b\"]}}"));
  }

  @Test
  void roundTripsThroughTheVendorShape() {
    WorkItem item = WorkItem.builder().title("T").description("d").labels(List.of("x")).build();

    JsonNode vendor = mapping.fromCanonical(item, mapping.fields());

    assertThat(mapping.toCanonical(vendor)).isEqualTo(item);
  }

  @Test
  void identityReadsTheCanonicalDocument() {
    WorkItem item = WorkItem.builder().title("T").priority("Low").build();

    assertThat(Mappings.identity().toCanonical(CanonicalJson.toDocument(item))).isEqualTo(item);
  }

  @Test
  void everyBadRenameIsListed() {
    assertThatThrownBy(() -> Mappings.renaming(Map.of("titel", "/summary", "labels", "tags", "custom.", "/x")))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.problems()).hasSize(3)
            .anySatisfy(p -> assertThat(p).startsWith("renames.titel: not a canonical field"))
            .anySatisfy(p -> assertThat(p).isEqualTo(
                "renames.labels: 'tags' is not a JSON pointer (it must start with '/')"))
            .anySatisfy(p -> assertThat(p).startsWith("renames.custom.: not a canonical field")));
  }
}
