package io.dorisops.testkit;

import static java.util.Objects.requireNonNull;

import io.dorisops.Node;
import io.dorisops.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs a {@link Sandbox} for a test class or for each test, and checks that
 * no simulated process leaked. Register it with {@code @RegisterExtension}: a {@code static} field
 * for {@link #perClass}, an instance field for {@link #perTest}.
 *
 * <pre>{@code
 * class MyOpsTest {
 *     @RegisterExtension
 *     static final SandboxExtension SANDBOX =
 *             SandboxExtension.perClass(Sandbox.builder().followers(3).backends(3));
 *
 *     @Test
 *     void survivesMasterLoss() {
 *         SANDBOX.faults().kill("fe-1");
 *         // ... drive your ops code against SANDBOX.topology()
 *     }
 * }
 * }</pre>
 *
 * <p>After each test: per class, every fault is cleared and the extension fails the test when a
 * process of the sandbox runs that is not one of its nodes (e.g. a second copy started by hand);
 * per test, and after the class, the sandbox is closed and the test fails when any of its processes
 * is still alive.
 */
public final class SandboxExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final Sandbox.Builder builder;
    private final boolean perTest;
    private Sandbox sandbox;

    private SandboxExtension(Sandbox.Builder builder, boolean perTest) {
        this.builder = requireNonNull(builder, "builder");
        this.perTest = perTest;
    }

    /** One sandbox for the whole test class (register on a {@code static} field). */
    public static SandboxExtension perClass(Sandbox.Builder builder) {
        return new SandboxExtension(builder, false);
    }

    /** A fresh sandbox for every test (register on an instance field). */
    public static SandboxExtension perTest(Sandbox.Builder builder) {
        return new SandboxExtension(builder, true);
    }

    /**
     * The running sandbox.
     *
     * @throws IllegalStateException outside a test
     */
    public Sandbox sandbox() {
        if (sandbox == null) {
            throw new IllegalStateException("the sandbox runs only during a test; register SandboxExtension with"
                    + " @RegisterExtension (static for perClass)");
        }
        return sandbox;
    }

    /** The running sandbox's faults. */
    public Faults faults() {
        return sandbox().faults();
    }

    /** The running sandbox's topology. */
    public Topology topology() {
        return sandbox().topology();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!perTest) {
            sandbox = builder.start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (perTest) {
            sandbox = builder.start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            closeAndCheck();
            return;
        }
        if (sandbox == null) {
            return;
        }
        sandbox.nodes().forEach(node -> sandbox.faults().clear(node.id()));
        Set<Long> nodePids = sandbox.nodes().stream()
                .map(Node::id)
                .map(sandbox::pid)
                .filter(pid -> pid.isPresent())
                .map(pid -> pid.getAsLong())
                .collect(Collectors.toSet());
        List<Long> strays = new ArrayList<>(sandbox.processes());
        strays.removeAll(nodePids);
        if (!strays.isEmpty()) {
            strays.forEach(io.dorisops.testkit.internal.Procs::kill);
            throw new AssertionError("sandbox " + sandbox.dir() + ": processes " + strays
                    + " leaked (they belong to no node's pid file) and were killed; stop what a test starts");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (!perTest) {
            closeAndCheck();
        }
    }

    private void closeAndCheck() {
        if (sandbox == null) {
            return;
        }
        Sandbox closing = sandbox;
        sandbox = null;
        List<Long> pids = closing.processes();
        closing.close();
        List<Long> alive =
                pids.stream().filter(io.dorisops.testkit.internal.Procs::alive).toList();
        if (!alive.isEmpty()) {
            alive.forEach(io.dorisops.testkit.internal.Procs::kill);
            throw new AssertionError("sandbox " + closing.dir() + ": processes " + alive
                    + " were still alive after close() and were killed");
        }
    }
}
