package ai.chaukas.spec.apicheck;

import japicmp.model.JApiClass;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javassist.CtBehavior;
import javassist.CtClass;
import javassist.CtConstructor;
import javassist.CtField;
import javassist.CtMethod;
import javassist.Modifier;
import javassist.bytecode.AccessFlag;
import javassist.bytecode.BadBytecode;
import javassist.bytecode.ClassFile;
import javassist.bytecode.Descriptor;
import javassist.bytecode.SignatureAttribute;

/**
 * Renders the classes japicmp read from a jar as sorted text: one line per public or protected
 * type ({@code name: modifiers kind extends … implements …}) followed by its public and protected
 * constructors, methods and fields, indented, with generic signatures where the class file has
 * them. A type counts only when every class enclosing it is public or protected too; packages
 * named {@code internal} and generated {@code .v1} packages are left out.
 */
final class ApiListing {

  private ApiListing() {}

  static List<String> of(List<JApiClass> classes, String packagePrefix) {
    Map<String, CtClass> byName = new HashMap<>();
    for (JApiClass c : classes) {
      c.getNewClass().ifPresent(ct -> byName.put(ct.getName(), ct));
    }
    TreeSet<String> types = new TreeSet<>();
    Map<String, List<String>> members = new HashMap<>();
    for (CtClass ct : byName.values()) {
      String name = ct.getName();
      if (!inScope(name, packagePrefix) || !visible(ct, byName)) {
        continue;
      }
      types.add(name);
      members.put(name, members(ct));
    }
    List<String> out = new ArrayList<>();
    for (String name : types) {
      out.add(name + ": " + header(byName.get(name)));
      out.addAll(members.get(name));
    }
    return out;
  }

  private static boolean inScope(String className, String packagePrefix) {
    String pkg = className.substring(0, Math.max(0, className.lastIndexOf('.')));
    return (pkg.equals(packagePrefix) || pkg.startsWith(packagePrefix + "."))
        && !pkg.matches(".*\\.v\\d+(\\..*)?") && !pkg.matches("(.*\\.)?internal(\\..*)?");
  }

  /** Public or protected, and so is every enclosing class. */
  private static boolean visible(CtClass ct, Map<String, CtClass> byName) {
    String name = ct.getName();
    if (!isApi(ct.getModifiers()) || (ct.getClassFile2().getAccessFlags() & AccessFlag.SYNTHETIC) != 0) {
      return false;
    }
    int dollar = name.lastIndexOf('$');
    if (dollar < 0) {
      return true;
    }
    CtClass outer = byName.get(name.substring(0, dollar));
    return outer != null && visible(outer, byName);
  }

