package ai.chaukas.spec.reference;

import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.reference.internal.Position;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The page token format: round trip, binding, and refusal of anything malformed. */
class PageTokenTest {

  private static final QueryFilter FILTER =
      QueryFilter.newBuilder().setTenantId("t").addTypes(EventType.EVENT_TYPE_ERROR).build();

  @Test
  void roundTripsThePosition() throws Exception {
    byte[] binding = PageToken.binding(FILTER, true);
    Position last = new Position(-62_135_596_800L, 999_999_999, "id \u00e9 \uD83D\uDE00");
    String token = PageToken.encode(binding, last);
    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(PageToken.decode(token, binding)).isEqualTo(last);
  }

  @Test
  void bindingDependsOnFilterAndOrderOnly() {
    assertThat(PageToken.binding(FILTER, true)).isEqualTo(PageToken.binding(FILTER.toBuilder().build(), true));
    assertThat(PageToken.binding(FILTER, true)).isNotEqualTo(PageToken.binding(FILTER, false));
    assertThat(PageToken.binding(FILTER, true))
        .isNotEqualTo(PageToken.binding(FILTER.toBuilder().setTenantId("u").build(), true));
    assertThat(PageToken.binding(FILTER, true))
        .isNotEqualTo(PageToken.binding(FILTER.toBuilder().addTags("x").build(), true));
  }

  @Test
  void refusesATokenOfAnotherBinding() {
    String token = PageToken.encode(PageToken.binding(FILTER, true), new Position(1, 2, "e"));
    assertThatThrownBy(() -> PageToken.decode(token, PageToken.binding(FILTER, false)))
        .isInstanceOf(PageToken.InvalidTokenException.class)
        .hasMessageContaining("another tenant, filter or sort order");
  }

  @Test
  void refusesMalformedTokens() {
    byte[] binding = PageToken.binding(FILTER, true);
    byte[] valid = Base64.getUrlDecoder().decode(PageToken.encode(binding, new Position(1, 2, "e")));
    byte[][] broken = {
      new byte[0],
      withByte(valid, 0, (byte) 2), // unknown version
      withByte(valid, 25, (byte) 0x80), // nanos negative
      withByte(valid, 32, (byte) 9), // id length beyond the data
      withByte(valid, valid.length - 1, (byte) 0xFF), // not UTF-8
    };
    for (byte[] bytes : broken) {
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      assertThatThrownBy(() -> PageToken.decode(token, binding))
          .as("token %s", token)
          .isInstanceOf(PageToken.InvalidTokenException.class)
          .hasMessageContaining("malformed");
    }
    assertThatThrownBy(() -> PageToken.decode("%%%", binding))
        .isInstanceOf(PageToken.InvalidTokenException.class);
  }

  private static byte[] withByte(byte[] bytes, int index, byte value) {
    byte[] copy = bytes.clone();
    copy[index] = value;
    return copy;
  }
}
