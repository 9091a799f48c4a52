package io.dorisops.internal.host;

/**
 * The constant shell scripts {@link HostNodeControl}'s capabilities run in a node's home. Each takes its values as
 * positional parameters ({@code $1}, {@code $2}, …, passed by {@link io.dorisops.spi.Command#script}),
 * never as text pasted into the script, so no home, path or stamp is ever parsed as shell. Only
 * {@code bin}, {@code lib}, their backups, the staging area and the run marker under {@code
 * .dorisops/} are moved; data directories are only ever set aside whole, by {@link
 * #SET_ASIDE_STORAGE}.
 */
public final class HostScripts {

    private HostScripts() {}

    /**
     * Shell test: process {@code $p} exists and is not a zombie. A killed daemon whose parent is gone
     * stays a zombie where init does not reap it (some containers); it is not running.
     */
    private static final String LIVE = "[ -r /proc/$p/stat ] && [ \"$(sed 's/.*) //' /proc/$p/stat | cut -c1)\" != Z ]";

    /** $1 pid file: prints {@code PID alive}, {@code PID} (not running) or nothing (no pid). */
    static final String PID_STATE = "p=$(cat \"$1\" 2>/dev/null | tr -dc 0-9); if [ -n \"$p\" ] && " + LIVE
            + "; then echo \"$p alive\"; else echo \"$p\"; fi";

    /** $1 pid: exits 0 when that process lives. */
    static final String PROCESS_ALIVE = "p=\"$1\"; " + LIVE;

    /** $1 stamp, $2 home: moves bin and lib to {@code <d>_backup_<stamp>}, once; exit 2 when one is missing. */
    static final String BACKUP = "for d in bin lib; do if [ -e \"${d}_backup_$1\" ]; then continue; fi; "
            + "if [ ! -d \"$d\" ]; then echo \"no $d/ (a directory) in $2\" >&2; exit 2; fi; "
            + "mv \"$d\" \"${d}_backup_$1\" || exit 3; done";

    /** $1 staged directory: moves its bin and lib into the home where they are absent. */
    static final String DEPLOY = "for d in bin lib; do if [ -e \"$d\" ]; then continue; fi; "
            + "if [ ! -d \"$1/$d\" ]; then echo \"nothing staged at $1/$d\" >&2; exit 2; fi; "
            + "mv \"$1/$d\" \"$d\" || exit 3; done; rmdir \"$1\" 2>/dev/null; true";

    /**
     * $1 stamp, $2 staged dir: puts the backups back. What they replace goes back to the staged dir when
     * that is empty (the deploy it came from is undone, so a resume deploys it again), else is kept as
     * {@code <d>_failed_<stamp>_<time>}.
     */
    static final String RESTORE = "for d in bin lib; do if [ ! -e \"${d}_backup_$1\" ]; then continue; fi; "
            + "if [ -e \"$d\" ]; then if [ ! -e \"$2/$d\" ]; then mkdir -p \"$2\" && mv \"$d\" \"$2/$d\" || exit 3; "
            + "else mv \"$d\" \"${d}_failed_$1_$(date +%s)\" || exit 3; fi; fi; "
            + "mv \"${d}_backup_$1\" \"$d\" || exit 3; done";

    /**
     * $1 stamp, $2 conf file, $3 home: moves each {@code storage_root_path} directory (default {@code
     * <home>/storage}; {@code ${DORIS_HOME}} and {@code ${STARROCKS_HOME}} expanded; {@code ,medium:SSD}
     * dropped) to {@code <dir>_aside_<stamp>} and makes it again, empty.
     */
    static final String SET_ASIDE_STORAGE =
            "v=$(grep -E '^[[:space:]]*storage_root_path[[:space:]]*=' \"$2\" 2>/dev/null | tail -n 1 | "
                    + "sed 's/^[^=]*=//'); [ -n \"$(echo \"$v\" | tr -d ' ')\" ] || v=\"$3/storage\"; "
                    + "echo \"$v\" | tr ';' '\\n' | while IFS= read -r e; do "
                    + "p=$(echo \"${e%%,*}\" | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "
                    + "-e \"s|\\\\\\${DORIS_HOME}|$3|\" -e \"s|\\\\\\${STARROCKS_HOME}|$3|\"); "
                    + "[ -n \"$p\" ] || continue; a=\"${p}_aside_$1\"; "
                    + "if [ -e \"$p\" ] && [ ! -e \"$a\" ]; then mv \"$p\" \"$a\" || exit 3; fi; "
                    + "mkdir -p \"$p\" || exit 3; done";

    /**
     * A shell function: {@code forbidden DIR} prints (at most 20 of each) what an unpacking must never
     * produce under DIR: a device, FIFO or socket, a setuid, setgid or world-writable file or
     * directory, a symbolic link resolving outside DIR (followed to its end, {@code ..} after a link
     * included).
     */
    private static final String FORBIDDEN = "forbidden() { r=$(cd \"$1\" && pwd -P) || return 0; "
            + "find \"$1\" \\( -type b -o -type c -o -type p -o -type s -o \\( ! -type l \\( -perm -4000 "
            + "-o -perm -2000 -o -perm -0002 \\) \\) \\) -print | head -n 20; "
            + "find \"$1\" -type l | while IFS= read -r l; do "
            + "t=$(realpath -m \"$l\" 2>/dev/null || readlink -f \"$l\"); "
            + "case \"$t\" in \"$r\"|\"$r\"/*) ;; *) echo \"$l -> $(readlink \"$l\")\";; esac; done | head -n 20; }; ";

