package ai.chaukas.spec.cli;

import picocli.CommandLine.Option;

/** The validation rule that {@code validate} and {@code serve} both let the user switch on. */
final class RequireProjectOption {

  @Option(names = "--require-project", description = "Reject events without project_id (rule project-required).")
  boolean requireProject;
}
