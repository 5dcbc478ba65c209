package dev.llmpool.launcher.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every Spring property this application knows, and which of them an environment variable sets.
 * <ul>
 *   <li>Spring Boot's own properties come from the {@code META-INF/spring-configuration-metadata.json} of every
 *       jar on the classpath (the same metadata IDEs complete from).</li>
 *   <li>The pool's properties come from its {@code @ConfigurationProperties} records, found by scanning
 *       {@code dev.llmpool}: prefix plus each record component in kebab case, nested records followed, maps and
 *       lists open to any key or index. A new properties record is picked up without touching this class.</li>
 * </ul>
 * Matching asks Spring itself: the variable is put in a {@link SystemEnvironmentPropertySource} and Boot's
 * relaxed binding says whether it supplies the property (both {@code MAXINFLIGHT} and {@code MAX_IN_FLIGHT} forms).
 */
final class KnownProperties {

    /** Property name → how it may be set. */
    private final Map<ConfigurationPropertyName, Kind> properties;

    private KnownProperties(Map<ConfigurationPropertyName, Kind> properties) {
        this.properties = Collections.unmodifiableMap(properties);
    }

    /** What a known property is: a value, a container with keys or indexes below it, or deprecated. */
    enum Kind { VALUE, CONTAINER, DEPRECATED }

    /** A match of an environment variable on a known property. */
    record Match(ConfigurationPropertyName property, Kind kind) {
    }

    static KnownProperties fromClasspath() {
        Map<ConfigurationPropertyName, Kind> known = new LinkedHashMap<>();
        readBootMetadata(known);
        readPoolRecords(known);
        return new KnownProperties(known);
    }

    int size() {
        return properties.size();
    }

    boolean contains(String propertyName) {
        return properties.containsKey(ConfigurationPropertyName.of(propertyName));
    }

    /** The known property that {@code variable} sets by relaxed binding, if any. */
    Optional<Match> boundBy(String variable) {
        ConfigurationPropertySource source = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "x")));
        Match container = null;
        for (Map.Entry<ConfigurationPropertyName, Kind> e : properties.entrySet()) {
            if (source.getConfigurationProperty(e.getKey()) != null) {
                return Optional.of(new Match(e.getKey(), e.getValue()));
            }
            if (e.getValue() == Kind.CONTAINER
                    && source.containsDescendantOf(e.getKey()) == ConfigurationPropertyState.PRESENT) {
                container = new Match(e.getKey(), e.getValue());
            }
        }
        return Optional.ofNullable(container);
    }

    private static void readBootMetadata(Map<ConfigurationPropertyName, Kind> known) {
        JsonMapper json = JsonMapper.builder().build();
        try {
            var resources = KnownProperties.class.getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json");
            while (resources.hasMoreElements()) {
                URL url = resources.nextElement();
                try (InputStream in = url.openStream()) {
                    JsonNode properties = json.readTree(in).path("properties");
                    for (JsonNode property : properties) {
                        String type = property.path("type").asString("");
                        Kind kind = property.has("deprecation") || property.path("deprecated").asBoolean(false)
                                ? Kind.DEPRECATED
                                : type.startsWith("java.util.Map<") || type.startsWith("java.util.List<")
                                        || type.startsWith("java.util.Set<") || type.endsWith("[]")
                                        ? Kind.CONTAINER : Kind.VALUE;
                        ConfigurationPropertyName name =
                                ConfigurationPropertyName.ofIfValid(property.path("name").asString());
                        if (name != null) {
                            known.putIfAbsent(name, kind);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readPoolRecords(Map<ConfigurationPropertyName, Kind> known) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.llmpool")) {
            Class<?> type;
            try {
                type = Class.forName(candidate.getBeanClassName());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            ConfigurationProperties annotation =
                    AnnotatedElementUtils.findMergedAnnotation(type, ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            addRecord(known, prefix, type);
        }
    }

    private static void addRecord(Map<ConfigurationPropertyName, Kind> known, String prefix, Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalStateException(type.getName() + " is not a record: teach " + KnownProperties.class
                    .getSimpleName() + " its properties");
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + DataObjectPropertyName.toDashedForm(component.getName());
            Class<?> raw = component.getType();
            if (Map.class.isAssignableFrom(raw)) {
                known.put(ConfigurationPropertyName.of(name), Kind.CONTAINER);
            } else if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
                known.put(ConfigurationPropertyName.of(name), Kind.CONTAINER);
            } else if (raw.isRecord() && raw.getName().startsWith("dev.llmpool")) {
                addRecord(known, name, raw);
            } else {
                known.put(ConfigurationPropertyName.of(name), Kind.VALUE);
            }
        }
    }
}
