package ai.chaukas.spec.toolkit.integrity.merkle;

import java.util.Arrays;

/**
 * An append-only array of 32-byte hashes kept in pages of 4096 hashes (128 KiB), so that growing
 * never copies more than the page table and no object exists per hash. Hash {@code i} lives in
 * {@link #page(long) page(i)} at {@link #offset(long) offset(i)}. The first page starts small and
 * doubles, so a small log costs little. Not thread-safe: {@link MerkleLog} guards it.
 */
final class HashStore {

  private static final int PAGE_SHIFT = 12;
  private static final int PAGE_HASHES = 1 << PAGE_SHIFT;
  private static final int PAGE_BYTES = PAGE_HASHES * Sha256.SIZE;
  private static final int FIRST_PAGE_BYTES = 8 * Sha256.SIZE;

  private byte[][] pages = new byte[1][];
  private long count;

  void append(byte[] hash, int off) {
    int pageIndex = (int) (count >>> PAGE_SHIFT);
    int at = offset(count);
    if (pageIndex == pages.length) {
      pages = Arrays.copyOf(pages, pages.length * 2);
    }
    byte[] page = pages[pageIndex];
    if (page == null) {
      page = new byte[pageIndex == 0 ? FIRST_PAGE_BYTES : PAGE_BYTES];
      pages[pageIndex] = page;
    } else if (at == page.length) {
      page = Arrays.copyOf(page, Math.min(page.length * 2, PAGE_BYTES));
      pages[pageIndex] = page;
    }
    System.arraycopy(hash, off, page, at, Sha256.SIZE);
    count++;
  }

  byte[] page(long index) {
    return pages[(int) (index >>> PAGE_SHIFT)];
  }

  static int offset(long index) {
    return (int) (index & (PAGE_HASHES - 1)) * Sha256.SIZE;
  }
}
