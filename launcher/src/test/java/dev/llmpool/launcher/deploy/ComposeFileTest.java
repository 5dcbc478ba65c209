package dev.llmpool.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

import dev.llmpool.core.catalog.CatalogLoader;
import dev.llmpool.core.catalog.ModelCatalog;
import dev.llmpool.core.files.FilesProperties;
import dev.llmpool.launcher.LlmPoolCli;
import dev.llmpool.launcher.deploy.ComposeFile.Service;
import dev.llmpool.simulator.SimulatorSettings;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.DefaultResourceLoader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml checked without a Docker engine: the file is read as Compose reads it (anchors, merge keys,
 * {@code ${VAR:-default}}) and every part of it is held against the code it starts: the {@code llmpool} commands
 * and options (asked of picocli), the Spring properties the environment sets (asked of Boot's relaxed binding over
 * the real properties records and metadata), the broker configuration (validated by Kafka's own
 * {@link KafkaConfig}), the catalog's providers, the Dockerfile and the repository's modules.
 * {@link ComposeStackIT} starts the stack for real wherever Docker runs.
 */
class ComposeFileTest {

    /** The commands whose services are part of the pool (everything else is infrastructure or monitoring). */
    private static final Set<String> POOL_IMAGE_ROLES = Set.of("gateway", "router", "worker", "batch-runner",
            "simulator");

    /** The roles that read and write the Files and Batch APIs' files: they must share one store. */
    private static final Set<String> FILE_ROLES = Set.of("gateway", "batch-runner");

    /** Variables the JVM itself reads. */
    private static final Set<String> JVM_VARIABLES = Set.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS");

    /** Provider variables, read by {@code ProviderEndpoints} for the providers a worker serves. */
    private static final List<String> PROVIDER_VARIABLE_SUFFIXES = List.of("_API_KEY", "_BASE_URL");

    /** apache/kafka image variables that are not broker properties (its kafka-propertiesSpec.json excludes). */
    private static final Set<String> KAFKA_IMAGE_VARIABLES = Set.of("KAFKA_VERSION", "KAFKA_HEAP_OPTS",
            "KAFKA_LOG4J_OPTS", "KAFKA_OPTS", "KAFKA_JMX_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS",
            "KAFKA_LOG4J_ROOT_LOGLEVEL", "KAFKA_LOG4J_LOGGERS", "KAFKA_TOOLS_LOG4J_LOGLEVEL");

    /** Keys a service may use in this file (a subset of the Compose specification, spelled as it spells them). */
    private static final Set<String> SERVICE_KEYS = Set.of("image", "build", "command", "entrypoint", "environment",
            "env_file", "ports", "expose", "volumes", "depends_on", "healthcheck", "restart", "deploy", "hostname",
            "extra_hosts", "stop_grace_period", "stop_signal", "labels", "networks", "user", "working_dir",
            "profiles", "logging", "ulimits", "mem_limit", "cpus", "init", "tmpfs", "read_only", "container_name");

    private static final Set<String> HEALTHCHECK_KEYS =
            Set.of("test", "interval", "timeout", "retries", "start_period", "start_interval", "disable");

    private static final Set<String> TOP_LEVEL_KEYS = Set.of("name", "services", "volumes", "networks", "configs",
            "secrets", "include");

    private static final Set<String> RESTART_POLICIES = Set.of("always", "unless-stopped", "on-failure");

    private static final Set<String> DEPENDENCY_CONDITIONS =
            Set.of("service_started", "service_healthy", "service_completed_successfully");

    private static Path root;
    private static ComposeFile compose;
    private static KnownProperties spring;
    private static ModelCatalog catalog;

    @BeforeAll
    static void load() {
        root = ComposeFile.repoRoot();
        compose = ComposeFile.load(root.resolve("docker-compose.yml"), Map.of());
        spring = KnownProperties.fromClasspath();
        catalog = new CatalogLoader().load(new DefaultResourceLoader().getResource("classpath:llmpool/catalog.yml"));
    }

