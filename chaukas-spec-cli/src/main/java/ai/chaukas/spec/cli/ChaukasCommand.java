package ai.chaukas.spec.cli;

import java.util.concurrent.Callable;

/** A {@code chaukas} command: runs, and says how it ended; picocli turns that into the exit status. */
interface ChaukasCommand extends Callable<Integer> {

  /** Runs the command. */
  ExitCode execute() throws Exception;

  @Override
  default Integer call() throws Exception {
    return execute().code();
  }
}
