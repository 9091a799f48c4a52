/** Gates as one table: every named gate once in {@link io.dorisops.internal.gate.GateRegistry}; not API. */
package io.dorisops.internal.gate;
