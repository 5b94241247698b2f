package dev.taskfleet.testkit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The keys a SmallRye {@code @ConfigMapping} interface reads, found by walking it by reflection
 * and naming them as SmallRye does: each method's name in kebab-case ({@code maxInFlight} is
 * {@code max-in-flight}) or its {@code @WithName}, nested groups as dotted paths, the key of a
 * {@code Map} as {@code *}, methods of extended interfaces included and default methods (helpers,
 * not keys) left out. Each key comes with its {@code @WithDefault}, or none: an {@code Optional},
 * a map, or a key that must be set.
 */
final class ConfigMappingKeys {

    /** Stands for a map's key in a key pattern: {@code taskfleet.tiers.*.model}. */
    static final String ANY = "*";

    private ConfigMappingKeys() {
    }

    /** Every key of {@code mapping} under its {@code @ConfigMapping} prefix, sorted, with its default. */
    static SortedMap<String, Optional<String>> of(Class<?> mapping) {
        ConfigMapping root = mapping.getAnnotation(ConfigMapping.class);
        if (root == null) {
            throw new IllegalArgumentException(mapping.getName() + " is not annotated @ConfigMapping");
        }
        SortedMap<String, Optional<String>> keys = new TreeMap<>();
        walkGroup(mapping, root.prefix(), keys);
        return keys;
    }

    private static void walkGroup(Class<?> group, String prefix, Map<String, Optional<String>> keys) {
        for (Method method : group.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            if (method.isAnnotationPresent(WithParentName.class)) {
                throw new IllegalArgumentException("@WithParentName on " + method + " is not supported by this check");
            }
            WithName name = method.getAnnotation(WithName.class);
            String key = prefix + "." + (name != null ? name.value() : kebabCase(method.getName()));
            WithDefault declared = method.getAnnotation(WithDefault.class);
            walkType(method.getGenericReturnType(), key, Optional.ofNullable(declared).map(WithDefault::value), keys);
        }
    }

    private static void walkType(Type type, String key, Optional<String> defaultValue, Map<String, Optional<String>> keys) {
        Class<?> raw = rawClass(type);
        if (raw == Optional.class) {
            walkType(typeArgument(type, 0), key, defaultValue, keys);
        } else if (Map.class.isAssignableFrom(raw)) {
            walkType(typeArgument(type, 1), key + "." + ANY, defaultValue, keys);
        } else if (isGroup(raw)) {
            walkGroup(raw, key, keys);
        } else if (Collection.class.isAssignableFrom(raw) && isGroup(rawClass(typeArgument(type, 0)))) {
            throw new IllegalArgumentException("a collection of groups (" + key + ") is not supported by this check");
        } else {
            keys.put(key, defaultValue);
        }
    }

    /** A nested mapping interface; {@code java.*} interfaces such as {@code Path} or {@code List} are values. */
    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && !type.getName().startsWith("java.");
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> plain) {
            return plain;
        }
        if (type instanceof ParameterizedType parameterized) {
            return (Class<?>) parameterized.getRawType();
        }
        throw new IllegalArgumentException("unsupported configuration type " + type);
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType parameterized) {
            return parameterized.getActualTypeArguments()[index];
        }
        throw new IllegalArgumentException("raw " + type + " in a configuration mapping: give its type arguments");
    }

    private static String kebabCase(String methodName) {
        StringBuilder key = new StringBuilder();
        for (char c : methodName.toCharArray()) {
            if (Character.isUpperCase(c)) {
                key.append('-').append(Character.toLowerCase(c));
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }
}
