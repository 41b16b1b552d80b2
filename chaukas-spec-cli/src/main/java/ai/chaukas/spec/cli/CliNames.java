package ai.chaukas.spec.cli;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * Option values that the command line names with a lowercase word ({@code proto-json}, {@code
 * ingest-batch}, {@code camel}), matched without regard to case.
 */
final class CliNames {

  private CliNames() {}

  /** An enum constant with its command-line name. */
  interface Named {
    String name();

    /** The constant's name in lowercase, {@code _} as {@code -}: {@code PROTO_JSON} is {@code proto-json}. */
    default String cliName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * Lets picocli parse an option, so that a wrong name is a usage error that lists the accepted
   * names (picocli's own enum conversion knows only the constant names, such as PROTO_JSON).
   */
  abstract static class Converter<E extends Named> implements CommandLine.ITypeConverter<E> {

    private final String kind;
    private final List<E> accepted;

    /**
     * @param kind what the value is, for the message ({@code format})
     * @param accepted the values, in the order the message lists them
     */
    Converter(String kind, List<E> accepted) {
      this.kind = kind;
      this.accepted = accepted;
    }

    @Override
    public E convert(String name) {
      for (E value : accepted) {
        if (value.cliName().equals(name.toLowerCase(Locale.ROOT))) {
          return value;
        }
      }
      throw new CommandLine.TypeConversionException("unknown " + kind + " '" + name + "'; use one of "
          + accepted.stream().map(Named::cliName).collect(Collectors.joining(", ")));
    }
  }
}
