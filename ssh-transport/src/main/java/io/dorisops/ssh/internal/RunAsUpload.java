package io.dorisops.ssh.internal;

import static io.dorisops.DorisOpsException.message;

import io.dorisops.TransportException;
import io.dorisops.spi.Command;
import io.dorisops.spi.ExecResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

/**
 * An upload for a host whose commands run as another user ({@code ssh.runAs}): the files must be that
 * user's own, so the daemon can read its conf and write beside it. SFTP writes as the login user, so:
 *
 * <ol>
 *   <li>Upload, verified, into a fresh staging directory of the login user ({@code
 *       /tmp/.dorisops-upload-RANDOM}, {@code 0711}: others may pass through it, not list it), and make
 *       the staged copy readable ({@code a+rX}).
 *   <li>As the run-as user: copy it beside the target under a temporary name ({@code cp -R}, so the
 *       copy is that user's, with its umask: a conf file 0644) and rename it onto the target (a directory
 *       target must not exist yet).
 *   <li>Remove the staging directory, in every outcome.
 * </ol>
 */
public final class RunAsUpload {

    /** $1 staged copy, $2 target: copies it beside the target as the run-as user and renames it into place. */
    private static final String PLACE = "p=$(dirname \"$2\"); t=\"$p/.$(basename \"$2\").tmp-$$\"; "
            + "mkdir -p \"$p\" || exit 3; rm -rf \"$t\"; cp -R \"$1\" \"$t\" || { rm -rf \"$t\"; exit 3; }; "
            + "if [ -d \"$t\" ] && [ -e \"$2\" ]; then rm -rf \"$t\"; echo \"$2 already exists\" >&2; exit 4; fi; "
            + "mv -f \"$t\" \"$2\" || { rm -rf \"$t\"; exit 3; }";

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final String host;
    private final String subject;
    private final String user;
    private final Function<Command, ExecResult> exec;

    /** @param exec runs a command as the login user (a command naming a user runs as that one) */
    public RunAsUpload(String host, String subject, String user, Function<Command, ExecResult> exec) {
        this.host = host;
        this.subject = subject;
        this.user = user;
        this.exec = exec;
    }

    /**
     * Uploads through a staging directory.
     *
     * @param upload uploads (verified) the source to the path given, as the login user
     */
    public void upload(Path target, java.util.function.Consumer<Path> upload) {
        Path staging = Path.of("/tmp/.dorisops-upload-" + UUID.randomUUID());
        Path staged = staging.resolve(target.getFileName().toString());
        try {
            check(Command.of("mkdir", "-m", "711", "--", staging.toString()), "make the staging directory");
            upload.accept(staged);
            check(Command.of("chmod", "-R", "a+rX", "--", staged.toString()), "open the staged copy to " + user);
            check(
                    Command.script(PLACE, staged.toString(), target.toString()).asUser(user),
                    "put the upload in place as " + user);
        } finally {
            try {
                exec.apply(Command.of("rm", "-rf", "--", staging.toString()).withTimeout(TIMEOUT));
            } catch (RuntimeException e) {
                // Best effort: a staging directory left in /tmp holds only what was uploaded.
            }
        }
    }

    private void check(Command command, String what) {
        ExecResult result = exec.apply(command.withTimeout(TIMEOUT));
        if (!result.succeeded()) {
            throw new TransportException(
                    host,
                    message(
                            subject,
                            "cannot " + what,
                            "",
                            result.tail(3).strip(),
                            "The login user needs `sudo -n -u " + user + "` and " + user
                                    + " write access to the target's directory; nothing was put in place."));
        }
    }
}
