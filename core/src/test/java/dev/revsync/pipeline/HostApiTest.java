package dev.revsync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Hosts import nothing from {@code dev.revsync.spi} or {@code dev.revsync.internal}: no public
 * signature of a public type in {@code dev.revsync} or {@code dev.revsync.pipeline} names one.
 */
class HostApiTest {

  @Test
  void noPublicSignatureOfTheHostPackagesNamesAnSpiOrInternalType() throws Exception {
    List<Class<?>> host = new ArrayList<>();
    host.addAll(publicClasses("dev.revsync"));
    host.addAll(publicClasses("dev.revsync.pipeline"));
    assertThat(host)
        .extracting(Class::getSimpleName)
        .contains(
            "Connector",
            "QuotaPolicy",
            "QuotaLedger",
            "DailyPipeline",
            "CheckpointStore",
            "DailyReport");

    TreeSet<String> leaks = new TreeSet<>();
    for (Class<?> c : host) {
      check(c, "extends", c.getGenericSuperclass(), leaks);
      for (Type t : c.getGenericInterfaces()) check(c, "implements", t, leaks);
      for (Method m : c.getDeclaredMethods()) {
        if (!visible(m.getModifiers()) || m.isSynthetic()) continue;
        check(c, m.getName() + " returns", m.getGenericReturnType(), leaks);
        for (Type t : m.getGenericParameterTypes()) check(c, m.getName() + " takes", t, leaks);
        for (Type t : m.getGenericExceptionTypes()) check(c, m.getName() + " throws", t, leaks);
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (!visible(k.getModifiers())) continue;
        for (Type t : k.getGenericParameterTypes()) check(c, "constructor takes", t, leaks);
      }
      for (Field f : c.getDeclaredFields()) {
        if (visible(f.getModifiers())) check(c, "field " + f.getName(), f.getGenericType(), leaks);
      }
    }
    assertThat(leaks).as("host API signatures naming spi or internal types").isEmpty();
  }

  @Test
  void valuesConnectorsAndThePipelineBuildHaveNoPublicConstructorSoANewPartIsAdditive() {
    List<Class<?>> built =
        List.of(
            dev.revsync.VerifyResult.class,
            dev.revsync.FieldSchema.class,
            dev.revsync.ObjectSchema.class,
            dev.revsync.Catalog.class,
            DailyReport.class,
            DailyReport.ObjectReport.class,
            DailyReport.WriteReport.class,
            DailyReport.ConnectionReport.class);
    for (Class<?> c : built) {
      assertThat(c.isRecord())
          .as("%s is a record, whose canonical constructor is public", c.getName())
          .isFalse();
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        assertThat(visible(k.getModifiers())).as("%s is public or protected", k).isFalse();
      }
    }
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void check(Class<?> owner, String where, Type type, Set<String> leaks) {
    if (type == null) return;
    if (type instanceof Class<?> c) {
      while (c.isArray()) c = c.getComponentType();
      String name = c.getName();
      if (name.startsWith("dev.revsync.spi.") || name.startsWith("dev.revsync.internal.")) {
        leaks.add(owner.getName() + " " + where + " " + name);
      }
    } else if (type instanceof ParameterizedType p) {
      check(owner, where, p.getRawType(), leaks);
      for (Type a : p.getActualTypeArguments()) check(owner, where, a, leaks);
    } else if (type instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) check(owner, where, b, leaks);
      for (Type b : w.getLowerBounds()) check(owner, where, b, leaks);
    } else if (type instanceof GenericArrayType a) {
      check(owner, where, a.getGenericComponentType(), leaks);
    } else if (type instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) check(owner, where, b, leaks);
    }
  }

  /**
   * The public top-level and nested classes compiled into {@code pkg} (main classes, not tests).
   */
  private static List<Class<?>> publicClasses(String pkg)
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path dir =
        Path.of(
                dev.revsync.Connector.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI())
            .resolve(pkg.replace('.', '/'));
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String file = f.getFileName().toString();
        if (!file.endsWith(".class") || file.equals("package-info.class")) continue;
        Class<?> c =
            Class.forName(pkg + "." + file.substring(0, file.length() - ".class".length()));
        if (!c.isSynthetic() && !c.isAnonymousClass() && publicAllTheWay(c)) out.add(c);
      }
    }
    return out;
  }

  private static boolean publicAllTheWay(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers())) return false;
    }
    return true;
  }
}
