package ai.chaukas.spec.cli;

import picocli.CommandLine;

/**
 * How a command ended, as its process exit status. Each command's help lists what the codes mean
 * for it; the meanings are the same everywhere.
 */
enum ExitCode {
  /** Everything read passed, or everything asked for was done. */
  OK(0),
  /**
   * The data failed: an invalid, tampered or unhashable event, a stored hash that differs, an
   * unreadable JSON line, a proof not verified, a conformance check failed.
   */
  FAILED(1),
  /**
   * Nothing could be checked or written: an input, key or output is unusable, the target is
   * unreachable, or the command line is wrong (picocli's own usage errors have this code too).
   */
  UNUSABLE(CommandLine.ExitCode.USAGE),
  /** Everything read passed, but an input ends in a line still being written. */
  INCOMPLETE(3);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The process exit status. */
  int code() {
    return code;
  }
}
