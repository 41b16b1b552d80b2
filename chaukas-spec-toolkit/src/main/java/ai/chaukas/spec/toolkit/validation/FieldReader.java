package ai.chaukas.spec.toolkit.validation;

import ai.chaukas.spec.toolkit.internal.ProtocNames;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * One field of a generated message as {@link EventValidator} reads it: its {@link FieldRules}
 * entry and the generated accessors its kind needs, bound once, so that walking the table costs
 * about what calling those accessors by hand did. Protobuf's reflection ({@code Message.getField})
 * would read each value through {@code java.lang.reflect}, boxing every number.
 */
final class FieldReader {

  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

  /** Reads element {@code index} of a repeated field. */
  @FunctionalInterface
  interface Indexed {
    Object get(Object message, int index);
  }

  final String name;
  final FieldRules.Entry rule;
  final FieldRules.Kind kind;
  final boolean repeated;
  /** For a message field: the readers of its type; otherwise null. */
  final FieldReader[] nested;

  private final Function<Object, Object> get;
  private final ToDoubleFunction<Object> getDouble;
  private final ToLongFunction<Object> getLong;
  private final Predicate<Object> has;
  private final ToIntFunction<Object> count;
  private final Indexed element;

  private FieldReader(Class<?> owner, FieldRules.Entry rule) {
    FieldDescriptor fd = rule.field();
    this.name = fd.getName();
    this.rule = rule;
    this.kind = rule.kind();
    this.repeated = fd.isRepeated();
    String javaName = ProtocNames.javaName(fd.getName());
    String getter = "get" + javaName + (fd.getJavaType() == FieldDescriptor.JavaType.ENUM ? "Value" : "");
    Function<Object, Object> get = null;
    ToDoubleFunction<Object> getDouble = null;
    ToLongFunction<Object> getLong = null;
    Predicate<Object> has = null;
    ToIntFunction<Object> count = null;
    Indexed element = null;
    if (repeated) {
      count = bind(owner, "get" + javaName + "Count", ToIntFunction.class, "applyAsInt",
          MethodType.methodType(int.class, Object.class));
      element = bind(owner, getter, Indexed.class, "get",
          MethodType.methodType(Object.class, Object.class, int.class), int.class);
    } else {
      switch (kind) {
        case NON_NEGATIVE, FINITE, ENUM -> {
          if (fd.getJavaType() == FieldDescriptor.JavaType.DOUBLE) {
            getDouble = bind(owner, getter, ToDoubleFunction.class, "applyAsDouble",
                MethodType.methodType(double.class, Object.class));
          } else {
            getLong = bind(owner, getter, ToLongFunction.class, "applyAsLong",
                MethodType.methodType(long.class, Object.class));
          }
        }
        case TIMESTAMP, STRUCT, ANY, MESSAGE -> {
          has = bind(owner, "has" + javaName, Predicate.class, "test",
              MethodType.methodType(boolean.class, Object.class));
          get = bind(owner, getter, Function.class, "apply", MethodType.methodType(Object.class, Object.class));
        }
        default -> get = bind(owner, getter, Function.class, "apply",
            MethodType.methodType(Object.class, Object.class));
      }
    }
    this.get = get;
    this.getDouble = getDouble;
    this.getLong = getLong;
    this.has = has;
    this.count = count;
    this.element = element;
    if (kind == FieldRules.Kind.MESSAGE) {
      Class<?> type = method(owner, getter, repeated ? new Class<?>[] {int.class} : new Class<?>[0]).getReturnType();
      nested = of(type, fd.getMessageType());
    } else {
      nested = null;
    }
  }

  /**
   * The readers of the fields of {@code descriptor} that have a rule to check, in schema order;
   * {@code type} is its generated class.
   */
  static FieldReader[] of(Class<?> type, Descriptor descriptor) {
    List<FieldReader> readers = new ArrayList<>();
    for (FieldDescriptor fd : descriptor.getFields()) {
      FieldRules.Entry rule = FieldRules.of(fd);
      if (rule != null && rule.kind() != FieldRules.Kind.NONE) {
        readers.add(new FieldReader(type, rule));
      }
    }
    return readers.toArray(new FieldReader[0]);
  }

  Object get(Object message) {
    return get.apply(message);
  }

  double getDouble(Object message) {
    return getDouble.applyAsDouble(message);
  }

  /** An int, long or enum number. */
  long getLong(Object message) {
    return getLong.applyAsLong(message);
  }

  boolean isDouble() {
    return getDouble != null;
  }

  boolean has(Object message) {
    return has.test(message);
  }

  int count(Object message) {
    return count.applyAsInt(message);
  }

  /** Element {@code index}: a String, a boxed number (an enum's as Integer), or a message. */
  Object element(Object message, int index) {
    return element.get(message, index);
  }

  private static Method method(Class<?> owner, String name, Class<?>... params) {
    try {
      return owner.getMethod(name, params);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(owner.getName() + " has no generated accessor " + name, e);
    }
  }

  /**
   * The generated method {@code name} of {@code owner} as an implementation of {@code iface},
   * whose single method {@code sam} has the erased type {@code samType}; numbers widen or box to
   * what {@code samType} returns.
   */
  @SuppressWarnings("unchecked")
  private static <T> T bind(
      Class<?> owner, String name, Class<?> iface, String sam, MethodType samType, Class<?>... params) {
    Method method = method(owner, name, params);
    Class<?> returns = samType.returnType() == Object.class
        ? MethodType.methodType(method.getReturnType()).wrap().returnType()
        : samType.returnType();
    MethodType instantiated = samType.changeParameterType(0, owner).changeReturnType(returns);
    try {
      return (T) LambdaMetafactory.metafactory(LOOKUP, sam, MethodType.methodType(iface), samType,
              LOOKUP.unreflect(method), instantiated)
          .getTarget()
          .invoke();
    } catch (Throwable e) {
      throw new IllegalStateException("cannot bind " + owner.getName() + "." + name + " as " + iface.getName(), e);
    }
  }
}