    /**
     * Extracts $1 package, $2.. members into the current directory, {@code --no-same-owner
     * --no-same-permissions} under umask 022 (no mode of the package is applied as such), then exits 5
     * printing anything forbidden it produced.
     */
    private static final String UNPACK_CHECKED = "unpack() { p=\"$1\"; shift; umask 022; "
            + "tar -xzf \"$p\" --no-same-owner --no-same-permissions --strip-components=2 \"$@\" || exit 3; "
            + "bad=$(forbidden .); if [ -n \"$bad\" ]; then echo \"unpacking produced what a package must not hold: "
            + "$(echo \"$bad\" | tr '\\n' ' ')\" >&2; exit 5; fi; }; ";

    /** The shell functions {@code forbidden DIR} and {@code unpack PACKAGE MEMBER...}, to begin a script with. */
    public static final String CHECKED_UNPACK = FORBIDDEN + UNPACK_CHECKED;

    /**
     * $1 staged directory, $2 package on the host, $3 stamp, $4 component in the package: extracts
     * the component's bin and lib into {@code $1.partial}, checks them ({@link #FORBIDDEN}) and renames
     * that to $1, so $1 is only ever a whole staging; nothing to do when already backed up and deployed
     * or staged. A {@code .partial} left by a killed run is removed and extracted again.
     */
    static final String STAGE = CHECKED_UNPACK
            + "if [ -d \"bin_backup_$3\" ] && [ -d bin ]; then exit 0; fi; "
            + "if [ -d \"$1/bin\" ] && [ -d \"$1/lib\" ]; then exit 0; fi; "
            + "t=\"$1.partial\"; rm -rf \"$t\" && mkdir -p \"$t\" || exit 3; "
            + "( cd \"$t\" && unpack \"$2\" \"$4/bin\" \"$4/lib\" ) || { c=$?; rm -rf \"$t\"; exit $c; }; "
            + "rm -rf \"$1\" && mv \"$t\" \"$1\"";

    /**
     * $1 home, $2 package on the host, $3 component in the package, $4 version, $5 marker file: extracts
     * the component into {@code $1/.dorisops/install.partial}, checks it ({@link #FORBIDDEN}), copies it
     * into the home and writes the marker.
     */
    static final String INSTALL = CHECKED_UNPACK
            + "t=\"$1/.dorisops/install.partial\"; rm -rf \"$t\" && mkdir -p \"$t\" || exit 3; "
            + "( cd \"$t\" && unpack \"$2\" \"$3\" ) || { c=$?; rm -rf \"$t\"; exit $c; }; "
            + "if [ ! -d \"$t/bin\" ] || [ ! -d \"$t/lib\" ]; then rm -rf \"$t\"; "
            + "echo \"no bin/ and lib/ after extracting $3\" >&2; exit 4; fi; "
            + "cp -a \"$t\"/. \"$1\"/ && rm -rf \"$t\" || exit 3; cd \"$1\" && "
            + "printf '%s\\n' \"$4\" > \"$5.tmp\" && mv \"$5.tmp\" \"$5\"";

    /** $1 file: prints its SHA-512 (lower-case hex); exit 2 when it is absent. */
    static final String SHA512 = "[ -f \"$1\" ] || exit 2; if command -v sha512sum >/dev/null 2>&1; then "
            + "sha512sum < \"$1\"; else shasum -a 512 < \"$1\"; fi | cut -d' ' -f1";

    /** $1 keep + 1: removes all but the newest uploaded packages (named {@code <stamp>-<file>}). */
    static final String PRUNE_STAGED =
            "cd .dorisops/packages 2>/dev/null || exit 0; ls -1 | sort -r | tail -n +\"$1\" | "
                    + "while IFS= read -r f; do rm -f -- \"$f\"; done";

    /**
     * $1 run id, $2 holder, $3 run id to take over (or empty): creates the run marker atomically
     * (noclobber), exit 0 when it is ours; else prints the holder's line and exits 3.
     */
    static final String CLAIM = "mkdir -p .dorisops || exit 4; f=.dorisops/run.lock; "
            + "if ( set -C; printf '%s %s\\n' \"$1\" \"$2\" > \"$f\" ) 2>/dev/null; then exit 0; fi; "
            + "h=$(head -c 1000 \"$f\"); case \"$h\" in \"$1 \"*) exit 0;; esac; "
            + "if [ -n \"$3\" ]; then case \"$h\" in \"$3 \"*) printf '%s %s\\n' \"$1\" \"$2\" > \"$f\"; exit 0;; "
            + "esac; fi; printf '%s' \"$h\"; exit 3";

    /** $1 run id: removes the run marker when that run holds it. */
    static final String RELEASE =
            "f=.dorisops/run.lock; case \"$(head -c 1000 \"$f\" 2>/dev/null)\" in \"$1 \"*) rm -f \"$f\";; esac";

    /** $1 directory: prints the free kilobytes of its file system. */
    static final String FREE_KILOBYTES = "df -Pk \"$1\" | awk 'NR==2{print $4}'";
}
