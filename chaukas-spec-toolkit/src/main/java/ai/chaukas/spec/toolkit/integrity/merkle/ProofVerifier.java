package ai.chaukas.spec.toolkit.integrity.merkle;

import ai.chaukas.spec.toolkit.Reason;
import java.security.MessageDigest;

/**
 * Verifies proofs with nothing but the proof, the leaf and a trusted key: no access to the log.
 * The Merkle checks are the algorithms of RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2
 * (consistency), step by step; each failure point maps to a {@link Reason}. Stateless; safe for use
 * from many threads; no I/O.
 *
 * @since 1.0.5
 */
public final class ProofVerifier {

  private ProofVerifier() {}

  /**
   * Verifies a proof bundle for an event: the checkpoint is signed by the trusted key, and the
   * event's content hash is the leaf at the bundle's index in the checkpoint's tree.
   *
   * @param bundle the bundle
   * @param contentHashHex the event's {@code content_hash}, 64 lowercase hex characters
   * @param trustedKey the log's key
   * @return a verified result, or the first failure: {@code MALFORMED}, {@code NO_TRUSTED_SIGNATURE},
   *     {@code BAD_SIGNATURE}, {@code INDEX_OUT_OF_RANGE}, {@code WRONG_PATH_LENGTH},
   *     {@code ROOT_MISMATCH}
   */
  public static VerificationResult verify(
      ProofBundle bundle, String contentHashHex, CheckpointVerifier trustedKey) {
    return verify(bundle, contentHashHex, false, null, trustedKey);
  }

  /**
   * Like {@link #verify(ProofBundle, String, CheckpointVerifier)}, and also checks the event's
   * {@code worm_proof_id} names the bundle's leaf: {@code <checkpoint origin>/<leaf index>}.
   *
   * @param bundle the bundle
   * @param contentHashHex the event's {@code content_hash}
   * @param wormProofId the event's {@code worm_proof_id}
   * @param trustedKey the log's key
   * @return as the other method, or {@code WORM_ID_MISMATCH} (or {@code MALFORMED} when the id
   *     cannot be read)
   */
  public static VerificationResult verify(
      ProofBundle bundle, String contentHashHex, String wormProofId, CheckpointVerifier trustedKey) {
    return verify(bundle, contentHashHex, true, wormProofId, trustedKey);
  }

  /** Both public checks over one verified checkpoint; {@code wormProofId} only when asked to. */
  private static VerificationResult verify(
      ProofBundle bundle,
      String contentHashHex,
      boolean checkWormProofId,
      String wormProofId,
      CheckpointVerifier trustedKey) {
    byte[] contentHash;
    try {
      contentHash = MerkleHashes.fromHex(contentHashHex);
    } catch (IllegalArgumentException e) {
      return VerificationResult.failed(Reason.MALFORMED, "content hash: " + e.getMessage());
    }
    Checkpoint checkpoint;
    try {
      checkpoint = trustedKey.verify(bundle.checkpoint());
    } catch (CheckpointException e) {
      return VerificationResult.failed(e.reason(), e.getMessage());
    }
    if (bundle.treeSize() != checkpoint.treeSize()) {
      return VerificationResult.failed(
          Reason.MALFORMED,
          "the bundle's tree size " + bundle.treeSize() + " differs from its checkpoint's "
              + checkpoint.treeSize());
    }
    VerificationResult result =
        verifyInclusion(
            MerkleHashes.leafHash(contentHash), bundle.inclusionProof(), checkpoint.rootHash());
    if (!result.isVerified()) {
      return result;
    }
    if (checkWormProofId) {
      WormProofId id;
      try {
        id = WormProofId.parse(wormProofId);
      } catch (IllegalArgumentException e) {
        return VerificationResult.failed(Reason.MALFORMED, e.getMessage());
      }
      WormProofId expected = new WormProofId(checkpoint.origin(), bundle.leafIndex());
      if (!id.equals(expected)) {
        return VerificationResult.failed(
            Reason.WORM_ID_MISMATCH,
            "worm_proof_id '" + wormProofId + "' does not name the bundle's leaf '" + expected + "'");
      }
    }
    return VerificationResult.verified(
        "content hash " + contentHashHex + " is leaf " + bundle.leafIndex() + " of "
            + checkpoint.origin() + " at tree size " + checkpoint.treeSize()
            + ", signed by " + trustedKey.keyName());
  }

  /**
   * Reads a bundle's JSON form and verifies it; a bundle that cannot be read is {@code MALFORMED}.
   *
   * @param bundleJson the JSON text ({@link ProofBundle#fromJson(String)})
   * @param contentHashHex the event's {@code content_hash}
   * @param trustedKey the log's key
   * @return as {@link #verify(ProofBundle, String, CheckpointVerifier)}
   */
  public static VerificationResult verifyJson(
      String bundleJson, String contentHashHex, CheckpointVerifier trustedKey) {
    ProofBundle bundle;
    try {
      bundle = ProofBundle.fromJson(bundleJson);
    } catch (IllegalArgumentException e) {
      return VerificationResult.failed(Reason.MALFORMED, e.getMessage());
    }
    return verify(bundle, contentHashHex, trustedKey);
  }

