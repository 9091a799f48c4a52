package io.dorisops;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * Where a cluster's configuration has drifted ({@link Cluster#configDrift()}, {@code dorisops config
 * diff}): for every node, the value the topology declares ({@code config:}, ports, directories), the
 * value in its conf files ({@code fe.conf}/{@code be.conf} and Doris' {@code *_custom.conf}) and the value
 * it runs (FE {@code ADMIN SHOW FRONTEND CONFIG} on that FE, BE {@code /api/show_config} or StarRocks
 * {@code /varz}). Each disagreement names the node, the key, the three values and which value the node
 * runs after its next start. Values of keys that look secret ({@code password}, {@code secret}, {@code
 * token}, {@code credential}, {@code access_key}) are shown as {@code ********}, never in clear.
 *
 * @param differences every disagreement, by node in topology order, then key
 * @param unread the nodes whose conf files or running config could not be read, and why
 */
@Beta
public record ConfigDrift(List<Difference> differences, List<Unread> unread) {

    /** How a value shows when its key looks secret. */
    public static final String HIDDEN = "********";

    public ConfigDrift {
        differences = List.copyOf(requireNonNull(differences, "differences"));
        unread = List.copyOf(requireNonNull(unread, "unread"));
    }

    /** True when every node was read and nothing differs. */
    public boolean clean() {
        return differences.isEmpty() && unread.isEmpty();
    }

    /** What kind of disagreement, with the sentence that explains it. */
    public enum Kind {
        /** The conf files do not hold what the topology declares. */
        FILE_DIFFERS_FROM_TOPOLOGY("the conf files do not hold the value the topology declares"),
        /** The node runs another value than its conf files set. */
        RUNNING_DIFFERS_FROM_FILE("the node runs another value than its conf files set: a live change not written"
                + " to them, or a file edited since the node started"),
        /** The node runs another value than the rest of its role. */
        DIFFERS_IN_ROLE("the node runs another value than the other nodes of its role"),
        /** A master-only FE key differs between this FE and the master. */
        MASTER_ONLY_DIFFERS(
                "a master-only key differs from the master's: a master change would change what the" + " cluster does"),
        /** A key that FEs and BEs must agree on (the disk flood stage) differs between this BE and the master FE. */
        FRONTEND_BACKEND_DIFFER("the FEs and BEs must agree on this key (the FE plans by it, the BE enforces it),"
                + " and this BE runs another value than the master FE"),
        /** A declared or file value is not of the type the node reads for the key. */
        WRONG_TYPE("a value is not of the node's type for the key: a conf file holding it stops the node at its"
                + " next start"),
        /** The topology declares a key the node does not know. */
        UNKNOWN_KEY("the topology declares a key the node does not know: it is ignored at every start");

        private final String sentence;

        Kind(String sentence) {
            this.sentence = sentence;
        }

        /** The explanation of this kind, as the CLI prints it. */
        public String sentence() {
            return sentence;
        }
    }

    /**
     * One key on one node where the sources disagree.
     *
     * @param node the node id
     * @param key the config key
     * @param kind what disagrees
     * @param declared the topology's value, empty when it declares none
     * @param file the conf files' value (the last file that sets it), empty when none sets it
     * @param running the value the node runs, empty when it does not report the key
     * @param nextStart the value the node runs after its next start: the file value, or empty for the
     *     node's built-in default
     * @param nextStartFrom where {@code nextStart} comes from: the conf file ({@code conf/be_custom.conf})
     *     or {@code default}
     * @param note more for the reader: the other nodes' values, a "did you mean"
     */
    public record Difference(
            String node,
            String key,
            Kind kind,
            Optional<String> declared,
            Optional<String> file,
            Optional<String> running,
            Optional<String> nextStart,
            String nextStartFrom,
            String note) {
        public Difference {
            requireNonNull(node, "node");
            requireNonNull(key, "key");
            requireNonNull(kind, "kind");
            requireNonNull(declared, "declared");
            requireNonNull(file, "file");
            requireNonNull(running, "running");
            requireNonNull(nextStart, "nextStart");
            requireNonNull(nextStartFrom, "nextStartFrom");
            requireNonNull(note, "note");
        }
    }

    /**
     * A node whose config could not be read: its differences are unknown.
     *
     * @param node the node id
     * @param reason what could not be read and why
     */
    public record Unread(String node, String reason) {
        public Unread {
            requireNonNull(node, "node");
            requireNonNull(reason, "reason");
        }
    }
}