    // ---- roles and commands ---------------------------------------------------------------------------------------

    @Test
    void everyRoleOfThePoolAndEveryCatalogProviderHasAService() {
        Map<String, Service> services = compose.services();
        assertThat(services).containsKeys("kafka", "redis", "minio", "simulator", "gateway", "router",
                "batch-runner");
        assertThat(commandOf(services.get("gateway"))).isEqualTo("gateway");
        assertThat(commandOf(services.get("router"))).isEqualTo("router");
        assertThat(commandOf(services.get("batch-runner"))).isEqualTo("batch-runner");
        assertThat(commandOf(services.get("simulator"))).isEqualTo("simulator");
        for (String provider : catalog.providers()) {
            Service worker = services.get(provider + "-worker");
            assertThat(worker).as("a service %s-worker for catalog provider %s", provider, provider).isNotNull();
            assertThat(providersOf(worker)).as("%s serves exactly its provider", worker.name())
                    .containsExactly(provider);
        }
        for (Service worker : workers()) {
            assertThat(catalog.providers()).as("%s serves a provider of the catalog", worker.name())
                    .containsAll(providersOf(worker));
        }
    }

    @Test
    void everyPoolCommandIsAnLlmpoolSubcommandWithOptionsItAccepts() {
        Set<String> subcommands = new CommandLine(new LlmPoolCli()).getSubcommands().keySet();
        for (Service service : poolServices()) {
            List<String> args = service.command();
            assertThat(subcommands).as("%s runs `llmpool %s`", service.name(), args.getFirst())
                    .contains(args.getFirst());
            if (args.getFirst().equals("simulator")) {
                SimulatorSettings settings = simulatorSettings(service);
                assertThat(settings.host()).as("the simulator listens beyond its own container").isEqualTo("0.0.0.0");
            } else {
                assertThatCode(() -> parse(args)).as("`llmpool %s` parses", String.join(" ", args))
                        .doesNotThrowAnyException();
            }
        }
    }

    // ---- image ----------------------------------------------------------------------------------------------------

    @Test
    void everyImageTheFileBuildsComesFromThisRepositoryAndAllRolesShareOne() throws IOException {
        Set<Object> builds = new LinkedHashSet<>();
        Set<String> images = new LinkedHashSet<>();
        for (Service service : compose.services().values()) {
            if (!service.has("build")) {
                continue;
            }
            Map<String, Object> build = service.build();
            Path context = root.resolve(String.valueOf(build.get("context"))).normalize();
            Path dockerfile = context.resolve(String.valueOf(build.getOrDefault("dockerfile", "Dockerfile")));
            assertThat(context).as("%s build context", service.name()).isDirectory();
            assertThat(dockerfile).as("%s Dockerfile", service.name()).isRegularFile();
            builds.add(build);
            images.add(service.image());
        }
        assertThat(poolServices()).allSatisfy(s -> assertThat(s.has("build")).as(s.name() + " builds").isTrue());
        assertThat(builds).as("one build for every role").hasSize(1);
        assertThat(images).as("one image tag for every role").hasSize(1);
    }

