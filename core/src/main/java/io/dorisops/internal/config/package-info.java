/**
 * Configuration as code ({@code docs/config.md}): the three sources of a node's config (what the topology
 * declares, what its conf files hold, what it runs) read through the node's transport, the SQL control
 * plane and the BE's HTTP port, and the drift found between them. Not API.
 */
package io.dorisops.internal.config;
