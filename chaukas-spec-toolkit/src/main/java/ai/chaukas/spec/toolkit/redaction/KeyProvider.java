package ai.chaukas.spec.toolkit.redaction;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the HMAC key that a {@code salt_id} names, for the {@link RedactionMethod#HASH} method.
 * Plug in a KMS, a vault or a configuration file; {@link #of(Map)} holds keys in memory. The
 * {@code salt_id} is written into the event, the key never is, so rotate keys by introducing a new
 * {@code salt_id} and keep old keys for as long as hashed values must be checked.
 *
 * @since 1.0.5
 */
@FunctionalInterface
public interface KeyProvider {

  /**
   * The key for {@code saltId}, or empty when there is none. The redactor does not keep or change
   * the returned array.
   */
  Optional<byte[]> key(String saltId);

  /** A provider with no keys: {@code mask} and {@code drop} work, {@code hash} fails. */
  static KeyProvider none() {
    return saltId -> Optional.empty();
  }

  /** A provider holding one key, copied. */
  static KeyProvider of(String saltId, byte[] key) {
    return of(Map.of(saltId, key));
  }

  /**
   * A provider holding these keys in memory. The map and the arrays are copied, and each call of
   * {@link #key(String)} returns a fresh copy, so callers cannot change the stored keys.
   */
  static KeyProvider of(Map<String, byte[]> keys) {
    Objects.requireNonNull(keys, "keys");
    Map<String, byte[]> copy = new HashMap<>();
    keys.forEach((id, key) -> copy.put(Objects.requireNonNull(id, "salt id"),
        Objects.requireNonNull(key, "key for " + id).clone()));
    return saltId -> Optional.ofNullable(copy.get(saltId)).map(byte[]::clone);
  }
}