    @Test
    void theDockerfileBuildsTheLauncherJarFromEveryModuleAndRunsItAsANonRootUser() throws IOException {
        Path dockerfile = root.resolve("docker/Dockerfile");
        List<String> instructions = dockerInstructions(dockerfile);
        List<String> copiedSources = new ArrayList<>();
        for (String line : instructions) {
            List<String> words = List.of(line.split("\\s+"));
            if (!words.getFirst().equalsIgnoreCase("COPY") || line.contains("--from=")) {
                continue;
            }
            List<String> paths = words.stream().skip(1).filter(w -> !w.startsWith("--")).toList();
            for (String source : paths.subList(0, paths.size() - 1)) {
                assertThat(root.resolve(source)).as("COPY %s exists in the build context", source).exists();
                copiedSources.add(source.replaceAll("/$", ""));
            }
        }
        assertThat(copiedSources).as("every reactor module is in the build context")
                .containsAll(reactorModules());

        String launcherPom = Files.readString(root.resolve("launcher/pom.xml"));
        Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(launcherPom);
        assertThat(finalName.find()).as("launcher/pom.xml names its jar").isTrue();
        String jar = "launcher/target/" + finalName.group(1) + ".jar";
        String run = instructions.stream().filter(l -> l.startsWith("RUN") && l.contains("mvnw")).findFirst()
                .orElseThrow(() -> new AssertionError("no Maven wrapper build in the Dockerfile"));
        assertThat(run).contains("-pl launcher").contains("-am").contains(jar);

        String user = instructions.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("the runtime stage sets no USER"));
        assertThat(user.substring(5).trim().split(":")[0]).as("runtime user").isNotIn("root", "0");
        String entrypoint = instructions.stream().filter(l -> l.startsWith("ENTRYPOINT")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no ENTRYPOINT"));
        assertThat(entrypoint).startsWith("ENTRYPOINT [\"java\"").contains("\"-jar\", \"/app/llmpool.jar\"]");
        assertThat(instructions).anyMatch(l -> l.startsWith("FROM eclipse-temurin:25-jdk AS build"))
                .anyMatch(l -> l.startsWith("FROM eclipse-temurin:25-jre"));
        assertThat(Files.readAllLines(root.resolve("docker/Dockerfile.dockerignore")))
                .as("build outputs stay out of the context").contains("**/target/");
    }

    // ---- environment ----------------------------------------------------------------------------------------------

