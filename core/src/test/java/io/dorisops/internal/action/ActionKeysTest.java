package io.dorisops.internal.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.dorisops.Version;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** An action's key names it in journals already written: every key stays exactly what it was. */
class ActionKeysTest {

    @Test
    void everyActionKeepsItsJournalKey() {
        Version v = Version.parse("2.1.8");
        String stamp = "20261201_093000";
        Map<Action, String> keys = new LinkedHashMap<>();
        keys.put(new Action.Stage("p.tar.gz"), "stage");
        keys.put(new Action.Stop(), "stop");
        keys.put(new Action.Backup(stamp), "backup");
        keys.put(new Action.Deploy(stamp, v), "deploy");
        keys.put(new Action.Start(), "start");
        keys.put(new Action.AwaitReady(Optional.of(v), true), "await-ready");
        keys.put(new Action.Restore(stamp), "restore");
        keys.put(new Action.CreateImage(), "create-image");
        keys.put(new Action.Decommission(), "decommission");
        keys.put(new Action.CancelDecommission(), "cancel-decommission");
        keys.put(new Action.AwaitDrained(Duration.ofSeconds(1)), "await-drained");
        keys.put(new Action.DropBackend(false), "drop-backend");
        keys.put(new Action.DropFrontend(), "drop-frontend");
        keys.put(new Action.AwaitNewMaster(), "await-new-master");
        keys.put(new Action.AwaitSoak(v, Duration.ofSeconds(1)), "await-soak");
        keys.put(new Action.SetAsideStorage(stamp), "set-aside-storage");
        keys.put(new Action.AwaitTabletsHealthy(), "await-tablets-healthy");
        keys.put(new Action.PatchImage("be", "x:1"), "patch-image");
        keys.put(new Action.PatchReplicas("be", 3), "patch-replicas");
        keys.put(new Action.AwaitRollout("be", Optional.empty()), "await-rollout");
        keys.put(new Action.DrainMembers("be", List.of("be-2")), "drain");
        keys.put(new Action.DropMembers("cn", List.of("cn-1")), "drop");
        keys.put(new Action.Install("p.tar.gz", v), "install");
        keys.put(new Action.WriteConf(), "write-conf");
        keys.put(new Action.AddMember(), "add");
        keys.put(new Action.DisableBackend(), "disable-backend");
        keys.put(new Action.AwaitIdle(Duration.ofSeconds(1)), "await-idle");
        keys.put(new Action.EnableBackend(), "enable-backend");
        keys.put(new Action.SubmitBackup("shop", List.of(), "nightly", "l1"), "submit-backup");
        keys.put(new Action.AwaitBackup("shop", "l1", Duration.ofMinutes(30), Map.of()), "await-backup");

        keys.forEach(
                (action, key) -> assertThat(action.key()).as(action.toString()).isEqualTo(key));
        assertThat(keys).hasSize(records()); // a new action gets a line here
    }

    /** How many action records there are. */
    static int records() {
        return (int) Arrays.stream(Action.class.getPermittedSubclasses())
                .flatMap(c -> c.isInterface() ? Arrays.stream(c.getPermittedSubclasses()) : Stream.of(c))
                .count();
    }
}
