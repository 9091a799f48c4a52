package io.dorisops.testkit.internal.mysql;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client, on its own thread: the handshake and auth, then the command loop until the client
 * quits, breaks the protocol, times out or the server closes. Nothing a client sends escapes this
 * class: any failure ends this connection only.
 */
final class ClientConnection implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ClientConnection.class);

    // CLIENT_LONG_PASSWORD, FOUND_ROWS, LONG_FLAG, CONNECT_WITH_DB, PROTOCOL_41, TRANSACTIONS,
    // SECURE_CONNECTION, MULTI_RESULTS, PLUGIN_AUTH, CONNECT_ATTRS, PLUGIN_AUTH_LENENC_CLIENT_DATA.
    // SSL only when the server has a TLS context; no DEPRECATE_EOF: result sets end with classic EOF
    // packets, as Doris sends them.
    private static final int CLIENT_CONNECT_WITH_DB = 0x8;
    private static final int CLIENT_PROTOCOL_41 = 0x200;
    private static final int CLIENT_SSL = 0x800;
    private static final int CLIENT_SECURE_CONNECTION = 0x8000;
    private static final int CLIENT_PLUGIN_AUTH = 0x80000;
    private static final int CLIENT_CONNECT_ATTRS = 0x100000;
    private static final int CLIENT_PLUGIN_AUTH_LENENC = 0x200000;
    private static final int SERVER_CAPABILITIES = 0x1
            | 0x2
            | 0x4
            | CLIENT_CONNECT_WITH_DB
            | CLIENT_PROTOCOL_41
            | 0x2000
            | CLIENT_SECURE_CONNECTION
            | 0x20000
            | CLIENT_PLUGIN_AUTH
            | CLIENT_CONNECT_ATTRS
            | CLIENT_PLUGIN_AUTH_LENENC;
    private static final int UTF8_GENERAL_CI = 33;
    private static final int SERVER_STATUS_AUTOCOMMIT = 0x2;
    private static final int MYSQL_TYPE_VAR_STRING = 0xFD;

    private static final int COM_QUIT = 0x01;
    private static final int COM_INIT_DB = 0x02;
    private static final int COM_QUERY = 0x03;
    private static final int COM_PING = 0x0E;

    private volatile Socket socket;
    private final Socket plain;
    private final long id;
    private final MysqlServer server;

    ClientConnection(Socket socket, long id, MysqlServer server) {
        this.socket = socket;
        this.plain = socket;
        this.id = id;
        this.server = server;
    }

    @Override
    public void run() {
        try (plain) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(millis(server.limits().handshakeTimeout().toMillis()));
            PacketChannel[] channels = {
                new PacketChannel(
                        new BufferedInputStream(socket.getInputStream()),
                        new BufferedOutputStream(socket.getOutputStream()))
            };
            try {
                Optional<ClientSession> session = handshake(channels);
                PacketChannel channel = channels[0];
                if (session.isPresent()) {
                    socket.setSoTimeout(millis(server.limits().idleTimeout().toMillis()));
                    commandLoop(channel, session.get());
                }
            } catch (PacketChannel.ProtocolException e) {
                log.debug("connection {}: {}", id, e.getMessage());
                sendError(channels[0], new SqlError(e.code, e.sqlState, e.getMessage()));
            } catch (Payload.Malformed e) {
                log.debug("connection {}: malformed packet: {}", id, e.getMessage());
                sendError(channels[0], new SqlError(1835, "HY000", "Malformed communication packet."));
            }
        } catch (SocketTimeoutException e) {
            log.debug("connection {}: read timed out", id);
        } catch (EOFException e) {
            log.debug("connection {}: {}", id, e.getMessage());
        } catch (IOException e) {
            log.debug("connection {} closed: {}", id, e.toString());
        } catch (RuntimeException e) {
            // e.g. an Authenticator that throws: this connection ends, the server goes on.
            log.warn("connection {} failed", id, e);
        } finally {
            server.connectionEnded(this);
        }
    }

    void close() {
        try {
            socket.close();
            plain.close();
        } catch (IOException e) {
            log.debug("connection {}: close failed: {}", id, e.toString());
        }
    }

    /** The handshake; {@code channels[0]} is replaced by the TLS channel when the client asks for TLS. */
    private Optional<ClientSession> handshake(PacketChannel[] channels) throws IOException, Payload.Malformed {
        PacketChannel channel = channels[0];
        int capabilitiesOffered = SERVER_CAPABILITIES | (server.tls().isPresent() ? CLIENT_SSL : 0);
        byte[] scramble = NativePassword.newScramble();
        channel.write(new Payload.Writer()
                .int1(10)
                .nulString(server.serverVersion())
                .int4(id)
                .bytes(Arrays.copyOfRange(scramble, 0, 8))
                .int1(0)
                .int2(capabilitiesOffered)
                .int1(UTF8_GENERAL_CI)
                .int2(SERVER_STATUS_AUTOCOMMIT)
                .int2(capabilitiesOffered >>> 16)
                .int1(NativePassword.SCRAMBLE_LENGTH + 1)
                .zeros(10)
                .bytes(Arrays.copyOfRange(scramble, 8, 20))
                .int1(0)
                .nulString(NativePassword.PLUGIN)
                .build());
        channel.flush();

        byte[] packet = channel.read();
        if (packet == null) {
            throw new EOFException("client left during the handshake");
        }
        Payload.Reader in = new Payload.Reader(packet);
        long capabilities = in.int4();
        if ((capabilities & CLIENT_PROTOCOL_41) == 0) {
            throw new PacketChannel.ProtocolException(1043, "08S01", "Bad handshake");
        }
        if ((capabilities & CLIENT_SSL) != 0 && packet.length == 32) {
            if (server.tls().isEmpty()) {
                throw new PacketChannel.ProtocolException(1043, "08S01", "Bad handshake: SSL is not supported");
            }
            // An SSLRequest: the rest of the handshake, and the session, run over TLS.
            channel = startTls(channel, server.tls().get());
            channels[0] = channel;
            packet = channel.read();
            if (packet == null) {
                throw new EOFException("client left after the TLS handshake");
            }
            in = new Payload.Reader(packet);
            capabilities = in.int4();
        }
        in.skip(4 + 1 + 23);
        String user = in.nulString();
        byte[] response;
        if ((capabilities & CLIENT_PLUGIN_AUTH_LENENC) != 0) {
            response = in.bytes(in.lenenc());
        } else if ((capabilities & CLIENT_SECURE_CONNECTION) != 0) {
            response = in.bytes(in.int1());
        } else {
            response = in.nulString().getBytes(StandardCharsets.UTF_8);
        }
        String database = "";
        if ((capabilities & CLIENT_CONNECT_WITH_DB) != 0 && in.hasMore()) {
            database = in.nulString();
        }
        String plugin = NativePassword.PLUGIN;
        if ((capabilities & CLIENT_PLUGIN_AUTH) != 0 && in.hasMore()) {
            plugin = in.nulString();
        }
        // Connection attributes follow; nothing here needs them.

        if (!plugin.equals(NativePassword.PLUGIN)
                || (response.length != 0 && response.length != NativePassword.SCRAMBLE_LENGTH)) {
            // e.g. caching_sha2_password: ask the client to answer the same scramble the native way.
            channel.write(new Payload.Writer()
                    .int1(0xFE)
                    .nulString(NativePassword.PLUGIN)
                    .bytes(scramble)
                    .int1(0)
                    .build());
            channel.flush();
            response = channel.read();
            if (response == null) {
                throw new EOFException("client left during the auth switch");
            }
        }
        Optional<String> password = server.authenticator().password(user);
        if (password.isEmpty() || !NativePassword.matches(password.get(), scramble, response)) {
            String host = socket.getInetAddress().getHostAddress();
            log.debug("connection {}: access denied for user '{}'@'{}'", id, user, host);
            sendError(
                    channel,
                    new SqlError(
                            SqlError.ACCESS_DENIED,
                            "28000",
                            "Access denied for user '" + user + "'@'" + host + "' (using password: "
                                    + (response.length == 0 ? "NO" : "YES") + ")"));
            return Optional.empty();
        }
        ClientSession session = new ClientSession(user, id);
        if (!database.isEmpty()) {
            try {
                server.handler().checkDatabase(database);
            } catch (SqlError e) {
                sendError(channel, e);
                return Optional.empty();
            }
        }
        session.database(database);
        sendOk(channel, 0);
        return Optional.of(session);
    }

    private PacketChannel startTls(PacketChannel plainChannel, SSLContext context) throws IOException {
        // A server-mode TLS socket that reads first what the plain reader had already buffered.
        SSLSocket tls = (SSLSocket) context.getSocketFactory()
                .createSocket(plain, new ByteArrayInputStream(plainChannel.takeReadAhead()), true);
        tls.setUseClientMode(false);
        tls.setSoTimeout(plain.getSoTimeout());
        try {
            tls.startHandshake();
        } catch (IOException e) {
            log.debug("connection {}: TLS handshake failed: {}", id, e.toString());
            throw new EOFException("TLS handshake failed: " + e.getMessage());
        }
        socket = tls;
        PacketChannel channel = new PacketChannel(
                new BufferedInputStream(tls.getInputStream()), new BufferedOutputStream(tls.getOutputStream()));
        channel.continueFrom(plainChannel);
        return channel;
    }

    private void commandLoop(PacketChannel channel, ClientSession session) throws IOException, Payload.Malformed {
        while (true) {
            channel.resetSequence();
            byte[] packet = channel.read();
            if (packet == null) {
                return;
            }
            Payload.Reader in = new Payload.Reader(packet);
            int command = in.int1();
            switch (command) {
                case COM_QUIT -> {
                    return;
                }
                case COM_PING -> sendOk(channel, 0);
                case COM_INIT_DB -> {
                    try {
                        server.handler().checkDatabase(in.rest());
                        session.database(in.rest());
                        sendOk(channel, 0);
                    } catch (SqlError e) {
                        sendError(channel, e);
                    }
                }
                case COM_QUERY -> query(channel, session, in.rest());
                default -> sendError(channel, new SqlError(1047, "08S01", "Unknown command " + command));
            }
        }
    }

    private void query(PacketChannel channel, ClientSession session, String sql) throws IOException {
        QueryResult result;
        try {
            Optional<QueryResult> own = server.sessionStatements().answer(session, sql);
            result = own.isPresent() ? own.get() : server.handler().handle(session, sql);
        } catch (SqlError e) {
            sendError(channel, e);
            return;
        } catch (RuntimeException e) {
            log.warn("connection {}: the query handler failed on a statement", id, e);
            sendError(channel, SqlError.of("Unexpected exception: " + e));
            return;
        }
        if (result instanceof QueryResult.Rows rows && !rows.columns().isEmpty()) {
            sendRows(channel, rows);
        } else {
            // A result set needs at least one column; without any, OK is the closest valid answer.
            sendOk(channel, result instanceof QueryResult.Ok ok ? ok.affectedRows() : 0);
        }
    }

    private void sendRows(PacketChannel channel, QueryResult.Rows rows) throws IOException {
        channel.write(new Payload.Writer().lenenc(rows.columns().size()).build());
        for (String column : rows.columns()) {
            channel.write(new Payload.Writer()
                    .lenencString("def")
                    .lenencString("")
                    .lenencString("")
                    .lenencString("")
                    .lenencString(column)
                    .lenencString(column)
                    .lenenc(0x0C)
                    .int2(UTF8_GENERAL_CI)
                    .int4(65533)
                    .int1(MYSQL_TYPE_VAR_STRING)
                    .int2(0)
                    .int1(0)
                    .int2(0)
                    .build());
        }
        channel.write(eof());
        for (List<String> row : rows.rows()) {
            Payload.Writer writer = new Payload.Writer();
            for (String cell : row) {
                if (cell == null) {
                    writer.int1(0xFB);
                } else {
                    writer.lenencString(cell);
                }
            }
            channel.write(writer.build());
        }
        channel.write(eof());
        channel.flush();
    }

    private static byte[] eof() {
        return new Payload.Writer()
                .int1(0xFE)
                .int2(0)
                .int2(SERVER_STATUS_AUTOCOMMIT)
                .build();
    }

    private static void sendOk(PacketChannel channel, long affectedRows) throws IOException {
        channel.write(new Payload.Writer()
                .int1(0)
                .lenenc(affectedRows)
                .lenenc(0)
                .int2(SERVER_STATUS_AUTOCOMMIT)
                .int2(0)
                .build());
        channel.flush();
    }

    private static void sendError(PacketChannel channel, SqlError error) throws IOException {
        String state = error.sqlState() == null || error.sqlState().length() != 5 ? "HY000" : error.sqlState();
        channel.write(new Payload.Writer()
                .int1(0xFF)
                .int2(error.code())
                .string("#" + state)
                .string(String.valueOf(error.getMessage()))
                .build());
        channel.flush();
    }

    /** Sends the ERR a client gets when the server is full, as its first packet, then closes. */
    static void refuse(Socket socket, SqlError error) {
        try (socket) {
            PacketChannel channel =
                    new PacketChannel(socket.getInputStream(), new BufferedOutputStream(socket.getOutputStream()));
            sendError(channel, error);
        } catch (IOException e) {
            log.debug("refused connection already gone: {}", e.toString());
        }
    }

    private static int millis(long value) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, value));
    }
}
