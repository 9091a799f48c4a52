package io.dorisops.ssh.internal;

import io.dorisops.internal.Durations;
import io.dorisops.ssh.SshTransport;
import io.dorisops.ssh.internal.HostSettings.HostPort;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validates what an {@link SshTransport.Builder} was given before it makes the {@link HostSettings}:
 * host and user names, port range, positive durations and counts, and the jump host parsed from {@code
 * [user@]host[:port]}. The first wrong field throws an {@link IllegalArgumentException} naming the
 * host and the field.
 */
public final class SettingsCheck {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%-]+");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]*[$]?");

    private final String host;

    private SettingsCheck(String host) {
        this.host = host;
    }

    /** Checks the fields in this order; the first wrong one throws. */
    public static void check(
            String host,
            String user,
            int port,
            Optional<String> runAs,
            Duration connectTimeout,
            int connectAttempts,
            Duration retryInterval,
            int maxChannels,
            Duration killGrace) {
        SettingsCheck c = new SettingsCheck(host);
        c.check(HOST.matcher(host).matches(), "host", "\"" + host + "\" is not a host name or address");
        c.check(USER.matcher(user).matches(), "user", "\"" + user + "\" is not a valid user name");
        c.check(port >= 1 && port <= 65535, "port", "must be 1..65535, was " + port);
        runAs.ifPresent(
                name -> c.check(USER.matcher(name).matches(), "runAs", "\"" + name + "\" is not a valid user name"));
        c.checkDuration(connectTimeout, "connectTimeout");
        c.check(connectAttempts >= 1, "connectAttempts", "must be at least 1, was " + connectAttempts);
        c.checkDuration(retryInterval, "retryInterval");
        c.check(maxChannels >= 1, "maxChannels", "must be at least 1, was " + maxChannels);
        c.checkDuration(killGrace, "killGrace");
    }

    /** The jump host of {@code host}, parsed from {@code [user@]host[:port]}. */
    public static HostPort jumpHost(String host, String text) {
        return new SettingsCheck(host).parseJumpHost(text);
    }

    private HostPort parseJumpHost(String text) {
        String rest = text;
        Optional<String> jumpUser = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            jumpUser = Optional.of(rest.substring(0, at));
            rest = rest.substring(at + 1);
        }
        int jumpPort = 22;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0 && rest.indexOf(':') == colon) {
            try {
                jumpPort = Integer.parseInt(rest.substring(colon + 1));
            } catch (NumberFormatException e) {
                jumpPort = -1;
            }
            rest = rest.substring(0, colon);
        }
        boolean valid = HOST.matcher(rest).matches()
                && jumpPort >= 1
                && jumpPort <= 65535
                && jumpUser.map(name -> USER.matcher(name).matches()).orElse(true);
        check(valid, "jumpHost", "\"" + text + "\" is not [user@]host[:port]");
        return new HostPort(jumpUser, rest, jumpPort);
    }

    /** Longer than zero and at most {@link Durations#MAX}, as every duration dorisops takes. */
    private void checkDuration(Duration duration, String field) {
        try {
            Durations.positive(field, duration);
        } catch (IllegalArgumentException e) {
            check(false, field, e.getMessage().substring(field.length() + 1));
        }
    }

    private void check(boolean ok, String field, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("ssh settings for host " + host + ": " + field + " " + problem
                    + "; fix ssh." + field + " in the topology or the builder call.");
        }
    }
}