  private static boolean isApi(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String header(CtClass ct) {
    ClassFile file = ct.getClassFile2();
    int mods = ct.getModifiers();
    String kind;
    if (ct.isAnnotation()) {
      kind = "@interface";
      mods &= ~(Modifier.INTERFACE | Modifier.ABSTRACT | Modifier.ANNOTATION);
    } else if (ct.isInterface()) {
      kind = "interface";
      mods &= ~(Modifier.INTERFACE | Modifier.ABSTRACT);
    } else if (ct.isEnum()) {
      kind = "enum";
      mods &= ~Modifier.ENUM;
    } else if ("java.lang.Record".equals(file.getSuperclass())) {
      kind = "record";
    } else {
      kind = "class";
    }
    StringBuilder out = new StringBuilder(modifiers(mods)).append(kind);
    String generic = ct.getGenericSignature();
    if (generic != null) {
      try {
        SignatureAttribute.ClassSignature sig = SignatureAttribute.toClassSignature(generic);
        if (sig.getParameters().length > 0) {
          out.append(" <");
          for (int i = 0; i < sig.getParameters().length; i++) {
            out.append(i > 0 ? ", " : "").append(sig.getParameters()[i]);
          }
          out.append('>');
        }
        if (!ct.isInterface() && !"java.lang.Object".equals(file.getSuperclass())) {
          out.append(" extends ").append(sig.getSuperClass());
        }
        if (sig.getInterfaces().length > 0) {
          out.append(ct.isInterface() ? " extends " : " implements ");
          for (int i = 0; i < sig.getInterfaces().length; i++) {
            out.append(i > 0 ? ", " : "").append(sig.getInterfaces()[i]);
          }
        }
      } catch (BadBytecode e) {
        throw new IllegalStateException(ct.getName() + ": " + e.getMessage(), e);
      }
      return out.toString();
    }
    if (!ct.isInterface() && !"java.lang.Object".equals(file.getSuperclass())) {
      out.append(" extends ").append(file.getSuperclass());
    }
    String[] interfaces = file.getInterfaces();
    if (interfaces.length > 0) {
      out.append(ct.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
    }
    return out.toString();
  }

  private static List<String> members(CtClass ct) {
    TreeSet<String> lines = new TreeSet<>();
    for (CtConstructor c : ct.getDeclaredConstructors()) {
      if (api(c)) {
        String signature = signature(c, ct.getSimpleName());
        lines.add("  constructor " + modifiers(c.getModifiers()) + signature.substring(0, signature.lastIndexOf(')') + 1));
      }
    }
    for (CtMethod m : ct.getDeclaredMethods()) {
      if (api(m)) {
        lines.add("  method " + modifiers(m.getModifiers()) + signature(m, m.getName()));
      }
    }
    for (CtField f : ct.getDeclaredFields()) {
      int flags = f.getFieldInfo2().getAccessFlags();
      if (isApi(f.getModifiers()) && (flags & AccessFlag.SYNTHETIC) == 0) {
        String type = f.getGenericSignature() != null ? fieldType(f) : javaType(f.getSignature());
        lines.add("  field " + modifiers(f.getModifiers()) + type + " " + f.getName());
      }
    }
    return new ArrayList<>(lines);
  }

  private static boolean api(CtBehavior b) {
    int flags = b.getMethodInfo2().getAccessFlags();
    return isApi(b.getModifiers()) && (flags & (AccessFlag.SYNTHETIC | AccessFlag.BRIDGE)) == 0;
  }

  /** {@code name(parameter types) return type}, generic where the class file says so. */
  private static String signature(CtBehavior b, String name) {
    String generic = b.getGenericSignature();
    if (generic == null) {
      String descriptor = b.getSignature();
      return name + Descriptor.toString(descriptor) + " " + javaType(descriptor.substring(descriptor.indexOf(')') + 1));
    }
    try {
      SignatureAttribute.MethodSignature sig = SignatureAttribute.toMethodSignature(generic);
      StringBuilder out = new StringBuilder();
      if (sig.getTypeParameters().length > 0) {
        out.append('<');
        for (int i = 0; i < sig.getTypeParameters().length; i++) {
          out.append(i > 0 ? ", " : "").append(sig.getTypeParameters()[i]);
        }
        out.append("> ");
      }
      out.append(name).append('(');
      for (int i = 0; i < sig.getParameterTypes().length; i++) {
        out.append(i > 0 ? "," : "").append(sig.getParameterTypes()[i]);
      }
      return out.append(") ").append(sig.getReturnType()).toString();
    } catch (BadBytecode e) {
      throw new IllegalStateException(b.getLongName() + ": " + e.getMessage(), e);
    }
  }

  /** A JVM field descriptor ({@code [Ljava/lang/String;}) as Java writes the type. */
  private static String javaType(String descriptor) {
    int dims = 0;
    while (descriptor.charAt(dims) == '[') {
      dims++;
    }
    String base = switch (descriptor.charAt(dims)) {
      case 'V' -> "void";
      case 'Z' -> "boolean";
      case 'B' -> "byte";
      case 'C' -> "char";
      case 'S' -> "short";
      case 'I' -> "int";
      case 'J' -> "long";
      case 'F' -> "float";
      case 'D' -> "double";
      default -> descriptor.substring(dims + 1, descriptor.length() - 1).replace('/', '.');
    };
    return base + "[]".repeat(dims);
  }

  private static String fieldType(CtField f) {
    try {
      return SignatureAttribute.toFieldSignature(f.getGenericSignature()).toString();
    } catch (BadBytecode e) {
      throw new IllegalStateException(f.getName() + ": " + e.getMessage(), e);
    }
  }

  private static String modifiers(int mods) {
    String text = Modifier.toString(mods & ~(Modifier.SYNCHRONIZED | Modifier.VARARGS
        | Modifier.TRANSIENT | Modifier.VOLATILE | Modifier.NATIVE | Modifier.STRICT));
    return text.isEmpty() ? "" : text + " ";
  }
}
