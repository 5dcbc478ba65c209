package dev.llmpool.simulator;

import static dev.llmpool.simulator.support.SimulatorHttp.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmpool.simulator.support.SimulatorHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ProviderSimulatorIT {

    @Test
    void bindsARandomLoopbackPortAndReportsIt() {
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorSettings.defaults())) {
            assertThat(simulator.port()).isPositive();
            assertThat(simulator.baseUrl().toString()).isEqualTo("http://127.0.0.1:" + simulator.port());
            assertThat(simulator.settings().port()).isEqualTo(simulator.port());
            assertThat(simulator.toString()).contains(Integer.toString(simulator.port()));
        }
    }

    @Test
    void updateSettingsKeepsTheBinding() {
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorSettings.defaults())) {
            simulator.updateSettings(SimulatorSettings.defaults().withSeed(9).withPort(1));

            assertThat(simulator.settings().port()).isEqualTo(simulator.port());
            assertThat(simulator.settings().seed()).isEqualTo(9);
        }
    }

    @Test
    void keepsTheConnectionAliveAcrossRequests() throws IOException {
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorSettings.defaults());
                Socket socket = new Socket("127.0.0.1", simulator.port())) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < 3; i++) {
                String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"turn " + i + "\"}]}";
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();

                assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
                int length = -1;
                String line;
                while (!(line = in.readLine()).isEmpty()) {
                    assertThat(line.toLowerCase()).doesNotContain("connection: close");
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
                    }
                }
                assertThat(length).isPositive();
                char[] content = new char[length];
                int read = 0;
                while (read < length) {
                    read += in.read(content, read, length - read);
                }
                assertThat(new String(content)).contains("\"object\":\"chat.completion\"");
            }
            assertThat(simulator.stats().requests()).isEqualTo(3);
        }
    }

    @Test
    void servesManyConcurrentClients() throws Exception {
        try (ProviderSimulator simulator = ProviderSimulator.start(SimulatorSettings.defaults());
                var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            SimulatorHttp http = new SimulatorHttp(simulator);
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                responses.add(executor.submit(() -> http.post("/v1/chat/completions", chat("gpt-4o-mini", "client " + n))));
            }
            for (Future<HttpResponse<String>> response : responses) {
                assertThat(response.get().statusCode()).isEqualTo(200);
            }
            assertThat(simulator.stats().completed()).isEqualTo(200);
        }
    }

    @Test
    void closeReleasesThePortAndIsIdempotent() {
        ProviderSimulator simulator = ProviderSimulator.start(SimulatorSettings.defaults());
        int port = simulator.port();

        simulator.close();
        simulator.close();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void startingOnATakenPortFailsClearly() {
        try (ProviderSimulator first = ProviderSimulator.start(SimulatorSettings.defaults())) {
            assertThatThrownBy(() -> ProviderSimulator.start(SimulatorSettings.defaults().withPort(first.port())))
                    .hasMessageContaining(Integer.toString(first.port()));
        }
    }
}