  /**
   * Verifies that a later signed checkpoint extends an earlier one: both are signed by the trusted
   * key, come from the same origin, and the proof connects their roots.
   *
   * @param oldSignedCheckpoint the earlier checkpoint's signed note text
   * @param newSignedCheckpoint the later checkpoint's signed note text
   * @param proof the consistency proof between their sizes
   * @param trustedKey the log's key
   * @return a verified result, or the first failure
   */
  public static VerificationResult verifyConsistency(
      String oldSignedCheckpoint,
      String newSignedCheckpoint,
      ConsistencyProof proof,
      CheckpointVerifier trustedKey) {
    Checkpoint older;
    Checkpoint newer;
    try {
      older = trustedKey.verify(oldSignedCheckpoint);
    } catch (CheckpointException e) {
      return VerificationResult.failed(e.reason(), "old checkpoint: " + e.getMessage());
    }
    try {
      newer = trustedKey.verify(newSignedCheckpoint);
    } catch (CheckpointException e) {
      return VerificationResult.failed(e.reason(), "new checkpoint: " + e.getMessage());
    }
    if (!older.origin().equals(newer.origin())) {
      return VerificationResult.failed(
          Reason.MALFORMED,
          "the checkpoints come from different logs: '" + older.origin() + "' and '"
              + newer.origin() + "'");
    }
    if (proof.oldSize() != older.treeSize() || proof.newSize() != newer.treeSize()) {
      return VerificationResult.failed(
          Reason.MALFORMED,
          "the proof is from size " + proof.oldSize() + " to " + proof.newSize()
              + " but the checkpoints have sizes " + older.treeSize() + " and "
              + newer.treeSize());
    }
    return verifyConsistency(proof, older.rootHash(), newer.rootHash());
  }

  /**
   * RFC 9162 §2.1.3.2: verifies that {@code leafHash} is the leaf at {@code proof.leafIndex()} of
   * the tree of {@code proof.treeSize()} leaves whose root is {@code rootHash}.
   *
   * @param leafHash the leaf hash {@code SHA-256(0x00 || leaf)}, not the leaf itself (see
   *     {@link MerkleHashes#leafHash(byte[])})
   * @param proof the inclusion proof
   * @param rootHash the trusted root hash of that tree
   * @return a verified result, or {@code INDEX_OUT_OF_RANGE}, {@code WRONG_PATH_LENGTH},
   *     {@code ROOT_MISMATCH}, or {@code MALFORMED} when a hash is not 32 bytes
   */
  public static VerificationResult verifyInclusion(
      byte[] leafHash, InclusionProof proof, byte[] rootHash) {
    if (!isHash(leafHash) || !isHash(rootHash)) {
      return VerificationResult.failed(
          Reason.MALFORMED, "the leaf hash and the root hash must be 32 bytes each");
    }
    long leafIndex = proof.leafIndex();
    long treeSize = proof.treeSize();
    byte[] path = proof.pathBytes();
    int pathLength = proof.pathLength();
    // 1. leaf_index must be below tree_size.
    if (leafIndex >= treeSize) {
      return VerificationResult.failed(
          Reason.INDEX_OUT_OF_RANGE,
          "leaf index " + leafIndex + " is not below the tree size " + treeSize);
    }
    // 2. fn = leaf_index, sn = tree_size - 1.
    long fn = leafIndex;
    long sn = treeSize - 1;
    // 3. r = hash.
    byte[] r = leafHash.clone();
    MessageDigest md = Sha256.digest();
    // 4. For each p in the path:
    for (int i = 0; i < pathLength; i++) {
      int p = i * Sha256.SIZE;
      // 4a. sn == 0 here means the path is longer than the tree is deep.
      if (sn == 0) {
        return wrongInclusionPathLength(proof, "too long");
      }
      // 4b. p is a left sibling when fn is a right child or the last node of its level.
      if ((fn & 1) == 1 || fn == sn) {
        Sha256.nodeHash(md, path, p, r, 0, r, 0);
        // 4b.ii. Skip the levels where this node has no right sibling.
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        Sha256.nodeHash(md, r, 0, path, p, r, 0);
      }
      // 4c.
      fn >>>= 1;
      sn >>>= 1;
    }
    // 5. sn must be 0 and r the root.
    if (sn != 0) {
      return wrongInclusionPathLength(proof, "too short");
    }
    if (!MerkleHashes.same(r, rootHash)) {
      return VerificationResult.failed(
          Reason.ROOT_MISMATCH,
          "the root recomputed from leaf " + leafIndex + " and its path is "
              + MerkleHashes.toHex(r) + ", not the root " + MerkleHashes.toHex(rootHash));
    }
    return VerificationResult.verified(
        "leaf " + leafIndex + " is in the tree of " + treeSize + " leaves");
  }

