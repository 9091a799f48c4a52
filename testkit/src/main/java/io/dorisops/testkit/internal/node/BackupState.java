package io.dorisops.testkit.internal.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the catalog keeps of backup and restore (docs/backup.md): the repositories and the jobs, replicated
 * to every FE with the rest of the catalog, so {@code SHOW BACKUP} answers on any FE and a new master
 * carries on with the jobs.
 */
public final class BackupState {
    private BackupState() {}

    /** A repository: an S3 location and the properties to reach it (credentials: never logged or shown). */
    public static final class Repository {
        public long id;
        public String name;
        public boolean readOnly;
        public String type;
        public String location;
        public long createTime;
        public Map<String, String> properties = new LinkedHashMap<>();

        @Override
        public String toString() {
            return "Repository[" + name + " " + location + "]";
        }
    }

    /** One upload (backup) or download (restore) task: one tablet's rows. */
    public static final class Task {
        public long id;
        public long backendId;
        public String table;
        /** The snapshot's ids of the tablet's database and table (a restore reads its object by them). */
        public long dbId;

        public long tableId;
        public long tabletId;
        /** The tablet's index in its partition (a restore puts its rows into the same index). */
        public int index;
        /** The version the snapshot holds (backup). */
        public long version;

        public long rows;
        public boolean done;
        public String error = "";
    }

    /** A backup or restore job and where it is. */
    public static final class Job {
        public long id;
        public boolean restore;
        public String db;
        public String label;
        public String repository;
        public String state;
        public long createTime;
        public long stateSince;
        public long snapshotFinishedTime;
        /** A backup's upload finished, a restore's download. */
        public long uploadFinishedTime;

        public long metaPreparedTime;
        public long finishedTime;
        /** The snapshot's timestamp: a backup's own, a restore's {@code backup_timestamp}. */
        public String timestamp = "";
        /** The tables: a backup's names, a restore's "source" or "source AS target". */
        public List<String> tables = new ArrayList<>();

        public List<Task> tasks = new ArrayList<>();
        public String status = "[OK]";
        public long timeoutSeconds = 86400;
        public int replicationNum;

        boolean done() {
            return state.equals("FINISHED") || state.equals("CANCELLED");
        }
    }
}
