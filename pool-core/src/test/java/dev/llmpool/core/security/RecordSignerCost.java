package dev.llmpool.core.security;

import dev.llmpool.schemas.names.Headers;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What a signature costs: signs and checks a typical 2 KB attempt record (the pool's headers of an attempt) in a loop
 * and prints the time per record. A measurement to run by hand, not a test (docs/benchmarks.md, "Record signatures"):
 * {@code java -cp <pool-core test classpath> dev.llmpool.core.security.RecordSignerCost [value bytes] [seconds]}.
 */
public final class RecordSignerCost {

    private RecordSignerCost() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 5;
        RecordSigner signer = new RecordSigner(RecordKeys.fixed(RecordKey.random(new SecureRandom()), List.of()));
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'a');
        ProducerRecord<String, byte[]> record = record(value);
        ConsumerRecord<String, byte[]> received = received(record, signer);

        long sink = 0;
        for (int round = 0; round < 3; round++) { // the first rounds warm the JIT up
            sink += measure("sign", seconds, () -> {
                signer.sign(record);
                return 1;
            });
            sink += measure("verify", seconds, () -> signer.verify(received).ordinal());
            sink += measure("sign+verify", seconds, () -> {
                signer.sign(record);
                return signer.verify(received).ordinal();
            });
        }
        System.out.println("(" + sink + ")");
    }

    private static long measure(String what, long seconds, java.util.function.IntSupplier op) {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long n = 0;
        long sink = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                sink += op.getAsInt();
            }
            n += 1000;
        }
        double nanos = (System.nanoTime() - start) / (double) n;
        System.out.printf("%-12s %8.0f ns per record (%d records)%n", what, nanos, n);
        return sink;
    }

    private static ProducerRecord<String, byte[]> record(byte[] value) {
        String id = "job-3f1c2a7e-8b0d-4d5e-9a61-2c4f8e7b9d10";
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("llm.provider.openai", id, value);
        record.headers().add(Headers.CORRELATION_ID, id.getBytes(StandardCharsets.UTF_8));
        record.headers().add(Headers.ATTEMPT, "1".getBytes(StandardCharsets.UTF_8));
        record.headers().add(Headers.DEADLINE, "2026-11-23T10:15:30.123Z".getBytes(StandardCharsets.UTF_8));
        record.headers().add(Headers.TRACEPARENT,
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static ConsumerRecord<String, byte[]> received(ProducerRecord<String, byte[]> sent, RecordSigner signer) {
        signer.sign(sent);
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(sent.topic(), 0, 0, sent.key(), sent.value());
        for (Header header : sent.headers()) {
            record.headers().add(header);
        }
        return record;
    }
}
