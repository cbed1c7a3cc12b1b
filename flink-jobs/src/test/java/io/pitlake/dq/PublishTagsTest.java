package io.pitlake.dq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PublishTagsTest {

  static final List<String> TAGS =
      List.of(
          "publish-20261207-010000-000",
          "research-2024",
          "publish-20261205-235959-999",
          "publish-mine",
          "publish-20261206-120000-500",
          "audit");

  @Test
  void keepsTheNewestPublishesAndEveryOtherTag() {
    assertThat(PublishTags.expired(TAGS, 2)).containsExactly("publish-20261205-235959-999");
    assertThat(PublishTags.expired(TAGS, 1))
        .containsExactly("publish-20261205-235959-999", "publish-20261206-120000-500");
    assertThat(PublishTags.expired(TAGS, 3)).isEmpty();
  }

  @Test
  void aRetentionBelowOneNamesTheOption() {
    assertThatThrownBy(() -> PublishTags.expired(TAGS, 0))
        .hasMessageContaining("dq.publish-tags.retain is 0: it must be 1 or more");
  }
}
