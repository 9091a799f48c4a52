package io.dorisops.testkit.internal.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the drivers at hand do not send: another auth plugin first, unsupported commands. */
class RawProtocolTest {
    private static final int CAPABILITIES = 0x200 | 0x8000 | 0x80000 | 0x200000;

    private MysqlServer server;
    private Socket socket;
    private PacketChannel channel;

    @BeforeEach
    void connect() throws IOException {
        server = MysqlServer.start(
                InetAddress.getLoopbackAddress(),
                0,
                Authenticator.single("root", "s3cret"),
                (session, sql) -> QueryResult.rows(List.of("sql"), List.of(List.of(sql))),
                "5.7.99");
        socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        channel = new PacketChannel(socket.getInputStream(), socket.getOutputStream());
    }

    @AfterEach
    void close() throws IOException {
        socket.close();
        server.close();
    }

    /** Reads the greeting and returns its 20-byte scramble. */
    private byte[] greeting() throws Exception {
        Payload.Reader in = new Payload.Reader(channel.read());
        assertThat(in.int1()).isEqualTo(10);
        assertThat(in.nulString()).isEqualTo("5.7.99");
        in.int4();
        byte[] first = in.bytes(8);
        in.skip(1 + 2 + 1 + 2 + 2 + 1 + 10);
        byte[] second = in.bytes(12);
        in.skip(1);
        assertThat(in.nulString()).isEqualTo("mysql_native_password");
        byte[] scramble = new byte[20];
        System.arraycopy(first, 0, scramble, 0, 8);
        System.arraycopy(second, 0, scramble, 8, 12);
        return scramble;
    }

    private void sendLogin(String plugin, byte[] response) throws IOException {
        channel.write(new Payload.Writer()
                .int4(CAPABILITIES)
                .int4(1 << 24)
                .int1(255)
                .zeros(23)
                .nulString("root")
                .lenenc(response.length)
                .bytes(response)
                .nulString(plugin)
                .build());
        channel.flush();
    }

    @Test
    void clientAskingForCachingSha2IsSwitchedToNativePassword() throws Exception {
        byte[] scramble = greeting();
        sendLogin("caching_sha2_password", new byte[32]);

        Payload.Reader switchRequest = new Payload.Reader(channel.read());
        assertThat(switchRequest.int1()).isEqualTo(0xFE);
        assertThat(switchRequest.nulString()).isEqualTo("mysql_native_password");
        assertThat(switchRequest.bytes(20)).isEqualTo(scramble);

        channel.write(NativePassword.token("s3cret", scramble));
        channel.flush();
        assertThat(channel.read()[0]).isEqualTo((byte) 0x00);
    }

    @Test
    void unsupportedCommandGetsAnErrorAndTheConnectionGoesOn() throws Exception {
        byte[] scramble = greeting();
        sendLogin("mysql_native_password", NativePassword.token("s3cret", scramble));
        assertThat(channel.read()[0]).isEqualTo((byte) 0x00);

        channel.resetSequence();
        channel.write(new Payload.Writer().int1(0x04).nulString("t").build()); // COM_FIELD_LIST
        channel.flush();
        Payload.Reader error = new Payload.Reader(channel.read());
        assertThat(error.int1()).isEqualTo(0xFF);
        assertThat(error.int2()).isEqualTo(1047);
        assertThat(error.rest()).isEqualTo("#08S01Unknown command 4");

        channel.resetSequence();
        channel.write(new byte[] {0x0E}); // COM_PING
        channel.flush();
        assertThat(channel.read()[0]).isEqualTo((byte) 0x00);

        channel.resetSequence();
        channel.write(new Payload.Writer().int1(0x03).string("SHOW FRONTENDS").build());
        channel.flush();
        assertThat(new Payload.Reader(channel.read()).lenenc()).isEqualTo(1);
    }

    @Test
    void wrongPasswordAfterTheSwitchIsAccessDeniedNamingUserAndHost() throws Exception {
        byte[] scramble = greeting();
        sendLogin("caching_sha2_password", new byte[32]);
        assertThat(channel.read()[0]).isEqualTo((byte) 0xFE);
        channel.write(NativePassword.token("guess", scramble));
        channel.flush();
        Payload.Reader error = new Payload.Reader(channel.read());
        assertThat(error.int1()).isEqualTo(0xFF);
        assertThat(error.int2()).isEqualTo(1045);
        assertThat(error.rest())
                .isEqualTo("#28000Access denied for user 'root'@'127.0.0.1' (using password: YES)")
                .doesNotContain("guess");
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void nativeTokenMatchesOnlyItsPasswordAndIsEmptyForNoPassword() {
        byte[] scramble = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);
        assertThat(NativePassword.token("", scramble)).isEmpty();
        assertThat(NativePassword.matches("s3cret", scramble, NativePassword.token("s3cret", scramble)))
                .isTrue();
        assertThat(NativePassword.matches("s3cret", scramble, NativePassword.token("s3cre", scramble)))
                .isFalse();
    }
}
