import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes or checks a module's public API file, {@code api/<artifact>.api}: one block per public
 * class of the module's own compiled classes (packages named {@code internal} excluded), listing
 * every public and protected signature, sorted, so a diff of the file is a diff of the API. The
 * habit is OkHttp's {@code okhttp/api/okhttp.api}.
 *
 * <p>Run by the build (exec-maven-plugin, phase {@code verify}) with the module's class path, as a
 * single-file program so it needs no module of its own:
 *
 * <pre>java -cp CLASSPATH scripts/ApiDump.java CLASSES_DIR API_FILE ARTIFACT UPDATE</pre>
 *
 * <p>With UPDATE {@code false} it fails (exit 1) when the file and the code differ, printing the
 * difference and how to accept it; with {@code true} it rewrites the file. Rendering is our own
 * (not {@code toGenericString}) so the file is the same on every JDK.
 */
public final class ApiDump {
  private ApiDump() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: ApiDump CLASSES_DIR API_FILE ARTIFACT UPDATE(true|false)");
      System.exit(2);
    }
    Path classes = Path.of(args[0]);
    Path apiFile = Path.of(args[1]);
    String artifact = args[2];
    boolean update = Boolean.parseBoolean(args[3]) || args[3].isEmpty();
    if (!Files.isDirectory(classes)) return; // nothing compiled (a pom module): no API

    String dump = dump(classes);
    String recorded =
        Files.exists(apiFile) ? Files.readString(apiFile, StandardCharsets.UTF_8) : null;
    if (dump.equals(recorded)) return;
    if (update) {
      Files.createDirectories(apiFile.toAbsolutePath().getParent());
      Files.writeString(apiFile, dump, StandardCharsets.UTF_8);
      System.out.println(artifact + ": wrote " + apiFile);
      return;
    }
    System.err.println(message(artifact, apiFile, dump, recorded));
    System.exit(1);
  }

  static String message(String artifact, Path apiFile, String dump, String recorded) {
    StringBuilder m = new StringBuilder();
    if (recorded == null) {
      m.append(artifact)
          .append(": no API file ")
          .append(apiFile)
          .append(" for this module's public API.\n");
    } else {
      m.append(artifact)
          .append(": the public API differs from ")
          .append(apiFile)
          .append(" (+ only in the code, - only in the file):\n");
      List<String> have = lines(dump);
      List<String> had = lines(recorded);
      Set<String> haveSet = new LinkedHashSet<>(have);
      Set<String> hadSet = new LinkedHashSet<>(had);
      int shown = 0;
      for (String l : had) {
        if (!haveSet.contains(l) && shown++ < 40) m.append("  - ").append(l.strip()).append('\n');
      }
      for (String l : have) {
        if (!hadSet.contains(l) && shown++ < 40) m.append("  + ").append(l.strip()).append('\n');
      }
      if (shown > 40) m.append("  ... ").append(shown - 40).append(" more\n");
      if (shown == 0) m.append("  (the same signatures in another order or grouping)\n");
    }
    m.append("If the change is intended, accept it: ./mvnw -B -ntp verify -DskipTests -Dapi.update")
        .append(" (add -pl <module> -am for one module), then commit the .api file.")
        .append(
            " A removed or changed signature breaks code compiled against the last release: note it in CHANGELOG.md.");
    return m.toString();
  }

  private static List<String> lines(String s) {
    return s.lines().collect(Collectors.toList());
  }

  static String dump(Path classesDir) throws IOException {
    List<String> names;
    try (Stream<Path> files = Files.walk(classesDir)) {
      names =
          files
              .filter(p -> p.toString().endsWith(".class"))
              .map(p -> classesDir.relativize(p).toString())
              .map(
                  n ->
                      n.substring(0, n.length() - ".class".length())
                          .replace(java.io.File.separatorChar, '.'))
              .filter(n -> !n.endsWith("module-info") && !n.endsWith("package-info"))
              .sorted()
              .collect(Collectors.toList());
    }
    ClassLoader loader = ApiDump.class.getClassLoader();
    StringBuilder out = new StringBuilder();
    for (String name : names) {
      if (isInternal(name)) continue;
      Class<?> c;
      try {
        c = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException(
            "cannot load " + name + " from the module's class path: " + e, e);
      }
      if (!exported(c)) continue;
      out.append(header(c)).append(" {\n");
      for (String member : members(c)) out.append("  ").append(member).append('\n');
      out.append("}\n\n");
    }
    return out.toString();
  }

  private static boolean isInternal(String className) {
    return className.contains(".internal.") || className.endsWith(".internal");
  }

  /**
   * Visible to code outside the package: public (or protected inside such a class), all the way
   * out.
   */
  private static boolean exported(Class<?> c) {
    if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass()) return false;
    for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
      int m = k.getModifiers();
      boolean nested = k.getDeclaringClass() != null;
      if (!(Modifier.isPublic(m) || (nested && Modifier.isProtected(m)))) return false;
    }
    return true;
  }

  private static String header(Class<?> c) {
    StringBuilder h = new StringBuilder();
    int mods =
        c.getModifiers()
            & (Modifier.PUBLIC
                | Modifier.PROTECTED
                | Modifier.STATIC
                | Modifier.FINAL
                | Modifier.ABSTRACT);
    String kind;
    if (c.isAnnotation()) {
      kind = "@interface";
      mods &= ~(Modifier.ABSTRACT | Modifier.STATIC);
    } else if (c.isInterface()) {
      kind = "interface";
      mods &= ~(Modifier.ABSTRACT | Modifier.STATIC);
    } else if (c.isEnum()) {
      kind = "enum";
      mods &= ~(Modifier.FINAL | Modifier.STATIC | Modifier.ABSTRACT);
    } else if (c.isRecord()) {
      kind = "record";
      mods &= ~(Modifier.FINAL | Modifier.STATIC);
    } else {
      kind = "class";
    }
    String m = Modifier.toString(mods);
    if (!m.isEmpty()) h.append(m).append(' ');
    h.append(kind).append(' ').append(c.getName()).append(typeParams(c.getTypeParameters()));
    if (c.isRecord()) {
      h.append(
          Stream.of(c.getRecordComponents())
              .map(rc -> type(rc.getGenericType()) + " " + rc.getName())
              .collect(Collectors.joining(", ", "(", ")")));
    }
    Type sup = c.getGenericSuperclass();
    if (sup != null && sup != Object.class && !c.isEnum() && !c.isRecord())
      h.append(" extends ").append(type(sup));
    Type[] ifaces = c.getGenericInterfaces();
    if (ifaces.length > 0 && !c.isAnnotation()) {
      h.append(c.isInterface() ? " extends " : " implements ");
      h.append(Stream.of(ifaces).map(ApiDump::type).collect(Collectors.joining(", ")));
    }
    return h.toString();
  }

  /**
   * Fields, then constructors, then methods, each by name: the order a reader looks things up in.
   */
  private static Collection<String> members(Class<?> c) {
    Map<String, String> out = new TreeMap<>();
    boolean extensible = !Modifier.isFinal(c.getModifiers()) && !c.isEnum() && !c.isRecord();
    // Public members of package-private superclasses are callable on this class: they are its API.
    List<Class<?>> owners = new ArrayList<>();
    owners.add(c);
    for (Class<?> s = c.getSuperclass();
        s != null && s != Object.class && !Modifier.isPublic(s.getModifiers());
        s = s.getSuperclass()) {
      owners.add(s);
    }
    for (Class<?> owner : owners) {
      for (Field f : owner.getDeclaredFields()) {
        if (f.isSynthetic() || !visible(f.getModifiers(), extensible)) continue;
        int mods =
            f.getModifiers()
                & Modifier.fieldModifiers()
                & ~(Modifier.TRANSIENT | Modifier.VOLATILE);
        String line = modifiers(mods) + type(f.getGenericType()) + " " + f.getName();
        out.put("0 " + f.getName() + " " + line, line);
      }
      for (Method m : owner.getDeclaredMethods()) {
        if (m.isSynthetic() || m.isBridge() || !visible(m.getModifiers(), extensible)) continue;
        // methodModifiers() also drops the varargs bit, which Modifier.toString would print as
        // "transient".
        int mods =
            m.getModifiers()
                & Modifier.methodModifiers()
                & ~(Modifier.SYNCHRONIZED | Modifier.NATIVE | Modifier.STRICT);
        if (c.isInterface()) mods &= ~(Modifier.PUBLIC | Modifier.ABSTRACT);
        String line =
            modifiers(mods)
                + (m.isDefault() ? "default " : "")
                + typeParams(m.getTypeParameters())
                + (m.getTypeParameters().length > 0 ? " " : "")
                + type(m.getGenericReturnType())
                + " "
                + m.getName()
                + params(m)
                + throwsClause(m);
        out.put("2 " + m.getName() + " " + line, line);
      }
      if (owner != c) continue; // a superclass's constructors are not this class's
      for (Constructor<?> k : owner.getDeclaredConstructors()) {
        if (k.isSynthetic() || !visible(k.getModifiers(), extensible)) continue;
        int mods = k.getModifiers() & Modifier.constructorModifiers();
        String line =
            modifiers(mods)
                + typeParams(k.getTypeParameters())
                + (k.getTypeParameters().length > 0 ? " " : "")
                + "<init>"
                + params(k)
                + throwsClause(k);
        out.put("1 " + line, line);
      }
    }
    return out.values();
  }

  private static boolean visible(int mods, boolean extensible) {
    return Modifier.isPublic(mods) || (extensible && Modifier.isProtected(mods));
  }

  private static String modifiers(int mods) {
    String m = Modifier.toString(mods);
    return m.isEmpty() ? "" : m + " ";
  }

  private static String params(Executable e) {
    Type[] types = e.getGenericParameterTypes();
    // Inner-class constructors and enum constructors may report fewer generic than raw types; fall
    // back.
    if (types.length != e.getParameterCount()) types = e.getParameterTypes();
    List<String> ps = new ArrayList<>();
    for (int i = 0; i < types.length; i++) {
      String t = type(types[i]);
      if (e.isVarArgs() && i == types.length - 1 && t.endsWith("[]"))
        t = t.substring(0, t.length() - 2) + "...";
      ps.add(t);
    }
    return ps.stream().collect(Collectors.joining(", ", "(", ")"));
  }

  private static String throwsClause(Executable e) {
    Type[] ex = e.getGenericExceptionTypes();
    if (ex.length == 0) return "";
    return Stream.of(ex)
        .map(ApiDump::type)
        .sorted()
        .collect(Collectors.joining(", ", " throws ", ""));
  }

  private static String typeParams(TypeVariable<?>[] vars) {
    if (vars.length == 0) return "";
    return Stream.of(vars)
        .map(
            v -> {
              List<String> bounds =
                  Stream.of(v.getBounds())
                      .filter(b -> b != Object.class)
                      .map(ApiDump::type)
                      .collect(Collectors.toList());
              return bounds.isEmpty()
                  ? v.getName()
                  : v.getName() + " extends " + String.join(" & ", bounds);
            })
        .collect(Collectors.joining(", ", "<", ">"));
  }

  static String type(Type t) {
    if (t instanceof Class<?> c) {
      if (c.isArray()) return type(c.getComponentType()) + "[]";
      return c.getName();
    }
    if (t instanceof ParameterizedType p) {
      String raw = type(p.getRawType());
      return raw
          + Stream.of(p.getActualTypeArguments())
              .map(ApiDump::type)
              .collect(Collectors.joining(", ", "<", ">"));
    }
    if (t instanceof GenericArrayType g) return type(g.getGenericComponentType()) + "[]";
    if (t instanceof TypeVariable<?> v) return v.getName();
    if (t instanceof WildcardType w) {
      if (w.getLowerBounds().length > 0) return "? super " + type(w.getLowerBounds()[0]);
      Type[] upper = w.getUpperBounds();
      if (upper.length == 0 || upper[0] == Object.class) return "?";
      return "? extends " + type(upper[0]);
    }
    throw new IllegalStateException("unknown kind of type: " + t);
  }
}
