package io.dorisops.testkit.internal.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * The node-to-node protocol (FE↔FE on {@code edit_log_port}, FE→BE on {@code heartbeat_service_port}):
 * one request line, one answer line, then the connection closes.
 */
final class Peer {
    private Peer() {}

    /** Sends one line and returns the answer line; throws when the peer is down or silent. */
    static String call(String host, int port, String request, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write((request + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (answer == null) {
                throw new IOException("connection closed by " + host + ":" + port + " without an answer");
            }
            return answer;
        }
    }

    /**
     * Serves requests on a bound socket, each on a pooled thread. A {@code null} answer closes the
     * connection without answering.
     */
    static void serve(ServerSocket server, String name, UnaryOperator<String> handler) {
        ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        Thread acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            Socket socket = server.accept();
                            pool.execute(() -> answer(socket, handler));
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static void answer(Socket socket, UnaryOperator<String> handler) {
        try (socket) {
            socket.setSoTimeout(5000);
            String request = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            if (request == null) {
                return;
            }
            String answer = handler.apply(request);
            if (answer != null) {
                socket.getOutputStream().write((answer + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The caller went away; it will retry or count the node as down.
        }
    }

    /** Accepts connections and closes them: a port that is bound, as the real rpc/be/brpc ports are. */
    static void acceptAndClose(ServerSocket server, String name) {
        serve(server, name, request -> null);
    }
}
