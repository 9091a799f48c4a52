package io.dorisops.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dorisops.DorisOpsException;
import io.dorisops.Operation;
import io.dorisops.internal.Stamps;
import io.dorisops.internal.action.Action;
import io.dorisops.internal.context.Engine;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One dispatch table performs every action; an operation it cannot perform is refused before its run. */
class ActionHandlersTest extends FakeRunFixture {

    @Test
    void everyActionRecordHasAHandler() {
        List<Class<?>> records = Arrays.stream(Action.class.getPermittedSubclasses())
                .flatMap(c -> c.isInterface() ? Arrays.stream(c.getPermittedSubclasses()) : Stream.of(c))
                .toList();

        assertThat(records).hasSizeGreaterThan(20).allSatisfy(record -> assertThat(
                        ActionHandlers.ALL.handles(record.asSubclass(Action.class)))
                .as(record.getSimpleName())
                .isTrue());
    }

    @Test
    void anOperationWithAnActionNoHandlerTakesIsRefusedBeforeItsRunStartsAndChangesNothing() throws Exception {
        ScaleFake admin = new ScaleFake(cluster);
        Engine engine = new Engine(
                cluster.topology,
                cluster.control(),
                cluster,
                Optional.of(admin),
                options().build());
        Operation scaleIn = new Procedures(engine)
                .planScaleIn(List.of(cluster.topology.node("be-3").orElseThrow()), Duration.ofSeconds(5));
        Runner nodeActionsOnly = new Runner(engine, ActionHandlers.of(List.of(NodeActions::register)));

        assertThatThrownBy(() -> nodeActionsOnly.preflight(scaleIn))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("no handler for step 1 (be-3): decommission; step 2 (be-3): await-drained");
        assertThatThrownBy(() -> nodeActionsOnly.run(scaleIn, Stamps.newStamp()))
                .isInstanceOf(DorisOpsException.class)
                .hasMessageContaining("step 2 (be-3): drop-backend")
                .hasMessageContaining("Nothing was changed");
        assertThat(cluster.log).isEmpty();
        assertThat(admin.decommissioning).isEmpty();
        assertThat(Files.exists(state().resolve("runs"))).isFalse();
    }

    @Test
    void aHandlerGroupCannotTakeAnActionAnotherAlreadyTakes() {
        assertThatThrownBy(() -> ActionHandlers.of(List.of(NodeActions::register, NodeActions::register)))
                .hasMessage("two handlers for Stage");
    }
}
