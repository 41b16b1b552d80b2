package ai.chaukas.spec.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read and notes when the input has ended: so that a file can be checked to have
 * been read to its end, and a parse error at the end of the input reads as truncation.
 */
final class CountingInputStream extends FilterInputStream {
  private long count;
  private boolean ended;

  CountingInputStream(InputStream in) {
    super(in);
  }

  /** How many bytes were read or skipped. */
  long count() {
    return count;
  }

  /** Whether a read found the end of the input. */
  boolean ended() {
    return ended;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b < 0) {
      ended = true;
    } else {
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n < 0) {
      ended = true;
    } else {
      count += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(n);
    count += skipped;
    return skipped;
  }
}
