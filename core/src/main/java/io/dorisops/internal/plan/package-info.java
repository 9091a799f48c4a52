/**
 * Plan builders ({@link io.dorisops.internal.plan.Plans}, {@link io.dorisops.internal.plan.UpgradePlanner}):
 * one per procedure, pure functions of the topology and what was read from the cluster once, with the
 * rolling order, drains, canary, batches and the plan's basis; below the runner, which runs what they
 * return; not API.
 */
package io.dorisops.internal.plan;
