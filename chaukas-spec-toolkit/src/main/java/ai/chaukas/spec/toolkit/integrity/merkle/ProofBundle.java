package ai.chaukas.spec.toolkit.integrity.merkle;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a reader needs, besides the event's content hash and the log's public key, to check
 * that the event is in the log: a signed checkpoint and the inclusion proof of one leaf in that
 * checkpoint's tree. Check one with {@link ProofVerifier#verify(ProofBundle, String,
 * CheckpointVerifier)}.
 *
 * <p>JSON form ({@link #toJson()}, {@link #fromJson(String)}), one object with exactly these
 * members:
 *
 * <pre>
 * {"format":"chaukas-merkle-inclusion-v1",
 *  "checkpoint":"&lt;signed checkpoint text&gt;",
 *  "leaf_index":&lt;integer&gt;,
 *  "tree_size":&lt;integer, equal to the checkpoint's&gt;,
 *  "inclusion_path":["&lt;64 lowercase hex&gt;", …]}
 * </pre>
 *
 * <p>Immutable. Holding a bundle proves nothing until it is verified.
 *
 * @since 1.0.5
 */
public final class ProofBundle {

  /** The value of the {@code format} member. */
  public static final String FORMAT = "chaukas-merkle-inclusion-v1";

  /** Longest JSON text {@link #fromJson(String)} reads. */
  static final int MAX_JSON_CHARS = 2 << 20;

  private static final List<String> MEMBERS =
      List.of("format", "checkpoint", "leaf_index", "tree_size", "inclusion_path");

  private final String checkpoint;
  private final InclusionProof inclusionProof;

  /**
   * A bundle from its parts, not checked against each other (the verifier does that).
   *
   * @param checkpoint the signed checkpoint text
   * @param inclusionProof the leaf's inclusion proof
   */
  public ProofBundle(String checkpoint, InclusionProof inclusionProof) {
    this.checkpoint = Objects.requireNonNull(checkpoint, "checkpoint");
    this.inclusionProof = Objects.requireNonNull(inclusionProof, "inclusionProof");
  }

  /**
   * A bundle of a signed checkpoint and a proof for its tree.
   *
   * @param checkpoint the signed checkpoint
   * @param inclusionProof a proof for a tree of the checkpoint's size
   * @return the bundle
   * @throws IllegalArgumentException if the sizes differ
   */
  public static ProofBundle of(SignedCheckpoint checkpoint, InclusionProof inclusionProof) {
    long size = checkpoint.checkpoint().treeSize();
    if (inclusionProof.treeSize() != size) {
      throw new IllegalArgumentException(
          "the proof is for a tree of " + inclusionProof.treeSize()
              + " leaves, the checkpoint for " + size);
    }
    return new ProofBundle(checkpoint.text(), inclusionProof);
  }

  /**
   * The signed checkpoint.
   *
   * @return its signed note text
   */
  public String checkpoint() {
    return checkpoint;
  }

  /**
   * The leaf's index.
   *
   * @return the proof's leaf index
   */
  public long leafIndex() {
    return inclusionProof.leafIndex();
  }

  /**
   * The tree size the proof is for.
   *
   * @return the proof's tree size
   */
  public long treeSize() {
    return inclusionProof.treeSize();
  }

  /**
   * The inclusion proof.
   *
   * @return the proof
   */
  public InclusionProof inclusionProof() {
    return inclusionProof;
  }

  /**
   * The JSON form on one line, members in the documented order.
   *
   * @return the JSON text
   */
  public String toJson() {
    StringWriter out = new StringWriter();
    try (JsonWriter json = new JsonWriter(out)) {
      json.setHtmlSafe(false);
      json.beginObject();
      json.name("format").value(FORMAT);
      json.name("checkpoint").value(checkpoint);
      json.name("leaf_index").value(leafIndex());
      json.name("tree_size").value(treeSize());
      json.name("inclusion_path").beginArray();
      for (String hash : inclusionProof.pathHex()) {
        json.value(hash);
      }
      json.endArray();
      json.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string cannot fail", e);
    }
    return out.toString();
  }

  /**
   * Reads the JSON form strictly: standard JSON, exactly the five members (in any order), each
   * once; integers without fraction, exponent, sign or leading zeros; hashes as 64 lowercase hex
   * characters; nothing after the object. The checkpoint text is not checked here.
   *
   * @param json the JSON text, at most 2,097,152 characters
   * @return the bundle
   * @throws IllegalArgumentException naming the problem
   */
  public static ProofBundle fromJson(String json) {
    if (json.length() > MAX_JSON_CHARS) {
      throw bad("is " + json.length() + " characters long; at most " + MAX_JSON_CHARS
          + " are read");
    }
    String format = null;
    String checkpoint = null;
    long leafIndex = -1;
    long treeSize = -1;
    List<String> path = null;
    Set<String> seen = new HashSet<>();
    try (JsonReader reader = new JsonReader(new StringReader(json))) {
      reader.setStrictness(Strictness.STRICT);
      if (reader.peek() != JsonToken.BEGIN_OBJECT) {
        throw bad("is not a JSON object");
      }
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (!MEMBERS.contains(name)) {
          throw bad("has the unknown member '" + name + "'; expected only " + MEMBERS);
        }
        if (!seen.add(name)) {
          throw bad("has the member '" + name + "' twice");
        }
        switch (name) {
          case "format" -> format = readString(reader, name);
          case "checkpoint" -> checkpoint = readString(reader, name);
          case "leaf_index" -> leafIndex = readInteger(reader, name);
          case "tree_size" -> treeSize = readInteger(reader, name);
          default -> path = readHashes(reader, name);
        }
      }
      reader.endObject();
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        throw bad("has content after the JSON object");
      }
    } catch (IOException | IllegalStateException e) {
      throw bad("is not valid JSON: " + e.getMessage());
    }
    for (String member : MEMBERS) {
      if (!seen.contains(member)) {
        throw bad("lacks the member '" + member + "'");
      }
    }
    if (!FORMAT.equals(format)) {
      throw bad("has format '" + format + "'; this reader knows '" + FORMAT + "'");
    }
    try {
      return new ProofBundle(checkpoint, InclusionProof.fromHex(leafIndex, treeSize, path));
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
  }

  private static String readString(JsonReader reader, String name) throws IOException {
    if (reader.peek() != JsonToken.STRING) {
      throw bad("member '" + name + "' is not a string");
    }
    return reader.nextString();
  }

  private static long readInteger(JsonReader reader, String name) throws IOException {
    if (reader.peek() != JsonToken.NUMBER) {
      throw bad("member '" + name + "' is not a number");
    }
    String literal = reader.nextString();
    long value = Checkpoint.parseDecimal(literal);
    if (value < 0) {
      throw bad("member '" + name + "' is " + literal + "; expected an integer from 0 to "
          + Long.MAX_VALUE + " written without fraction, exponent or sign");
    }
    return value;
  }

  private static List<String> readHashes(JsonReader reader, String name) throws IOException {
    if (reader.peek() != JsonToken.BEGIN_ARRAY) {
      throw bad("member '" + name + "' is not an array");
    }
    List<String> hashes = new ArrayList<>();
    reader.beginArray();
    while (reader.hasNext()) {
      if (hashes.size() == MerkleProof.MAX_HASHES) {
        throw bad("member '" + name + "' has more than " + MerkleProof.MAX_HASHES + " hashes");
      }
      hashes.add(readString(reader, name + "[" + hashes.size() + "]"));
    }
    reader.endArray();
    return hashes;
  }

  private static IllegalArgumentException bad(String problem) {
    return new IllegalArgumentException("proof bundle " + problem);
  }

  /** Bundles are equal when checkpoint text and proof are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ProofBundle other
        && checkpoint.equals(other.checkpoint)
        && inclusionProof.equals(other.inclusionProof);
  }

  @Override
  public int hashCode() {
    return checkpoint.hashCode() * 31 + inclusionProof.hashCode();
  }

  /** The JSON form. */
  @Override
  public String toString() {
    return toJson();
  }
}
