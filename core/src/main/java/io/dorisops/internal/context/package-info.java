/**
 * What every run's parts share ({@link io.dorisops.internal.context.Engine}): the topology, the node
 * control, the probe, the SQL control plane and the options; the live view of the nodes, readiness,
 * the run's waiter and clock, its events, and which cluster a run belongs to; imports no other engine
 * package but {@code internal.pkg}; not API.
 */
package io.dorisops.internal.context;