  /**
   * RFC 9162 §2.1.4.2: verifies that the tree of {@code proof.oldSize()} leaves with root
   * {@code oldRoot} is a prefix of the tree of {@code proof.newSize()} leaves with root
   * {@code newRoot}. Sizes the RFC leaves out are decided without a proof: equal sizes need equal
   * roots and an empty proof; an old size of 0 needs the empty tree's root and an empty proof.
   *
   * @param proof the consistency proof
   * @param oldRoot the trusted root of the older tree
   * @param newRoot the trusted root of the newer tree
   * @return a verified result, or {@code WRONG_PATH_LENGTH}, {@code ROOT_MISMATCH}, or
   *     {@code MALFORMED} when the old size exceeds the new one or a hash is not 32 bytes
   */
  public static VerificationResult verifyConsistency(
      ConsistencyProof proof, byte[] oldRoot, byte[] newRoot) {
    if (!isHash(oldRoot) || !isHash(newRoot)) {
      return VerificationResult.failed(
          Reason.MALFORMED, "the old and new root hashes must be 32 bytes each");
    }
    long first = proof.oldSize();
    long second = proof.newSize();
    byte[] path = proof.pathBytes();
    int pathLength = proof.pathLength();
    if (first > second) {
      return VerificationResult.failed(
          Reason.MALFORMED,
          "the old tree size " + first + " is larger than the new tree size " + second
              + "; a log only grows");
    }
    if (first == second || first == 0) {
      if (pathLength != 0) {
        return VerificationResult.failed(
            Reason.WRONG_PATH_LENGTH,
            "the proof from size " + first + " to " + second + " must be empty; it has "
                + pathLength + " hashes");
      }
      if (first == 0 && !MerkleHashes.same(oldRoot, MerkleHashes.emptyRoot())) {
        return VerificationResult.failed(
            Reason.ROOT_MISMATCH, "the old root of an empty tree must be the hash of no bytes");
      }
      if (first == second && !MerkleHashes.same(oldRoot, newRoot)) {
        return VerificationResult.failed(
            Reason.ROOT_MISMATCH, "two trees of size " + first + " have different roots");
      }
      return consistent(first, second);
    }
    // 1. An empty path proves nothing.
    if (pathLength == 0) {
      return wrongConsistencyPathLength(proof, "empty");
    }
    // 2. When first is a power of two, the old root is itself a node of the new tree: it starts
    // the path.
    boolean prepend = (first & (first - 1)) == 0;
    int total = pathLength + (prepend ? 1 : 0);
    // 3. fn = first - 1, sn = second - 1.
    long fn = first - 1;
    long sn = second - 1;
    // 4. Skip the levels where the old tree's last node is a right child.
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    // 5. fr = sr = the first value of the path.
    byte[] fr = prepend ? oldRoot.clone() : proof.pathHash(0);
    byte[] sr = fr.clone();
    MessageDigest md = Sha256.digest();
    // 6. For each subsequent value c:
    for (int i = 1; i < total; i++) {
      int c = (prepend ? i - 1 : i) * Sha256.SIZE;
      // 6a.
      if (sn == 0) {
        return wrongConsistencyPathLength(proof, "too long");
      }
      // 6b.
      if ((fn & 1) == 1 || fn == sn) {
        Sha256.nodeHash(md, path, c, fr, 0, fr, 0);
        Sha256.nodeHash(md, path, c, sr, 0, sr, 0);
        // 6b.iii.
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        Sha256.nodeHash(md, sr, 0, path, c, sr, 0);
      }
      // 6c.
      fn >>>= 1;
      sn >>>= 1;
    }
    // 7. fr must be the old root, sr the new root, and sn 0.
    if (sn != 0) {
      return wrongConsistencyPathLength(proof, "too short");
    }
    if (!MerkleHashes.same(fr, oldRoot)) {
      return VerificationResult.failed(
          Reason.ROOT_MISMATCH,
          "the proof does not lead to the old root " + MerkleHashes.toHex(oldRoot)
              + " of size " + first);
    }
    if (!MerkleHashes.same(sr, newRoot)) {
      return VerificationResult.failed(
          Reason.ROOT_MISMATCH,
          "the proof does not lead to the new root " + MerkleHashes.toHex(newRoot)
              + " of size " + second);
    }
    return consistent(first, second);
  }

  private static VerificationResult consistent(long first, long second) {
    return VerificationResult.verified(
        "the tree of " + first + " leaves is a prefix of the tree of " + second);
  }

  private static VerificationResult wrongInclusionPathLength(InclusionProof proof, String what) {
    return VerificationResult.failed(
        Reason.WRONG_PATH_LENGTH,
        "the inclusion path of " + proof.pathLength() + " hashes is " + what + " for leaf "
            + proof.leafIndex() + " of a tree of " + proof.treeSize() + " leaves");
  }

  private static VerificationResult wrongConsistencyPathLength(
      ConsistencyProof proof, String what) {
    return VerificationResult.failed(
        Reason.WRONG_PATH_LENGTH,
        "the consistency proof of " + proof.pathLength() + " hashes is " + what + " for sizes "
            + proof.oldSize() + " and " + proof.newSize());
  }

  private static boolean isHash(byte[] hash) {
    return hash != null && hash.length == MerkleHashes.HASH_SIZE;
  }
}
