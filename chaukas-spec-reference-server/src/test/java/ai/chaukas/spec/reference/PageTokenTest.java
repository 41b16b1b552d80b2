package ai.chaukas.spec.reference;

import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.QueryFilter;
import ai.chaukas.spec.reference.internal.Position;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The page token format: round trip, binding, authentication, and refusal of anything malformed. */
class PageTokenTest {

  private static final QueryFilter FILTER =
      QueryFilter.newBuilder().setTenantId("t").addTypes(EventType.EVENT_TYPE_ERROR).build();
  private static final byte[] KEY = key(1);
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private static byte[] key(int seed) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) seed);
    return key;
  }

  @Test
  void roundTripsThePosition() throws Exception {
    byte[] binding = PageToken.binding(FILTER, true);
    Position last = new Position(-62_135_596_800L, 999_999_999, "id \u00e9 \uD83D\uDE00");
    String token = PageToken.encode(KEY, binding, last);
    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(token).hasSize(PageToken.length(last.eventId().getBytes("UTF-8").length));
    assertThat(PageToken.decode(token, KEY, binding)).isEqualTo(last);
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
    String token = PageToken.encode(KEY, PageToken.binding(FILTER, true), new Position(1, 2, "e"));
    assertThatThrownBy(() -> PageToken.decode(token, KEY, PageToken.binding(FILTER, false)))
        .isInstanceOf(PageToken.InvalidTokenException.class)
        .hasMessageContaining("another tenant, filter or sort order");
  }

  @Test
  void refusesEveryTokenWithOneCharacterChanged() {
    byte[] binding = PageToken.binding(FILTER, true);
    String token = PageToken.encode(KEY, binding, new Position(1_700_000_000L, 5, "event-42"));
    for (int i = 0; i < token.length(); i++) {
      for (char c : ALPHABET.toCharArray()) {
        if (c == token.charAt(i)) {
          continue;
        }
        String altered = token.substring(0, i) + c + token.substring(i + 1);
        assertThatThrownBy(() -> PageToken.decode(altered, KEY, binding))
            .as("token with %s at %d", c, i)
            .isInstanceOf(PageToken.InvalidTokenException.class);
      }
    }
  }

  @Test
  void refusesATokenIssuedWithAnotherKey() {
    byte[] binding = PageToken.binding(FILTER, true);
    String token = PageToken.encode(key(2), binding, new Position(1, 2, "e"));
    assertThatThrownBy(() -> PageToken.decode(token, KEY, binding))
        .isInstanceOf(PageToken.InvalidTokenException.class)
        .hasMessageContaining("not issued by this store");
  }

  @Test
  void refusesMalformedTokensEvenWithAValidMac() throws Exception {
    byte[] binding = PageToken.binding(FILTER, true);
    byte[] valid = Base64.getUrlDecoder().decode(PageToken.encode(KEY, binding, new Position(1, 2, "e")));
    byte[] unsigned = Arrays.copyOf(valid, valid.length - 16);
    byte[][] broken = {
      withByte(unsigned, 0, (byte) 1), // the unsigned version of old
      withByte(unsigned, 25, (byte) 0x80), // nanos negative
      withByte(unsigned, 32, (byte) 9), // id length beyond the data
      withByte(unsigned, unsigned.length - 1, (byte) 0xFF), // not UTF-8
    };
    for (byte[] bytes : broken) {
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(signed(bytes));
      assertThatThrownBy(() -> PageToken.decode(token, KEY, binding))
          .as("token %s", token)
          .isInstanceOf(PageToken.InvalidTokenException.class)
          .hasMessageContaining("malformed");
    }
    for (String token : new String[] {"", "%%%", "AAAA"}) {
      assertThatThrownBy(() -> PageToken.decode(token, KEY, binding))
          .isInstanceOf(PageToken.InvalidTokenException.class)
          .hasMessageContaining("malformed");
    }
  }

  private static byte[] signed(byte[] unsigned) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    byte[] out = Arrays.copyOf(unsigned, unsigned.length + 16);
    System.arraycopy(mac.doFinal(unsigned), 0, out, unsigned.length, 16);
    return out;
  }

  private static byte[] withByte(byte[] bytes, int index, byte value) {
    byte[] copy = bytes.clone();
    copy[index] = value;
    return copy;
  }
}
