package dev.llmpool.launcher.command;

import dev.llmpool.core.redis.JobReset;
import dev.llmpool.core.security.RecordKeys;
import dev.llmpool.core.security.RecordSigner;
import dev.llmpool.launcher.command.keys.RedisOptions;
import dev.llmpool.launcher.dlq.Coordinates;
import dev.llmpool.launcher.dlq.DeadLetter;
import dev.llmpool.launcher.dlq.DeadLetterFilter;
import dev.llmpool.launcher.dlq.DeadLetterReader;
import dev.llmpool.launcher.dlq.DeadLetterReplayer;
import dev.llmpool.launcher.dlq.ReplayLedger;
import dev.llmpool.launcher.dlq.ReplayResult;
import dev.llmpool.schemas.json.JsonCodec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** {@code llmpool dlq list|show|replay}: the dead letters of every {@code *.dlt} topic of the pool. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Show.class, DlqCommand.Replay.class},
        description = "Dead letters across the pool's DLT topics: list, show, replay.")
public final class DlqCommand implements Runnable {

    /** How long one read of the topics may take. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    /** How long a replay is remembered. */
    static final Duration REPLAY_MEMORY = Duration.ofDays(30);
    /** How often a replay reads the shared record key again (it rarely runs that long). */
    static final Duration KEY_REFRESH = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The broker to read from. */
    public static final class KafkaOption {
        @Option(names = "--kafka", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
                description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE}).")
        String kafka;
    }

    /** Which dead letters. */
    public static final class FilterOptions {
        @Option(names = "--topic", description = "One DLT topic, e.g. llm.requests.dlt (default: every *.dlt topic).")
        String topic;

        @Option(names = "--reason", description = "Only this llmpool-dlt-reason, e.g. exhausted, invalid-json.")
        String reason;

        @Option(names = "--limit", defaultValue = "0",
                description = "At most this many, the most recent (default: all).")
        int limit;

        DeadLetterFilter filter() {
            return new DeadLetterFilter(topic, reason, limit);
        }
    }

    /** {@code llmpool dlq list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List dead letters: topic, partition, offset, time, reason, correlation id, error.")
    public static final class ListLetters implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOption kafka;

        @Mixin
        FilterOptions filter;

        @Override
        public Integer call() {
            List<DeadLetter> letters;
            try (DeadLetterReader reader = new DeadLetterReader(kafka.kafka, READ_TIMEOUT)) {
                letters = reader.list(filter.filter());
            }
            print(spec.commandLine().getOut(), letters);
            return 0;
        }

        static void print(PrintWriter out, List<DeadLetter> letters) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"TOPIC", "PARTITION", "OFFSET", "TIME", "REASON", "CORRELATION-ID", "ATTEMPTS",
                    "ERROR"});
            for (DeadLetter letter : letters) {
                rows.add(new String[] {letter.coordinates().topic(), Integer.toString(letter.coordinates().partition()),
                        Long.toString(letter.coordinates().offset()), letter.timestamp().toString(),
                        nonNull(letter.reason()), nonNull(letter.correlationId()), Integer.toString(letter.attempts()),
                        oneLine(letter.error(), 120)});
            }
            int[] widths = new int[rows.getFirst().length - 1];
            for (String[] row : rows) {
                for (int i = 0; i < widths.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < widths.length; i++) {
                    line.append(String.format("%-" + widths[i] + "s  ", row[i]));
                }
                out.println(line.append(row[widths.length]).toString().stripTrailing());
            }
            out.println(letters.size() + " dead letter" + (letters.size() == 1 ? "" : "s"));
            out.flush();
        }
    }

    /** {@code llmpool dlq show <topic>:<partition>:<offset>}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print one dead letter: its headers and its body (pretty JSON when it is JSON).")
    public static final class Show implements Callable<Integer> {

        private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
                .build();

        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOption kafka;

        @Parameters(paramLabel = "<topic>:<partition>:<offset>", description = "The dead letter, as `list` prints it.")
        String at;

        @Override
        public Integer call() {
            Coordinates coordinates = parse(spec, at);
            Optional<DeadLetter> letter;
            try (DeadLetterReader reader = new DeadLetterReader(kafka.kafka, READ_TIMEOUT)) {
                letter = reader.read(coordinates);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (letter.isEmpty()) {
                spec.commandLine().getErr().println("No record at " + coordinates);
                return 1;
            }
            DeadLetter found = letter.get();
            out.println(found.coordinates());
            out.println("time: " + found.timestamp());
            out.println("key: " + nonNull(found.key()));
            out.println("headers:");
            for (Map.Entry<String, String> header : found.headers().entrySet()) {
                out.println("  " + header.getKey() + ": " + header.getValue());
            }
            out.println("body:");
            out.println(pretty(found.value()));
            out.flush();
            return 0;
        }

        static String pretty(byte[] value) {
            if (value == null) {
                return "(null)";
            }
            try {
                return PRETTY.writeValueAsString(PRETTY.readTree(value));
            } catch (JacksonException e) {
                return new String(value, StandardCharsets.UTF_8);
            }
        }
    }

    /** {@code llmpool dlq replay}. */
    @Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Re-publish dead letters to their original topic, each at most once (remembered in Redis), "
                    + "marked with the llmpool-replayed-from header and signed with the pool's record key "
                    + "($LLMPOOL_RECORD_KEY, else the key in Redis). A failed job's Redis record is cleared first, so "
                    + "it runs again under its correlation id; a job that completed meanwhile is skipped. A dead "
                    + "letter of an internal topic goes back only if the pool signed it and its record was the pool's.",
                    "Select by coordinates, or by --reason (with --topic and --limit)."})
    public static final class Replay implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOption kafka;

        /** {@code --redis}, with the password of {@code llmpool up}'s embedded Redis when the URL names none. */
        @Mixin
        RedisOptions redis = new RedisOptions();

        @Mixin
        FilterOptions filter;

        @Mixin
        RecordKeyOptions recordKey;

        @Option(names = "--dry-run", description = "Print what would be replayed; change nothing.")
        boolean dryRun;

        @Parameters(arity = "0..*", paramLabel = "<topic>:<partition>:<offset>",
                description = "Dead letters to replay, as `list` prints them.")
        List<String> at = new ArrayList<>();

        @Override
        public Integer call() {
            if (at.isEmpty() && filter.reason == null) {
                throw new ParameterException(spec.commandLine(),
                        "name the dead letters: <topic>:<partition>:<offset>..., or --reason REASON");
            }
            if (!at.isEmpty() && (filter.reason != null || filter.topic != null || filter.limit != 0)) {
                throw new ParameterException(spec.commandLine(),
                        "give either coordinates or --reason/--topic/--limit, not both");
            }
            List<Coordinates> coordinates = at.stream().map(text -> parse(spec, text)).toList();
            PrintWriter out = spec.commandLine().getOut();
            int failed = 0;
            RedisClient client = RedisClient.create(redis.effectiveUrl());
            try (DeadLetterReader reader = new DeadLetterReader(kafka.kafka, READ_TIMEOUT);
                 KafkaProducer<String, byte[]> producer = producer(kafka.kafka);
                 StatefulRedisConnection<String, String> connection = client.connect()) {
                List<DeadLetter> letters = new ArrayList<>();
                if (coordinates.isEmpty()) {
                    letters.addAll(reader.list(filter.filter()));
                } else {
                    for (Coordinates c : coordinates) {
                        Optional<DeadLetter> letter = reader.read(c);
                        if (letter.isEmpty()) {
                            out.println("FAILED       " + c + ": no record there");
                            failed++;
                        } else {
                            letters.add(letter.get());
                        }
                    }
                }
                RecordSigner signer = new RecordSigner(RecordKeys.of(recordKey.recordKey(),
                        recordKey.previousRecordKeys(), KEY_REFRESH, connection, Clock.systemUTC()));
                DeadLetterReplayer replayer = new DeadLetterReplayer(producer, signer,
                        new ReplayLedger(connection, REPLAY_MEMORY), new JobReset(connection, new JsonCodec()),
                        Clock.systemUTC(), READ_TIMEOUT);
                int replayed = 0;
                for (DeadLetter letter : letters) {
                    ReplayResult result = replayer.replay(letter, dryRun);
                    out.printf("%-12s %s: %s%n", result.status(), result.letter(), result.detail());
                    if (result.status() == ReplayResult.Status.FAILED) {
                        failed++;
                    } else if (result.status() != ReplayResult.Status.SKIPPED) {
                        replayed++;
                    }
                }
                out.println((dryRun ? "would replay " : "replayed ") + replayed + " of " + letters.size()
                        + " dead letter" + (letters.size() == 1 ? "" : "s") + (failed > 0 ? ", " + failed + " failed"
                        : ""));
                out.flush();
            } finally {
                client.shutdown();
            }
            return failed > 0 ? 1 : 0;
        }

        private static KafkaProducer<String, byte[]> producer(String bootstrap) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.CLIENT_ID_CONFIG, "llmpool-dlq-replay");
            // A dead letter is a record the broker already took (up to llmpool.topics.max-message-size, 16 MB by
            // default): let the broker judge it again rather than Kafka's 1 MB client default.
            props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 32 * 1024 * 1024);
            return new KafkaProducer<>(props);
        }
    }

    private static Coordinates parse(CommandSpec spec, String text) {
        try {
            return Coordinates.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static String nonNull(String value) {
        return value == null ? "-" : value;
    }

    private static String oneLine(String text, int max) {
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }
}
