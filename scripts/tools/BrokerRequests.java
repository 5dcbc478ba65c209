import com.sun.tools.attach.VirtualMachine;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * What the embedded broker of a running `llmpool up` is asked, per request type per second, over a window: attaches
 * to the JVM (same user), reads Kafka's own request counters ({@code kafka.network:type=RequestMetrics,
 * name=RequestsPerSec}) before and after, and prints the difference. Run with a JDK 25:
 * {@code java scripts/tools/BrokerRequests.java <pid> <seconds>}.
 */
public class BrokerRequests {

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java scripts/tools/BrokerRequests.java <pid of llmpool up> <seconds>");
            System.exit(2);
        }
        long seconds = Long.parseLong(args[1]);
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        String address = vm.startLocalManagementAgent();
        vm.detach();
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            Map<String, Long> before = counts(server);
            Thread.sleep(seconds * 1000);
            Map<String, Long> after = counts(server);
            long total = 0;
            StringBuilder lines = new StringBuilder();
            for (Map.Entry<String, Long> entry : after.entrySet()) {
                long delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
                if (delta > 0) {
                    // Kafka counts a fetch twice: as Fetch and as FetchConsumer or FetchFollower
                    total += entry.getKey().startsWith("Fetch") && !entry.getKey().equals("Fetch") ? 0 : delta;
                    lines.append(String.format("  %8.2f/s  %s%n", delta / (double) seconds, entry.getKey()));
                }
            }
            System.out.printf("broker requests: %.2f/s over %d s (FetchConsumer: the Fetch requests of consumers)%n%s", total / (double) seconds, seconds, lines);
        }
    }

    private static Map<String, Long> counts(MBeanServerConnection server) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (ObjectName name : server.queryNames(
                new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
            counts.merge(name.getKeyProperty("request"), ((Number) server.getAttribute(name, "Count")).longValue(),
                    Long::sum);
        }
        return counts;
    }
}
