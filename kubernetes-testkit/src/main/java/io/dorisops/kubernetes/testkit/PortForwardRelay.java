package io.dorisops.kubernetes.testkit;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * The API server's side of one {@code pods/portforward} stream (the {@code v4.channel.k8s.io} framing
 * the kubelet speaks): two opening frames naming the port on the data and error channels, then the
 * bytes of channel 0 each way, relayed to a loopback port (a sandbox FE standing in for the pod).
 */
final class PortForwardRelay extends WebSocketListener {

    private final int port;
    private volatile Socket socket;

    PortForwardRelay(int port) {
        this.port = port;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        try {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
        } catch (IOException e) {
            webSocket.send(new byte[] {1, (byte) port, (byte) (port >> 8)});
            webSocket.close(1011, "cannot connect to port " + port);
            return;
        }
        webSocket.send(new byte[] {0, (byte) port, (byte) (port >> 8)});
        webSocket.send(new byte[] {1, (byte) port, (byte) (port >> 8)});
        Thread pump = new Thread(
                () -> {
                    byte[] buffer = new byte[8192];
                    try (InputStream in = socket.getInputStream()) {
                        int read;
                        while ((read = in.read(buffer, 1, buffer.length - 1)) > 0) {
                            buffer[0] = 0;
                            webSocket.send(Arrays.copyOf(buffer, read + 1));
                        }
                    } catch (IOException e) {
                        // the socket closed
                    }
                    webSocket.close(1000, "closed");
                },
                "portforward-" + port);
        pump.setDaemon(true);
        pump.start();
    }

    /** A binary frame as older servers deliver it (deprecated in fabric8 8, still called by some paths). */
    @Override
    @SuppressWarnings("deprecation")
    public void onMessage(WebSocket webSocket, ByteString bytes) {
        onMessage(webSocket, bytes.toByteArray());
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
        if (bytes.length < 2 || bytes[0] != 0 || socket == null) {
            return;
        }
        try {
            OutputStream out = socket.getOutputStream();
            out.write(bytes, 1, bytes.length - 1);
            out.flush();
        } catch (IOException e) {
            webSocket.close(1011, e.getMessage());
        }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        closeSocket();
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        closeSocket();
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        closeSocket();
    }

    private void closeSocket() {
        Socket open = socket;
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
