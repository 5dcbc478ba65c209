package dev.llmpool.launcher.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection ({@code Connection: close}): the only client that sends
 * what a probe says byte for byte (duplicate and oversized headers, bytes no URI allows, a body that stops halfway, a
 * length that lies). The body is written on its own thread while the answer is read, so a server that answers before
 * reading the whole body (a 413 on the announced length) is heard.
 */
public final class RawHttp {

    /** The most of a body that is kept; the rest is read and dropped. */
    static final int MAX_BODY = 1 << 20;

    private final String host;
    private final int port;
    private final Duration timeout;
    private final Duration stallTimeout;

    /**
     * @param base         the gateway, e.g. {@code http://127.0.0.1:8080}
     * @param timeout      how long an answer may take
     * @param stallTimeout how long an answer to a stalled body may take (the server's own read timeout and more)
     */
    public RawHttp(URI base, Duration timeout, Duration stallTimeout) {
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? 80 : base.getPort();
        this.timeout = timeout;
        this.stallTimeout = stallTimeout;
    }

    /** Sends the probe and reads the whole answer. */
    public HttpAnswer send(HttpProbe probe) {
        try (Exchange exchange = open(probe)) {
            return exchange.answer();
        }
    }

    /**
     * Sends the probe and reads the answer; an event stream's body is not read, and its connection stays open until
     * the exchange is closed (a subscription held).
     */
    public Exchange open(HttpProbe probe) {
        long start = System.nanoTime();
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) (probe.body() instanceof HttpBody.Stalled ? stallTimeout : timeout).toMillis());
            OutputStream out = socket.getOutputStream();
            Thread writer = Thread.ofVirtual().name("fuzz-http-writer").start(() -> write(probe, out));
            HttpAnswer answer = read(new BufferedInputStream(socket.getInputStream()), start);
            if (!answer.eventStream()) {
                socket.close();
                writer.join(timeout.toMillis());
            }
            return new Exchange(socket, answer);
        } catch (IOException e) {
            close(socket);
            return new Exchange(null, HttpAnswer.none(e.getClass().getSimpleName() + ": " + e.getMessage(),
                    elapsed(start)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(socket);
            return new Exchange(null, HttpAnswer.none("interrupted", elapsed(start)));
        }
    }

    private void write(HttpProbe probe, OutputStream raw) {
        try {
            OutputStream out = new java.io.BufferedOutputStream(raw, 64 * 1024);
            StringBuilder head = new StringBuilder();
            head.append(probe.method()).append(' ').append(probe.target())
                    .append(probe.version().isEmpty() ? "" : " " + probe.version()).append("\r\n");
            if (!probe.hasHeader("Host")) {
                head.append("Host: ").append(host).append(':').append(port).append("\r\n");
            }
            if (!probe.hasHeader("Connection")) {
                head.append("Connection: close\r\n");
            }
            probe.headers().forEach(h -> head.append(h).append("\r\n"));
            boolean lengthGiven = probe.hasHeader("Content-Length") || probe.hasHeader("Transfer-Encoding");
            switch (probe.body()) {
                case HttpBody.None none -> {
                }
                case HttpBody.Fixed fixed when !lengthGiven -> head.append(fixed.chunked()
                        ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + fixed.bytes().length + "\r\n");
                case HttpBody.Huge huge when !lengthGiven -> head.append(huge.chunked()
                        ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + huge.size() + "\r\n");
                case HttpBody.Stalled stalled when !lengthGiven ->
                        head.append("Content-Length: ").append(stalled.declared()).append("\r\n");
                default -> {
                }
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            switch (probe.body()) {
                case HttpBody.None none -> {
                }
                case HttpBody.Fixed fixed when fixed.chunked() -> {
                    if (fixed.bytes().length > 0) {
                        out.write((Integer.toHexString(fixed.bytes().length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(fixed.bytes());
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                case HttpBody.Fixed fixed -> out.write(fixed.bytes());
                case HttpBody.Huge huge -> huge.writeTo(out);
                case HttpBody.Stalled stalled -> out.write(stalled.head());
            }
            out.flush();
        } catch (IOException e) {
            // the server answered and closed before taking it all: its answer is what counts
        }
    }

    private HttpAnswer read(InputStream in, long start) throws IOException {
        while (true) {
            String statusLine;
            try {
                statusLine = line(in);
            } catch (IOException e) {
                return HttpAnswer.none(e.getClass().getSimpleName() + ": " + e.getMessage(), elapsed(start));
            }
            if (statusLine == null) {
                return HttpAnswer.none("connection closed without an answer", elapsed(start));
            }
            String[] parts = statusLine.split(" ", 3);
            int status;
            try {
                status = Integer.parseInt(parts.length > 1 ? parts[1] : "");
            } catch (NumberFormatException e) {
                return HttpAnswer.none("not a status line: " + statusLine, elapsed(start));
            }
            Map<String, String> headers = new HashMap<>();
            for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).strip());
                }
            }
            if (status / 100 == 1) {
                continue; // 100 Continue and the like: the answer follows
            }
            HttpAnswer head = new HttpAnswer(status, Map.copyOf(headers), new byte[0], null, elapsed(start));
            if (head.eventStream()) {
                return head;
            }
            byte[] body;
            try {
                body = body(in, headers);
            } catch (IOException e) {
                body = new byte[0];
            }
            return new HttpAnswer(status, Map.copyOf(headers), body, null, elapsed(start));
        }
    }

    private static byte[] body(InputStream in, Map<String, String> headers) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (String size = line(in); size != null; size = line(in)) {
                int n = Integer.parseInt(size.split(";", 2)[0].strip(), 16);
                if (n == 0) {
                    break;
                }
                copy(in, body, n);
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            copy(in, body, Long.parseLong(headers.get("content-length")));
        } else {
            copy(in, body, Long.MAX_VALUE);
        }
        return body.toByteArray();
    }

    private static void copy(InputStream in, ByteArrayOutputStream body, long n) throws IOException {
        byte[] buffer = new byte[8192];
        long left = n;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                return;
            }
            if (body.size() < MAX_BODY) {
                body.write(buffer, 0, Math.min(read, MAX_BODY - body.size()));
            }
            left -= read;
        }
    }

    /** One CRLF- (or LF-) ended line in ISO-8859-1, without its end; null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                int end = sb.length();
                return end > 0 && sb.charAt(end - 1) == '\r' ? sb.substring(0, end - 1) : sb.toString();
            }
            if (sb.length() < 64 * 1024) {
                sb.append((char) b);
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** An answer, and the connection of an event stream still open until closed. */
    public record Exchange(Socket socket, HttpAnswer answer) implements AutoCloseable {
        @Override
        public void close() {
            if (socket != null) {
                RawHttp.close(socket);
            }
        }
    }
}
