package ai.chaukas.spec.toolkit.integrity.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An append-only RFC 9162 Merkle log held in memory. Each leaf is the 32 bytes of an event's
 * {@code content_hash}; the log answers the root of the tree of its first {@code n} leaves for any
 * {@code n} up to its size, inclusion and consistency proofs between any such trees, and
 * checkpoints for its {@linkplain #origin() origin}.
 *
 * <p>It keeps every leaf hash and the hash of every complete, aligned subtree of {@code 2^k} leaves
 * as it completes (one level per {@code k}): about {@code 2n} hashes, 64 bytes per leaf, with no
 * object per hash. Any node a proof needs is then a stored hash or, on the right edge of a tree
 * whose size is not a power of two, a fold of at most {@code log2 n} stored hashes. A root or a
 * proof therefore costs {@code O(log n)} hashes whatever the size, and appending costs two hashes on
 * average.
 *
 * <p>Safe for use from many threads: appends are serialized, reads run in parallel with each other.
 * Nothing here does I/O.
 *
 * @since 1.0.5
 */
public final class MerkleLog {

  /** Leaves a log can hold: the page table of {@link HashStore} is indexed by an int. */
  private static final long MAX_SIZE = 1L << 40;

  private final String origin;
  private final List<HashStore> levels = new ArrayList<>();
  private final byte[] scratch = new byte[Sha256.SIZE];
  private final Lock readLock;
  private final Lock writeLock;
  private long size;
  private volatile SizedRoot latestRoot;

  private record SizedRoot(long size, byte[] root) {}

  /**
   * An empty log.
   *
   * @param origin the log's name, written as the first line of its checkpoints and before the
   *     {@code /} of every {@code worm_proof_id}; rules in {@link Checkpoint}
   * @throws IllegalArgumentException if the origin breaks those rules
   */
  public MerkleLog(String origin) {
    Checkpoint.checkOrigin(origin);
    this.origin = origin;
    levels.add(new HashStore());
    ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    this.readLock = lock.readLock();
    this.writeLock = lock.writeLock();
  }

  /**
   * The log's origin.
   *
   * @return the origin given at construction
   */
  public String origin() {
    return origin;
  }

  /**
   * Appends a leaf.
   *
   * @param contentHash the event's content hash, 32 bytes (the decoded hex)
   * @return the new leaf's 0-based index
   * @throws IllegalArgumentException if {@code contentHash} is not 32 bytes
   * @throws IllegalStateException if the log holds 2^40 leaves already
   */
  public long append(byte[] contentHash) {
    MerkleHashes.requireHash(contentHash, "content hash");
    writeLock.lock();
    try {
      if (size == MAX_SIZE) {
        throw new IllegalStateException("the log is full at " + MAX_SIZE + " leaves");
      }
      MessageDigest md = Sha256.digest();
      Sha256.leafHash(md, contentHash, 0, Sha256.SIZE, scratch, 0);
      levels.get(0).append(scratch, 0);
      long index = size;
      // Each time the count at a level becomes even, the last two hashes there form a new
      // complete subtree one level up.
      long count = index + 1;
      for (int level = 0; (count & 1) == 0; level++, count >>>= 1) {
        HashStore store = levels.get(level);
        long right = count - 1;
        long left = count - 2;
        Sha256.nodeHash(
            md,
            store.page(left), HashStore.offset(left),
            store.page(right), HashStore.offset(right),
            scratch, 0);
        if (levels.size() == level + 1) {
          levels.add(new HashStore());
        }
        levels.get(level + 1).append(scratch, 0);
      }
      size = index + 1;
      return index;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Appends a leaf given as the {@code content_hash} field is written.
   *
   * @param contentHashHex 64 lowercase hex characters
   * @return the new leaf's 0-based index
   * @throws IllegalArgumentException if {@code contentHashHex} is not of that form
   */
  public long append(String contentHashHex) {
    return append(MerkleHashes.fromHex(contentHashHex));
  }

  /**
   * The number of leaves.
   *
   * @return the size of the current tree
   */
  public long size() {
    readLock.lock();
    try {
      return size;
    } finally {
      readLock.unlock();
    }
  }

  /**
   * The leaf hash {@code SHA-256(0x00 || content hash)} stored for a leaf.
   *
   * @param index the leaf's index, below {@link #size()}
   * @return a new 32-byte array
   * @throws IndexOutOfBoundsException if there is no such leaf
   */
  public byte[] leafHash(long index) {
    readLock.lock();
    try {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException("leaf " + index + " does not exist; the log has " + size);
      }
      byte[] out = new byte[Sha256.SIZE];
      HashStore leaves = levels.get(0);
      System.arraycopy(leaves.page(index), HashStore.offset(index), out, 0, Sha256.SIZE);
      return out;
    } finally {
      readLock.unlock();
    }
  }

  /**
   * The root hash of the current tree, {@code MTH(D[size])}.
   *
   * @return a new 32-byte array; {@link MerkleHashes#emptyRoot()} for an empty log
   */
  public byte[] root() {
    readLock.lock();
    try {
      SizedRoot latest = latestRoot;
      if (latest == null || latest.size() != size) {
        latest = new SizedRoot(size, rootOf(size));
        latestRoot = latest;
      }
      return latest.root().clone();
    } finally {
      readLock.unlock();
    }
  }

  /**
   * The root hash of the tree of the first {@code treeSize} leaves, {@code MTH(D[0:treeSize])}.
   *
   * @param treeSize 0 to {@link #size()}
   * @return a new 32-byte array
   * @throws IllegalArgumentException if the log has never had that size
   */
  public byte[] root(long treeSize) {
    readLock.lock();
    try {
      checkTreeSize(treeSize, "tree size");
      return rootOf(treeSize);
    } finally {
      readLock.unlock();
    }
  }

  /**
   * The current checkpoint, unsigned: origin, size and root read together.
   *
   * @return the checkpoint of the current tree
   */
  public Checkpoint checkpoint() {
    readLock.lock();
    try {
      return new Checkpoint(origin, size, root());
    } finally {
      readLock.unlock();
    }
  }

  /**
   * The checkpoint of an earlier tree, unsigned.
   *
   * @param treeSize 0 to {@link #size()}
   * @return origin, {@code treeSize} and {@code MTH(D[0:treeSize])}
   * @throws IllegalArgumentException if the log has never had that size
   */
  public Checkpoint checkpoint(long treeSize) {
    return new Checkpoint(origin, treeSize, root(treeSize));
  }

  /**
   * Signs the current checkpoint. The signing happens after the log is read, so appends are not
   * held up by it.
   *
   * @param signer the log's key
   * @return the checkpoint and its signed note text
   */
  public SignedCheckpoint signCheckpoint(CheckpointSigner signer) {
    return signer.sign(checkpoint());
  }

  /**
   * The inclusion proof of a leaf in the current tree.
   *
   * @param leafIndex below {@link #size()}
   * @return {@code PATH(leafIndex, D[size])}
   * @throws IllegalArgumentException if there is no such leaf
   */
  public InclusionProof inclusionProof(long leafIndex) {
    readLock.lock();
    try {
      return inclusionProof(leafIndex, size);
    } finally {
      readLock.unlock();
    }
  }

  /**
   * The inclusion proof of a leaf in the tree of the first {@code treeSize} leaves (RFC 9162
   * §2.1.3.1).
   *
   * @param leafIndex 0 to {@code treeSize - 1}
   * @param treeSize 1 to {@link #size()}
   * @return {@code PATH(leafIndex, D[0:treeSize])}, leaf end first
   * @throws IllegalArgumentException if the log has never had that size or the leaf is not in it
   */
  public InclusionProof inclusionProof(long leafIndex, long treeSize) {
    readLock.lock();
    try {
      checkTreeSize(treeSize, "tree size");
      if (leafIndex < 0 || leafIndex >= treeSize) {
        throw new IllegalArgumentException(
            "leaf index " + leafIndex + " is not in a tree of " + treeSize + " leaves");
      }
      // Walk down from the root, noting the sibling of each node on the way to the leaf; the
      // path lists them from the bottom up.
      long[] siblingLo = new long[MerkleProof.MAX_HASHES];
      long[] siblingHi = new long[MerkleProof.MAX_HASHES];
      int depth = 0;
      long lo = 0;
      long hi = treeSize;
      while (hi - lo > 1) {
        long split = lo + largestPowerOfTwoBelow(hi - lo);
        if (leafIndex < split) {
          siblingLo[depth] = split;
          siblingHi[depth] = hi;
          hi = split;
        } else {
          siblingLo[depth] = lo;
          siblingHi[depth] = split;
          lo = split;
        }
        depth++;
      }
      return new InclusionProof(leafIndex, treeSize, hashesBottomUp(siblingLo, siblingHi, depth));
    } finally {
      readLock.unlock();
    }
  }

  /**
   * The consistency proof between two trees of this log (RFC 9162 §2.1.4.1). Empty when
   * {@code oldSize} is 0 or equals {@code newSize}: nothing needs proving then.
   *
   * @param oldSize 0 to {@code newSize}
   * @param newSize {@code oldSize} to {@link #size()}
   * @return {@code PROOF(oldSize, D[0:newSize])}
   * @throws IllegalArgumentException if the sizes are out of order or the log never had them
   */
  public ConsistencyProof consistencyProof(long oldSize, long newSize) {
    readLock.lock();
    try {
      checkTreeSize(newSize, "new tree size");
      if (oldSize < 0 || oldSize > newSize) {
        throw new IllegalArgumentException(
            "old tree size " + oldSize + " is not between 0 and the new tree size " + newSize);
      }
      if (oldSize == 0 || oldSize == newSize) {
        return new ConsistencyProof(oldSize, newSize, new byte[0]);
      }
      // SUBPROOF(m, D[lo:hi], b) unrolled: walk down until the old tree is a complete subtree.
      long[] nodeLo = new long[MerkleProof.MAX_HASHES];
      long[] nodeHi = new long[MerkleProof.MAX_HASHES];
      int count = 0;
      long lo = 0;
      long hi = newSize;
      long m = oldSize;
      boolean wholeOldTree = true;
      while (m != hi - lo) {
        long k = largestPowerOfTwoBelow(hi - lo);
        if (m <= k) {
          nodeLo[count] = lo + k;
          nodeHi[count] = hi;
          hi = lo + k;
        } else {
          nodeLo[count] = lo;
          nodeHi[count] = lo + k;
          lo += k;
          m -= k;
          wholeOldTree = false;
        }
        count++;
      }
      if (!wholeOldTree) {
        nodeLo[count] = lo;
        nodeHi[count] = hi;
        count++;
      }
      return new ConsistencyProof(oldSize, newSize, hashesBottomUp(nodeLo, nodeHi, count));
    } finally {
      readLock.unlock();
    }
  }

  /**
   * A proof bundle for one leaf against a signed checkpoint of this log.
   *
   * @param leafIndex the leaf, below the checkpoint's size
   * @param checkpoint a checkpoint this log signed, of any size it has had
   * @return the bundle: the checkpoint's text and the inclusion proof at its size
   * @throws IllegalArgumentException if the checkpoint is not of this log (other origin, a size the
   *     log never had, or another root) or the leaf is not in it
   */
  public ProofBundle proofBundle(long leafIndex, SignedCheckpoint checkpoint) {
    Checkpoint body = checkpoint.checkpoint();
    if (!body.origin().equals(origin)) {
      throw new IllegalArgumentException(
          "checkpoint of log '" + body.origin() + "' given to log '" + origin + "'");
    }
    readLock.lock();
    try {
      checkTreeSize(body.treeSize(), "checkpoint tree size");
      if (!MerkleHashes.same(rootOf(body.treeSize()), body.rootHash())) {
        throw new IllegalArgumentException(
            "checkpoint root " + body.rootHashHex() + " is not this log's root at size "
                + body.treeSize());
      }
      return ProofBundle.of(checkpoint, inclusionProof(leafIndex, body.treeSize()));
    } finally {
      readLock.unlock();
    }
  }

  /**
   * The {@code worm_proof_id} of a leaf of this log.
   *
   * @param leafIndex below {@link #size()}
   * @return {@code <origin>/<leafIndex>}
   * @throws IllegalArgumentException if there is no such leaf
   */
  public WormProofId wormProofId(long leafIndex) {
    long current = size();
    if (leafIndex < 0 || leafIndex >= current) {
      throw new IllegalArgumentException(
          "leaf " + leafIndex + " does not exist; the log has " + current);
    }
    return new WormProofId(origin, leafIndex);
  }

  private void checkTreeSize(long treeSize, String what) {
    if (treeSize < 0 || treeSize > size) {
      throw new IllegalArgumentException(
          what + " " + treeSize + " is not between 0 and the log's size " + size);
    }
  }

  private byte[] rootOf(long treeSize) {
    if (treeSize == 0) {
      return MerkleHashes.emptyRoot();
    }
    byte[] out = new byte[Sha256.SIZE];
    rangeHash(Sha256.digest(), 0, treeSize, out, 0);
    return out;
  }

  /** The hashes of the nodes {@code [lo[i], hi[i])}, the last one first. */
  private byte[] hashesBottomUp(long[] lo, long[] hi, int count) {
    byte[] out = new byte[count * Sha256.SIZE];
    MessageDigest md = Sha256.digest();
    for (int i = 0; i < count; i++) {
      rangeHash(md, lo[count - 1 - i], hi[count - 1 - i], out, i * Sha256.SIZE);
    }
    return out;
  }

  /**
   * {@code MTH(D[lo:hi])} for a node of an RFC 9162 tree. Such a node is a run of complete subtrees
   * whose sizes are the one-bits of {@code hi - lo}, largest first, each aligned to its size; its
   * hash folds them from the right: {@code node(T1, node(T2, … node(Tk-1, Tk)))}.
   */
  private void rangeHash(MessageDigest md, long lo, long hi, byte[] out, int outOff) {
    long remaining = hi - lo;
    int level = Long.numberOfTrailingZeros(remaining);
    long start = hi - (1L << level);
    copyNode(level, start, out, outOff);
    remaining -= 1L << level;
    while (remaining != 0) {
      level = Long.numberOfTrailingZeros(remaining);
      start -= 1L << level;
      long index = start >>> level;
      HashStore store = levels.get(level);
      Sha256.nodeHash(md, store.page(index), HashStore.offset(index), out, outOff, out, outOff);
      remaining -= 1L << level;
    }
  }

  private void copyNode(int level, long start, byte[] out, int outOff) {
    long index = start >>> level;
    HashStore store = levels.get(level);
    System.arraycopy(store.page(index), HashStore.offset(index), out, outOff, Sha256.SIZE);
  }

  /** The RFC's {@code k}: the largest power of two smaller than {@code n}, for {@code n > 1}. */
  private static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }
}
