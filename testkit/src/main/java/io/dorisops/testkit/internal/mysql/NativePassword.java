package io.dorisops.testkit.internal.mysql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * {@code mysql_native_password}: the client sends {@code SHA1(password) XOR SHA1(scramble +
 * SHA1(SHA1(password)))}, or nothing for an empty password.
 */
final class NativePassword {
    static final String PLUGIN = "mysql_native_password";
    static final int SCRAMBLE_LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private NativePassword() {}

    /** 20 random printable bytes without NUL, as the server's handshake carries them. */
    static byte[] newScramble() {
        byte[] scramble = new byte[SCRAMBLE_LENGTH];
        for (int i = 0; i < scramble.length; i++) {
            scramble[i] = (byte) (33 + RANDOM.nextInt(94));
        }
        return scramble;
    }

    /** The token a client computes for {@code password}. */
    static byte[] token(String password, byte[] scramble) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        byte[] stage1 = sha1(password.getBytes(StandardCharsets.UTF_8));
        byte[] stage2 = sha1(stage1);
        byte[] mix = sha1(concat(scramble, stage2));
        byte[] token = new byte[mix.length];
        for (int i = 0; i < token.length; i++) {
            token[i] = (byte) (stage1[i] ^ mix[i]);
        }
        return token;
    }

    /** True when {@code response} proves knowledge of {@code password}; compared in constant time. */
    static boolean matches(String password, byte[] scramble, byte[] response) {
        return MessageDigest.isEqual(token(password, scramble), response);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] sha1(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }
}
