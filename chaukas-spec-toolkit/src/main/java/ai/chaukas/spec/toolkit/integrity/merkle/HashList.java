package ai.chaukas.spec.toolkit.integrity.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/** A proof's list of hashes kept as one array of 32-byte slots; helpers shared by the proof types. */
final class HashList {

  /** More hashes than any tree of up to 2^63 - 1 leaves needs in a proof. */
  static final int MAX_HASHES = 64;

  private HashList() {}

  static byte[] fromHashes(List<byte[]> hashes, String what) {
    checkCount(hashes.size(), what);
    byte[] out = new byte[hashes.size() * Sha256.SIZE];
    for (int i = 0; i < hashes.size(); i++) {
      byte[] hash = hashes.get(i);
      MerkleHashes.requireHash(hash, what + "[" + i + "]");
      System.arraycopy(hash, 0, out, i * Sha256.SIZE, Sha256.SIZE);
    }
    return out;
  }

  static byte[] fromHex(List<String> hashes, String what) {
    checkCount(hashes.size(), what);
    byte[] out = new byte[hashes.size() * Sha256.SIZE];
    for (int i = 0; i < hashes.size(); i++) {
      byte[] hash;
      try {
        hash = MerkleHashes.fromHex(hashes.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(what + "[" + i + "]: " + e.getMessage(), e);
      }
      System.arraycopy(hash, 0, out, i * Sha256.SIZE, Sha256.SIZE);
    }
    return out;
  }

  static void checkCount(int count, String what) {
    if (count > MAX_HASHES) {
      throw new IllegalArgumentException(
          what + " has " + count + " hashes; no proof needs more than " + MAX_HASHES);
    }
  }

  static int count(byte[] hashes) {
    return hashes.length / Sha256.SIZE;
  }

  static byte[] get(byte[] hashes, int i) {
    if (i < 0 || i >= count(hashes)) {
      throw new IndexOutOfBoundsException("hash " + i + " of " + count(hashes));
    }
    return Arrays.copyOfRange(hashes, i * Sha256.SIZE, (i + 1) * Sha256.SIZE);
  }

  static List<byte[]> toList(byte[] hashes) {
    List<byte[]> out = new ArrayList<>(count(hashes));
    for (int i = 0; i < count(hashes); i++) {
      out.add(get(hashes, i));
    }
    return Collections.unmodifiableList(out);
  }

  static List<String> toHex(byte[] hashes) {
    List<String> out = new ArrayList<>(count(hashes));
    for (int i = 0; i < count(hashes); i++) {
      out.add(HexFormat.of().formatHex(hashes, i * Sha256.SIZE, (i + 1) * Sha256.SIZE));
    }
    return Collections.unmodifiableList(out);
  }
}