    @Test
    void everyVariableOfAPoolServiceIsReadByTheCommandTheJvmOrASpringPropertyThatExists() {
        List<String> problems = new ArrayList<>();
        for (Service service : poolServices()) {
            String command = commandOf(service);
            Set<String> cliVariables = cliVariables(command);
            Set<String> providerVariables = providersOf(service).stream()
                    .flatMap(p -> PROVIDER_VARIABLE_SUFFIXES.stream()
                            .map(suffix -> p.toUpperCase(Locale.ROOT).replace('-', '_') + suffix))
                    .collect(Collectors.toSet());
            for (String variable : service.environment().keySet()) {
                if (cliVariables.contains(variable) || providerVariables.contains(variable)
                        || JVM_VARIABLES.contains(variable)) {
                    continue;
                }
                Optional<KnownProperties.Match> match = spring.boundBy(variable);
                if (match.isEmpty()) {
                    problems.add(service.name() + ": " + variable + " is read by nothing (not an option default of `"
                            + "llmpool " + command + "` " + cliVariables + ", not a provider variable "
                            + providerVariables + ", not a Spring property)");
                } else if (match.get().kind() == KnownProperties.Kind.DEPRECATED) {
                    problems.add(service.name() + ": " + variable + " sets the deprecated " + match.get().property());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void thePropertyCheckKnowsThePoolsPropertiesAndRejectsMisspeltOnes() {
        assertThat(spring.size()).isGreaterThan(500);
        assertThat(spring.contains("llmpool.workers.max-in-flight")).isTrue();
        assertThat(spring.contains("llmpool.redis.url")).isTrue();
        assertThat(spring.contains("server.port")).isTrue();
        assertThat(spring.boundBy("LLMPOOL_WORKERS_MAX_IN_FLIGHT")).map(m -> m.property().toString())
                .contains("llmpool.workers.max-in-flight");
        assertThat(spring.boundBy("LLMPOOL_WORKERS_MAXINFLIGHT")).isPresent();
        assertThat(spring.boundBy("LLMPOOL_ROUTER_REDELIVERY_MAX_RETRIES")).map(m -> m.property().toString())
                .contains("llmpool.router.redelivery.max-retries");
        assertThat(spring.boundBy("LLMPOOL_PROVIDERS_OPENAI_BASE_URL")).map(m -> m.property().toString())
                .contains("llmpool.providers");
        assertThat(spring.boundBy("SPRING_MAIN_WEB_APPLICATION_TYPE")).isPresent();
        assertThat(spring.boundBy("MANAGEMENT_METRICS_DISTRIBUTION_PERCENTILESHISTOGRAM_LLMPOOL")).isPresent();
        assertThat(spring.boundBy("LLMPOOL_WORKERS_MAX_INFLIGT")).isEmpty();
        assertThat(spring.boundBy("LLMPOOL_WORKER_MAX_IN_FLIGHT")).isEmpty();
        assertThat(spring.boundBy("LLMPOOL_REDIS_URI")).isEmpty();
        assertThat(spring.boundBy("SERVER_PROT")).isEmpty();
    }

    @Test
    void servicesFindEachOtherByServiceNameAndPort() {
        Map<String, Service> services = compose.services();
        Service simulator = services.get("simulator");
        int simulatorPort = simulatorSettings(simulator).port();
        for (Service service : poolServices()) {
            Map<String, String> env = service.environment();
            if (commandOf(service).equals("simulator")) {
                continue;
            }
            assertThat(env.get("KAFKA_BOOTSTRAP_SERVERS")).as(service.name()).isEqualTo("kafka:9092");
            URI redis = URI.create(env.get("REDIS_URL"));
            assertThat(services).containsKey(redis.getHost());
            assertThat(redis.getPort()).isEqualTo(6379);
            if (commandOf(service).equals("worker")) {
                URI sim = URI.create(env.get("LLMPOOL_SIMULATOR_URL"));
                assertThat(sim.getHost()).as(service.name()).isEqualTo("simulator");
                assertThat(sim.getPort()).as(service.name()).isEqualTo(simulatorPort);
                assertThat(sim.getPath()).isEqualTo("/v1");
                assertThat(service.dependsOn()).containsKey("simulator");
            }
        }
    }

    // ---- files ----------------------------------------------------------------------------------------------------

    @Test
    void theGatewayAndTheBatchRunnerShareOneS3BucketOnMinioWithItsCredentials() {
        Service minio = compose.service("minio");
        List<String> server = minio.command();
        assertThat(server.getFirst()).isEqualTo("server");
        int apiPort = Integer.parseInt(server.get(server.indexOf("--address") + 1).replace(":", ""));
        assertThat(minio.healthcheckCommand()).containsExactly("mc", "ready", "local");
        assertThat(minio.stringList("volumes")).anyMatch(v -> v.endsWith(":" + server.get(1)));
        assertThat(minio.stringList("ports")).anyMatch(p -> p.endsWith(":" + apiPort));

        List<Service> fileRoles = poolServices().stream().filter(s -> FILE_ROLES.contains(commandOf(s))).toList();
        assertThat(fileRoles).extracting(ComposeFileTest::commandOf).containsExactlyInAnyOrderElementsOf(FILE_ROLES);
        Set<FilesProperties> stores = new LinkedHashSet<>();
        for (Service service : fileRoles) {
            Map<String, Object> env = new LinkedHashMap<>();
            service.environment().forEach((name, value) -> env.put(name, value == null ? "" : value));
            FilesProperties files = new Binder(ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)))
                    .bindOrCreate("llmpool.files", FilesProperties.class);
            assertThat(files.store()).as(service.name()).isEqualTo(FilesProperties.Store.S3);
            assertThat(files.s3().endpoint()).as(service.name() + " reaches MinIO by its service name and port")
                    .isEqualTo(URI.create("http://minio:" + apiPort));
            assertThat(files.s3().pathStyle()).as("MinIO wants path-style addressing").isTrue();
            assertThat(files.s3().accessKey()).as(service.name() + " signs as MinIO's root user")
                    .isEqualTo(minio.environment().get("MINIO_ROOT_USER")).isNotBlank();
            assertThat(files.s3().secretKey()).isEqualTo(minio.environment().get("MINIO_ROOT_PASSWORD"));
            assertThat(files.s3().secretKey().length()).as("MinIO refuses a root password under 8 characters")
                    .isGreaterThanOrEqualTo(8);
            assertThat(service.dependsOn()).as(service.name()).containsKey("minio");
            stores.add(files);
        }
        assertThat(stores).as("one store for every process that keeps files").hasSize(1);
        assertThat(compose.service("batch-runner").environment()).containsEntry("SPRING_MAIN_WEB_APPLICATION_TYPE",
                "servlet");
    }

    // ---- Kafka ----------------------------------------------------------------------------------------------------

    @Test
    void kafkaIsOneKraftNodeWithShareGroupStateOnOneReplicaReachableAsKafka9092() {
        Service kafka = compose.service("kafka");
        assertThat(kafka.image()).isEqualTo("apache/kafka:4.2.0");
        Properties broker = new Properties();
        List<String> unknown = new ArrayList<>();
        Set<String> brokerConfigs = AbstractKafkaConfig.CONFIG_DEF.names();
        kafka.environment().forEach((variable, value) -> {
            if (variable.equals("CLUSTER_ID")) {
                assertThat(Uuid.fromString(value).toString()).as("CLUSTER_ID is a Kafka Uuid").isEqualTo(value);
            } else if (variable.startsWith("KAFKA_") && !KAFKA_IMAGE_VARIABLES.contains(variable)) {
                String property = kafkaImageProperty(variable);
                if (brokerConfigs.contains(property)) {
                    broker.put(property, value);
                } else {
                    unknown.add(variable + " -> " + property);
                }
            } else if (!KAFKA_IMAGE_VARIABLES.contains(variable)) {
                unknown.add(variable);
            }
        });
        assertThat(unknown).as("variables the broker would not understand").isEmpty();

        KafkaConfig config = KafkaConfig.fromProps(broker); // Kafka's own validation: listeners, roles, quorum
        assertThat(config.nodeId()).isEqualTo(1);
        assertThat(broker.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(intValue(config, "share.coordinator.state.topic.replication.factor")).isEqualTo(1);
        assertThat(intValue(config, "share.coordinator.state.topic.min.isr")).isEqualTo(1);
        assertThat(intValue(config, "offsets.topic.replication.factor")).isEqualTo(1);
        assertThat(intValue(config, "transaction.state.log.replication.factor")).isEqualTo(1);
        assertThat(intValue(config, "transaction.state.log.min.isr")).isEqualTo(1);
        assertThat(broker.getProperty("advertised.listeners")).contains("PLAINTEXT://kafka:9092");
        assertThat(broker.getProperty("inter.broker.listener.name")).isEqualTo("PLAINTEXT");
        assertThat(kafka.spec()).containsEntry("hostname", "kafka");
        assertThat(kafka.healthcheckCommand()).containsExactly("/opt/kafka/bin/kafka-broker-api-versions.sh",
                "--bootstrap-server", "localhost:9092");
        assertThat(kafka.stringList("volumes")).anyMatch(v -> v.endsWith(":" + broker.getProperty("log.dirs")));
    }

    @Test
    void theKafkaImageVariableRulesAreFollowed() {
        assertThat(kafkaImageProperty("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR"))
                .isEqualTo("share.coordinator.state.topic.min.isr");
        assertThat(kafkaImageProperty("KAFKA_ABC___DEF")).isEqualTo("abc-def");
        assertThat(kafkaImageProperty("KAFKA_ABC__DEF")).isEqualTo("abc_def");
    }

    // ---- operations -----------------------------------------------------------------------------------------------

    @Test
    void workersScaleNoFixedNameNoPublishedPort() {
        assertThat(workers()).isNotEmpty().allSatisfy(worker -> {
            assertThat(worker.has("container_name")).as(worker.name() + " container_name").isFalse();
            assertThat(worker.has("ports")).as(worker.name() + " ports").isFalse();
            assertThat(worker.has("hostname")).as(worker.name() + " hostname").isFalse();
        });
        assertThat(compose.service("router").has("container_name")).isFalse();
    }

    @Test
    void everyServiceRestartsAndHasAHealthCheckOnThePortItServes() {
        Map<String, Service> services = compose.services();
        for (Service service : services.values()) {
            assertThat(RESTART_POLICIES).as(service.name() + " restart").contains(
                    String.valueOf(service.spec().get("restart")));
            assertThat(service.healthcheckCommand()).as(service.name() + " healthcheck").isNotEmpty();
            assertThat(service.healthcheck().keySet()).as(service.name() + " healthcheck keys")
                    .isSubsetOf(HEALTHCHECK_KEYS);
            service.dependsOn().forEach((dependency, spec) -> {
                assertThat(services).as(service.name() + " depends on").containsKey(dependency);
                String condition = String.valueOf(ComposeFile.mapping(spec, "depends_on").get("condition"));
                assertThat(DEPENDENCY_CONDITIONS).contains(condition);
                if (condition.equals("service_healthy")) {
                    assertThat(services.get(dependency).has("healthcheck")).isTrue();
                }
            });
        }
        for (Service service : poolServices()) {
            String command = commandOf(service);
            if (command.equals("simulator")) {
                assertThat(service.healthcheckCommand()).last().asString()
                        .startsWith("http://127.0.0.1:" + simulatorSettings(service).port() + "/v1/");
                continue;
            }
            assertThat(service.healthcheckCommand()).as(service.name()).contains("curl").last().asString()
                    .isEqualTo("http://127.0.0.1:" + httpPort(service) + "/actuator/health");
            if (!command.equals("gateway")) {
                assertThat(service.environment()).as(service.name() + " runs a management web server")
                        .containsEntry("SPRING_MAIN_WEB_APPLICATION_TYPE", "servlet");
            }
            assertThat(service.dependsOn()).as(service.name()).containsKeys("kafka", "redis");
            service.dependsOn().forEach((dependency, spec) -> assertThat(
                    ComposeFile.mapping(spec, "depends_on")).containsEntry("condition", "service_healthy"));
        }
        assertThat(compose.service("gateway").stringList("ports"))
                .anyMatch(p -> p.endsWith(":" + httpPort(compose.service("gateway"))));
    }

    @Test
    void theFileUsesOnlyComposeKeysAndEverythingItMountsExists() {
        for (String key : compose.root().keySet()) {
            assertThat(TOP_LEVEL_KEYS.contains(key) || key.startsWith("x-")).as("top-level key " + key).isTrue();
        }
        Set<String> namedVolumes = ComposeFile.mapping(compose.root().get("volumes"), "volumes").keySet();
        for (Service service : compose.services().values()) {
            assertThat(service.spec().keySet()).as(service.name() + " keys").isSubsetOf(SERVICE_KEYS);
            for (String volume : service.stringList("volumes")) {
                String source = volume.split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(root.resolve(source).normalize()).as(service.name() + " mounts " + source).exists();
                } else {
                    assertThat(namedVolumes).as(service.name() + " volume " + source).contains(source);
                }
            }
        }
    }

    // ---- monitoring -----------------------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void prometheusScrapesEveryPoolProcessWhereItServesMetrics() throws Exception {
        Map<String, Object> config = yaml(root.resolve("docker/prometheus/prometheus.yml"));
        Map<String, Integer> scraped = new LinkedHashMap<>();
        for (Object job : (List<Object>) config.get("scrape_configs")) {
            Map<String, Object> scrape = (Map<String, Object>) job;
            for (Object sd : (List<Object>) scrape.getOrDefault("dns_sd_configs", List.of())) {
                Map<String, Object> dns = (Map<String, Object>) sd;
                assertThat(scrape.get("metrics_path")).isEqualTo("/actuator/prometheus");
                for (Object name : (List<Object>) dns.get("names")) {
                    scraped.put(String.valueOf(name), (Integer) dns.get("port"));
                }
            }
        }
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (Service service : poolServices()) {
            if (!commandOf(service).equals("simulator")) {
                expected.put(service.name(), httpPort(service));
            }
        }
        assertThat(scraped).isEqualTo(expected);

        Map<String, Object> app = yaml(new DefaultResourceLoader().getResource("classpath:application.yml")
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
        Object include = ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                app.get("management")).get("endpoints")).get("web")).get("exposure")).get("include");
        assertThat(String.valueOf(include).split(",")).as("the prometheus endpoint is exposed").contains("prometheus");
        assertThatCode(() -> Class.forName("io.micrometer.prometheusmetrics.PrometheusMeterRegistry"))
                .as("micrometer-registry-prometheus is in the jar").doesNotThrowAnyException();
        assertThat(compose.service("prometheus").stringList("volumes"))
                .contains("./docker/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    }

    @Test
    @SuppressWarnings("unchecked")
    void grafanaReadsThePrometheusOfThisFileAndItsDashboard() throws IOException {
        Map<String, Object> datasources = yaml(root.resolve(
                "docker/grafana/provisioning/datasources/prometheus.yml"));
        Map<String, Object> datasource = (Map<String, Object>) ((List<Object>) datasources.get("datasources")).getFirst();
        URI url = URI.create(String.valueOf(datasource.get("url")));
        assertThat(compose.services()).containsKey(url.getHost());
        assertThat(compose.service(url.getHost()).stringList("ports")).anyMatch(p -> p.endsWith(":" + url.getPort()));

        Map<String, Object> providers = yaml(root.resolve("docker/grafana/provisioning/dashboards/llmpool.yml"));
        String path = String.valueOf(((Map<String, Object>) ((Map<String, Object>) ((List<Object>)
                providers.get("providers")).getFirst()).get("options")).get("path"));
        assertThat(compose.service("grafana").stringList("volumes"))
                .contains("./docker/grafana/dashboards:" + path + ":ro")
                .contains("./docker/grafana/provisioning:/etc/grafana/provisioning:ro");

        JsonNode dashboard = JsonMapper.builder().build().readTree(
                root.resolve("docker/grafana/dashboards/llmpool.json").toFile());
        assertThat(compose.service("grafana").environment().get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"))
                .isEqualTo(path + "/llmpool.json");
        for (JsonNode panel : dashboard.path("panels")) {
            if (!panel.path("type").asString().equals("row")) {
                assertThat(panel.path("datasource").path("uid").asString()).isEqualTo(datasource.get("uid"));
                assertThat(panel.path("targets")).isNotEmpty();
            }
        }
    }

    @Test
    void everyPoolProcessSendsItsSpansToTheJaegerOfThisFile() {
        Service jaeger = compose.service("jaeger");
        assertThat(jaeger.image()).startsWith("jaegertracing/jaeger:2.");
        assertThat(jaeger.stringList("ports")).anyMatch(p -> p.endsWith(":16686"));
        String variable = "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT";
        assertThat(spring.boundBy(variable)).map(m -> m.property().toString())
                .contains("management.opentelemetry.tracing.export.otlp.endpoint");
        for (Service service : poolServices()) {
            if (commandOf(service).equals("simulator")) {
                continue;
            }
            URI endpoint = URI.create(String.valueOf(service.environment().get(variable)));
            assertThat(endpoint.getHost()).as(service.name() + " sends its spans to").isEqualTo(jaeger.name());
            assertThat(endpoint.getPort()).as("OTLP over HTTP").isEqualTo(4318);
            assertThat(endpoint.getPath()).isEqualTo("/v1/traces");
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static List<Service> poolServices() {
        return compose.services().values().stream()
                .filter(s -> !s.command().isEmpty() && POOL_IMAGE_ROLES.contains(s.command().getFirst()))
                .toList();
    }

    private static List<Service> workers() {
        return poolServices().stream().filter(s -> commandOf(s).equals("worker")).toList();
    }

    private static String commandOf(Service service) {
        assertThat(service.command()).as(service.name() + " command").isNotEmpty();
        return service.command().getFirst();
    }

    private static ParseResult parse(List<String> args) {
        return new CommandLine(new LlmPoolCli()).parseArgs(args.toArray(String[]::new));
    }

    private static List<String> providersOf(Service service) {
        if (!commandOf(service).equals("worker")) {
            return List.of();
        }
        return parse(service.command()).subcommand().matchedOptionValue("--provider", List.of());
    }

    /** The port a pool process serves HTTP on: the gateway's {@code --port}, otherwise {@code SERVER_PORT}. */
    private static int httpPort(Service service) {
        if (commandOf(service).equals("gateway")) {
            ParseResult sub = parse(service.command()).subcommand();
            return sub.matchedOptionValue("--port", Integer.parseInt(
                    sub.commandSpec().findOption("--port").defaultValue()));
        }
        String port = service.environment().get("SERVER_PORT");
        if (port == null) {
            fail(service.name() + " sets no SERVER_PORT");
        }
        return Integer.parseInt(port);
    }

    /** The environment variables the options of {@code llmpool <command>} default to ({@code ${env:NAME...}}). */
    private static Set<String> cliVariables(String command) {
        Pattern env = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)");
        Set<String> names = new TreeSet<>();
        for (OptionSpec option : new CommandLine(new LlmPoolCli()).getSubcommands().get(command)
                .getCommandSpec().options()) {
            String defaultValue = option.defaultValueString();
            if (defaultValue != null) {
                Matcher m = env.matcher(defaultValue);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /**
     * The simulator's own option parser ({@code SimulatorArgs.parse}, package-private: `llmpool simulator` passes
     * its arguments through unparsed), so a misspelt simulator flag fails here rather than in the container.
     */
    private static SimulatorSettings simulatorSettings(Service service) {
        String[] args = service.command().stream().skip(1).toArray(String[]::new);
        try {
            Method parse = Class.forName("dev.llmpool.simulator.SimulatorArgs").getDeclaredMethod("parse",
                    String[].class);
            parse.setAccessible(true);
            return (SimulatorSettings) parse.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw new AssertionError("simulator options " + List.of(args) + ": " + e.getCause().getMessage(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The apache/kafka image's rule: drop KAFKA_, then {@code _} → {@code .}, {@code __} → {@code _}, {@code ___} → {@code -}. */
    static String kafkaImageProperty(String variable) {
        String key = variable.substring("KAFKA_".length());
        String dotted = Pattern.compile("[^_]_[^_]").matcher(key).replaceAll(r -> r.group().replace('_', '.'));
        return dotted.replace("___", "-").replace("__", "_").toLowerCase(Locale.ROOT);
    }

    private static int intValue(KafkaConfig config, String name) {
        return ((Number) config.values().get(name)).intValue();
    }

    private static Set<String> reactorModules() throws IOException {
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve("pom.xml")));
        Set<String> modules = new LinkedHashSet<>();
        while (m.find()) {
            modules.add(m.group(1));
        }
        return modules;
    }

    /** Dockerfile instructions with continuation lines joined and comments dropped. */
    private static List<String> dockerInstructions(Path dockerfile) throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(dockerfile)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            boolean continues = trimmed.endsWith("\\");
            current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
            if (!continues) {
                instructions.add(current.toString().replaceAll("\\s+", " ").strip());
                current.setLength(0);
            }
        }
        return instructions;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return yaml(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }
}
